// Prompts → coverage items: normalize the text, phonemize it with the G2P, and cut the IPA into phone and diphone units.
import type { G2p } from '../text/g2p';
import { normalizeText } from '../text/normalize';
import type { CoverageItem } from './coverage';
import { sentenceUnits, type UnitLanguage } from './ipa-units';

export interface AnalyzeOptions {
  keepStress?: boolean;
  /** Called every 1,000 prompts; analysis of 23k sentences takes seconds. */
  onProgress?: (current: number, total: number) => void;
}

const G2P_LANGUAGE: Record<UnitLanguage, string> = { en: 'en-US', de: 'de-DE' };

export function analyzePrompts(prompts: ReadonlyArray<{ id: string; text: string }>, g2p: G2p, language: UnitLanguage, options: AnalyzeOptions = {}): CoverageItem[] {
  const unitOptions = { language, keepStress: options.keepStress ?? false };
  return prompts.map((p, i) => {
    if (options.onProgress && i % 1000 === 0) options.onProgress(i, prompts.length);
    // Numbers and abbreviations are read out as words, so their sounds count too.
    const spoken = normalizeText(p.text, language).text;
    const words = g2p.phonemize(spoken, G2P_LANGUAGE[language]).words;
    const units = sentenceUnits(words.map((w) => w.ipa), unitOptions);
    return { id: p.id, text: p.text, phones: units.phones, diphones: units.diphones, chars: p.text.length, words: words.length };
  });
}
