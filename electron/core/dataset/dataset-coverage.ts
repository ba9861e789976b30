// Phone and diphone coverage of a dataset's kept texts, measured against the language's reference inventory (phone-inventory.ts).
import type { CoverageReportSchema } from '../../shared/domains/datasets';
import type { z } from 'zod';
import { measureCoverage, type CoverageItem } from '../corpus/coverage';
import type { UnitLanguage } from '../corpus/ipa-units';
import type { G2pLanguage } from '../text/g2p';
import { PHONE_INVENTORIES } from './phone-inventory';

export type CoverageReport = z.infer<typeof CoverageReportSchema>;

/** How one dataset language is phonemized and cut into units, and which inventory it is measured against. */
export interface CoverageLanguage { g2p: G2pLanguage; units: UnitLanguage; inventory: string }

/** The coverage setup for a dataset language ('en-US', 'de', ...); null when there is no reference inventory for it. */
export function coverageLanguage(language: string): CoverageLanguage | null {
  const l = language.toLowerCase();
  if (l.startsWith('de')) return { g2p: 'de-DE', units: 'de', inventory: 'de-DE' };
  if (l === 'en-gb' || l.startsWith('en-gb-')) return { g2p: 'en-GB', units: 'en', inventory: 'en-GB' };
  if (l === 'en' || l.startsWith('en-')) return { g2p: 'en-US', units: 'en', inventory: 'en-US' };
  return null;
}

/** Sums what the workers found per kept take into the report's coverage section. */
export class CoverageTally {
  private readonly counts = new Map<string, number>();
  private readonly diphones = new Set<string>();

  add(units: { phoneCounts: Record<string, number>; diphones: readonly string[] }): void {
    for (const [p, n] of Object.entries(units.phoneCounts)) this.counts.set(p, (this.counts.get(p) ?? 0) + n);
    for (const d of units.diphones) this.diphones.add(d);
  }

  report(language: CoverageLanguage): CoverageReport {
    const inventory = PHONE_INVENTORIES[language.inventory];
    if (!inventory) throw new Error(`No phone inventory for ${language.inventory}: regenerate phone-inventory.ts.`);
    const item = (phones: readonly string[], diphones: readonly string[]): CoverageItem => ({ id: '', text: '', phones, diphones, chars: 0, words: 0 });
    const measured = measureCoverage([item([...this.counts.keys()], [...this.diphones])], [item(inventory.phones, inventory.diphones)]);
    // Most frequent first; equal counts (the zeros above all) in inventory order, so the list is stable.
    const phoneCounts = inventory.phones.map((phone) => ({ phone, count: this.counts.get(phone) ?? 0 }))
      .sort((a, b) => b.count - a.count || (a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0));
    return {
      phones: { covered: measured.phones.covered, total: measured.phones.total },
      diphones: { covered: measured.diphones.covered, total: measured.diphones.total },
      phoneCounts,
    };
  }
}
