// Coverage-driven scripts in a workspace: pick the prompts of a large pool that cover the language best, report the coverage, suggest gap-fillers.
import type { z } from 'zod';
import type { corpusCalls, ScriptSelectionResult } from '../../shared/domains/corpus';
import { ApiError } from '../../shared/errors';
import * as repo from '../db/corpus.repo';
import type { JobContext } from '../jobs/job-runner';
import type { G2p } from '../text/g2p';
import type { Workspace } from '../workspace/workspace';
import { analyzePrompts } from './coverage-analyze';
import { measureCoverage, selectPrompts, suggestNext, type CoverageItem } from './coverage';
import { importPrompts } from './prompts-import';

type In<K extends keyof typeof corpusCalls> = z.output<(typeof corpusCalls)[K]['input']>;
type Out<K extends keyof typeof corpusCalls> = z.output<(typeof corpusCalls)[K]['output']>;

const unitLanguage = (language: string): 'en' | 'de' => (language.startsWith('de') ? 'de' : 'en');
const toItem = (r: { key: string; text: string; units: repo.PromptUnits }): CoverageItem => ({ id: r.key, text: r.text, ...r.units });
const ratio = (r: { covered: number; total: number }) => ({ covered: r.covered, total: r.total });

/** A seeded shuffle (mulberry32) so the random baseline is the same on every run. */
function randomSample<T>(items: readonly T[], n: number, seed = 1234): T[] {
  const a = [...items];
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

export async function runSelectScript(ws: Workspace, g2p: () => Promise<G2p>, ctx: JobContext<In<'corpus:selectScript'>>): Promise<ScriptSelectionResult> {
  const p = ctx.params;
  const language = repo.speakerLanguage(ws.db, p.speakerId);
  if (!language) throw new ApiError('not_found', `There is no speaker ${p.speakerId}.`);
  ctx.progress('Reading the pool', 0, 0);
  const parsed = importPrompts(Buffer.from(p.content, 'base64'), {
    ...(p.format ? { format: p.format } : {}),
    ...(p.encoding ? { encoding: p.encoding } : {}),
    language: unitLanguage(language),
  });
  if (!parsed.ok) {
    const e = parsed.error;
    throw new ApiError('invalid_input', `${p.fileName}: ${e.message}`,
      e.suggestedEncoding ? `Choose the encoding ${e.suggestedEncoding}, or save the file as UTF-8.` : 'Nothing was imported; fix the lines named and try again.');
  }
  const engine = await g2p();
  const prompts = parsed.value.prompts;
  // The G2P of every distinct word is the slow part (seconds for 23k sentences): progress in thousands.
  const pool = analyzePrompts(prompts, engine, unitLanguage(language), {
    onProgress: (done, total) => ctx.progress('Finding the sounds of each sentence', done, total),
  });
  if (ctx.signal.aborted) throw new ApiError('cancelled', 'The selection was cancelled; nothing was imported.');
  ctx.progress('Choosing prompts', prompts.length, prompts.length);
  const options = { count: p.count, minWords: p.minWords, maxWords: p.maxWords };
  const selection = selectPrompts(pool, options);
  if (selection.picks.length === 0) {
    throw new ApiError('invalid_input', `No sentence of ${p.fileName} has ${p.minWords}–${p.maxWords} words.`, 'Widen the length limits.');
  }
  const byId = new Map(pool.map((item) => [item.id, item]));
  const unitsOf = (item: CoverageItem): repo.PromptUnits => ({ phones: [...item.phones], diphones: [...item.diphones], chars: item.chars, words: item.words });
  const picked = new Set(selection.picks.map((k) => k.id));
  const picks = selection.picks.map((k) => ({ key: k.id, text: k.text, units: unitsOf(byId.get(k.id)!) }));
  const rest = pool.filter((item) => !picked.has(item.id)).map((item) => ({ key: item.id, text: item.text, units: unitsOf(item) }));
  const committed = repo.commitSelection(ws.db, p.speakerId, picks, rest);

  const eligible = pool.filter((item) => item.words >= p.minWords && item.words <= p.maxWords);
  const random = measureCoverage(randomSample(eligible, selection.picks.length), eligible);
  const step = Math.max(1, Math.ceil(selection.curve.length / 100));
  const warnings = parsed.value.warnings.map((w) => w.message);
  if (committed.skipped > 0) warnings.push(`${committed.skipped} chosen prompt id(s) were already in the script and were kept as they were.`);
  if (selection.picks.length < p.count) warnings.push(`Only ${selection.picks.length} sentences have ${p.minWords}–${p.maxWords} words; all of them were taken.`);
  return {
    imported: committed.added,
    pooled: committed.pooled,
    poolTotal: prompts.length,
    coverage: { phones: ratio(selection.coverage.phones), diphones: ratio(selection.coverage.diphones) },
    randomCoverage: { phones: ratio(random.phones), diphones: ratio(random.diphones) },
    curve: selection.curve.filter((_, i) => i % step === step - 1 || i === selection.curve.length - 1),
    missing: { phones: selection.missing.phones, diphones: selection.missing.diphones.length },
    excluded: selection.excluded,
    warnings,
  };
}

/** Coverage of the script against everything known for the speaker (script + pool), and the pool prompts that fill the gaps best. */
export async function scriptCoverage(ws: Workspace, g2p: () => Promise<G2p>, { speakerId, suggest }: In<'corpus:coverage'>): Promise<Out<'corpus:coverage'>> {
  const language = repo.speakerLanguage(ws.db, speakerId);
  if (!language) throw new ApiError('not_found', `There is no speaker ${speakerId}.`);
  const script = repo.scriptUnits(ws.db, speakerId);
  // Prompts imported line by line have no units yet: analyse them once and keep the result.
  const missing = script.filter((r) => r.units === null);
  if (missing.length > 0) {
    const items = analyzePrompts(missing.map((r) => ({ id: r.key, text: r.text })), await g2p(), unitLanguage(language));
    const units = items.map((item) => ({ key: item.id, units: { phones: [...item.phones], diphones: [...item.diphones], chars: item.chars, words: item.words } }));
    repo.setPromptUnits(ws.db, speakerId, units);
    const byKey = new Map(units.map((u) => [u.key, u.units]));
    for (const r of script) r.units ??= byKey.get(r.key) ?? null;
  }
  const scriptItems = script.map((r) => toItem({ ...r, units: r.units! }));
  const pool = repo.poolUnits(ws.db, speakerId).map(toItem);
  const all = [...scriptItems, ...pool];
  const coverage = measureCoverage(scriptItems, all);
  const covered = new Set(scriptItems.flatMap((i) => i.phones));
  const missingPhones = [...new Set(all.flatMap((i) => i.phones))].filter((ph) => !covered.has(ph)).sort();
  const suggestions = suggest > 0 && pool.length > 0
    ? suggestNext(scriptItems.map((i) => i.id), all, suggest).filter((s) => s.missingUnits.length > 0)
    : [];
  return {
    coverage: { phones: ratio(coverage.phones), diphones: ratio(coverage.diphones) },
    poolSize: pool.length,
    missingPhones,
    suggestions: suggestions.map((s) => ({ key: s.id, text: s.text, newUnits: s.missingUnits })),
  };
}
