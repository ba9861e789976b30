// Builds a training dataset from recorded takes: text checks and ordering here, the audio work in worker threads, all into a temp folder.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { normalizeText } from '../text/normalize';
import { IPA_ESPEAK, textToIds, TACOTRON2_ENGLISH } from '../text/symbols';
import { createG2p, type G2p } from '../text/g2p';
import { encodePhonemes, phonemizeForModel } from '../text/g2p-phonemes';
import type { Lexicon } from '../text/lexicon';
import { writeFileAtomic } from '../fs/atomic';
import { DatasetJsonSchema, formatMetadata, formatPhonemes, PHONEMES_FILE, splitTrainVal, type DatasetJson } from './dataset-format';
import { CoverageTally, coverageLanguage, type CoverageReport } from './dataset-coverage';
import { defaultPoolSize, resolveWorkerEntry, WorkerPool } from './dataset-pool';
import type { TakeOutcome, TakeSettings, TakeTask } from './dataset-take';

/** One take to include: any format decodeAudio reads (WAV, FLAC, MP3, Ogg). */
export interface BuildSource {
  id: string;
  text: string;
  wavPath: string;
  /** The narrator's trim points, seconds of the raw take: used as they are (no margin) when both are set. */
  trimStart?: number | null;
  trimEnd?: number | null;
}
export interface BuildOptions {
  name: string;
  language: string;
  sampleRate: number;
  marginMs: number;
  targetLufs: number;
  valFraction: number;
  minSeconds: number;
  maxSeconds: number;
  minSnrDb: number;
  /** The workspace lexicon: overrides espeak for the words it lists when an ipa-espeak dataset is phonemized. */
  lexicon?: Lexicon;
}
export const defaultBuildOptions: Omit<BuildOptions, 'name' | 'language'> = {
  sampleRate: 22050, marginMs: 150, targetLufs: -20, valFraction: 0.05, minSeconds: 0.5, maxSeconds: 15, minSnrDb: 20,
};
export interface BuildContext {
  signal?: AbortSignal;
  progress?: (step: string, done: number, total: number) => void;
  /** Worker threads for the audio work; default min(2, CPU cores). The result is the same for any count. */
  workers?: number;
  /** The worker module; tests put a worker that dies here. Default: dataset-build.worker next to this code. */
  workerEntry?: URL;
}

export type OutlierReason = 'too_short' | 'too_long' | 'clipped' | 'low_snr' | 'unknown_symbols' | 'empty_text' | 'duplicate_text' | 'rate_outlier' | 'unreadable';
export interface Outlier {
  id: string;
  reason: OutlierReason;
  detail: string;
  rejected: boolean;
  /** Absolute path of audio to listen to: the dataset's clip when kept, else the raw take (null when it cannot be read). */
  audio: string | null;
}
export interface BuildReport {
  utterances: number;
  seconds: number;
  rejected: number;
  outliers: Outlier[];
  durations: number[];
  charsPerSecond: number[];
  coverage: CoverageReport | null;
}

interface Kept { id: string; raw: string; normalized: string; phonemes: string; seconds: number; cps: number }
type Verdict = { kept: true; seconds: number } | { kept: false; reason: OutlierReason; detail: string };

/** Cleans like NVIDIA's english_cleaners: lowercase, collapse whitespace (numbers are already expanded). */
function cleanEnglish(s: string): string {
  return s.toLowerCase().replace(/[“”„]/g, '"').replace(/[‘’]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ').trim();
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

interface TextPlan {
  normalized: string[];
  /** ipa-espeak: each take's phoneme string (phonemes.csv); empty for letter datasets. */
  phonemes: string[];
  verdicts: (Verdict | undefined)[];
  /** Takes with the same text, in source order: only the first whose audio passes is kept. */
  groups: number[][];
}

/** How an ipa-espeak dataset is phonemized: the studio's espeak voice for the language, with the workspace lexicon. */
interface PhonemePlan { g2p: G2p; language: string; lexicon: Lexicon | undefined }

/** The text half, on this thread and in source order: what cannot be said is rejected before any audio is read. */
async function planTexts(sources: readonly BuildSource[], lang: 'en' | 'de', ipa: PhonemePlan | null): Promise<TextPlan> {
  const normalized: string[] = [];
  const phonemes: string[] = [];
  const verdicts: (Verdict | undefined)[] = [];
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < sources.length; i++) {
    if (i % 256 === 255) await yieldToLoop();
    const n = normalizeText(sources[i]!.text, lang).text.trim();
    normalized.push(n);
    if (!/[\p{L}\p{N}]/u.test(n)) { verdicts[i] = { kept: false, reason: 'empty_text', detail: 'The prompt has no speakable text.' }; continue; }
    if (ipa) {
      const p = phonemizeForModel(n, ipa.language, ipa.g2p, ipa.lexicon);
      const enc = encodePhonemes(p);
      if (enc.unknown.length > 0) {
        verdicts[i] = { kept: false, reason: 'unknown_symbols', detail: `Characters or sounds the voice has no symbol for: ${[...new Set(enc.unknown.map((u) => u.symbol))].join(' ')} (in “${p.phonemes}”)` };
        continue;
      }
      phonemes[i] = p.phonemes;
    } else if (lang === 'en') {
      const unknown = textToIds(cleanEnglish(n), TACOTRON2_ENGLISH).unknown;
      if (unknown.length > 0) {
        verdicts[i] = { kept: false, reason: 'unknown_symbols', detail: `Characters the voice cannot say: ${[...new Set(unknown.map((u) => u.symbol))].join(' ')}` };
        continue;
      }
    }
    const key = n.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const group = byKey.get(key);
    if (group) group.push(i);
    else byKey.set(key, [i]);
  }
  return { normalized, phonemes, verdicts, groups: [...byKey.values()] };
}

/** Inserts into a sorted list (takes are handed out lowest index first). */
function insertSorted(list: number[], value: number): void {
  let lo = 0, hi = list.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid]! < value) lo = mid + 1; else hi = mid; }
  list.splice(lo, 0, value);
}

export async function buildDataset(sources: readonly BuildSource[], target: string, opts: BuildOptions, ctx: BuildContext = {}): Promise<BuildReport> {
  if (existsSync(target)) throw new Error(`${target} already exists: choose another dataset name`);
  const tmp = `${target}.partial-${randomBytes(4).toString('hex')}`;
  mkdirSync(join(tmp, 'wavs'), { recursive: true });
  const lang = opts.language.startsWith('de') ? 'de' : 'en';
  const coverage = coverageLanguage(opts.language);
  // English keeps NVIDIA's letters; every other language is read as espeak IPA (German first).
  const ipaFrontend = !opts.language.toLowerCase().startsWith('en');
  let pool: WorkerPool<TakeTask, TakeOutcome> | null = null;
  const cancelled = (): Error => new Error('Cancelled');
  try {
    const ipa: PhonemePlan | null = ipaFrontend ? { g2p: await createG2p(), language: opts.language, lexicon: opts.lexicon } : null;
    if (ipa) {
      try {
        ipa.g2p.espeakVoice(opts.language);
      } catch {
        throw new Error(`The speaker's language ${opts.language} has no espeak-ng voice, so its takes cannot be turned into phonemes. Set the speaker's language to one espeak-ng speaks (for example de-DE).`);
      }
    }
    const plan = await planTexts(sources, lang, ipa);
    const { verdicts, normalized } = plan;
    const tally = new CoverageTally();
    const groupOf = new Map<number, number[]>();
    for (const g of plan.groups) for (const i of g) groupOf.set(i, g);
    const ready = plan.groups.map((g) => g[0]!).sort((a, b) => a - b);
    let done = verdicts.filter((v) => v !== undefined).length;
    ctx.progress?.('Processing takes', done, sources.length);
    if (ctx.signal?.aborted) throw cancelled();

    if (ready.length > 0) {
      const settings: TakeSettings = {
        wavDir: join(tmp, 'wavs'), sampleRate: opts.sampleRate, marginMs: opts.marginMs, targetLufs: opts.targetLufs,
        minSeconds: opts.minSeconds, maxSeconds: opts.maxSeconds, minSnrDb: opts.minSnrDb, coverage,
      };
      pool = new WorkerPool<TakeTask, TakeOutcome>({
        entry: ctx.workerEntry ?? resolveWorkerEntry('dataset-build.worker'),
        size: Math.min(ctx.workers ?? defaultPoolSize(), ready.length),
        workerData: settings, signal: ctx.signal, what: 'dataset build', describe: (t) => `take ${t.id}`,
      });
      const running = new Map<number, Promise<{ i: number; outcome?: TakeOutcome; error?: Error }>>();
      const window = pool.size * 4;
      while (ready.length > 0 || running.size > 0) {
        while (ready.length > 0 && running.size < window) {
          const i = ready.shift()!;
          const s = sources[i]!;
          const task: TakeTask = { id: s.id, wavPath: s.wavPath, text: normalized[i]!, trimStart: s.trimStart ?? null, trimEnd: s.trimEnd ?? null };
          // Settled into a value: a rejection nobody awaits yet must not surface as unhandled.
          running.set(i, pool.run(task).then((outcome) => ({ i, outcome }), (error: Error) => ({ i, error })));
        }
        const r = await Promise.race(running.values());
        running.delete(r.i);
        if (ctx.signal?.aborted) throw cancelled();
        if (!r.outcome) throw r.error!;
        const group = groupOf.get(r.i)!;
        const rest = group.slice(group.indexOf(r.i) + 1);
        if (r.outcome.kept) {
          verdicts[r.i] = { kept: true, seconds: r.outcome.seconds };
          if (r.outcome.units) tally.add(r.outcome.units);
          for (const j of rest) verdicts[j] = { kept: false, reason: 'duplicate_text', detail: `Same text as ${sources[r.i]!.id}.` };
          done += 1 + rest.length;
        } else {
          verdicts[r.i] = { kept: false, reason: r.outcome.reason, detail: r.outcome.detail };
          // This take failed its audio checks: the next take of the same text gets its chance.
          if (rest.length > 0) insertSorted(ready, rest[0]!);
          done += 1;
        }
        ctx.progress?.('Processing takes', done, sources.length);
      }
      await pool.close();
      pool = null;
    }

    const outliers: Outlier[] = [];
    const kept: Kept[] = [];
    sources.forEach((s, i) => {
      const v = verdicts[i]!;
      if (v.kept) {
        kept.push({ id: s.id, raw: s.text, normalized: normalized[i]!, phonemes: plan.phonemes[i] ?? '', seconds: v.seconds, cps: normalized[i]!.replace(/[^\p{L}\p{N}]/gu, '').length / v.seconds });
      } else {
        outliers.push({ id: s.id, reason: v.reason, detail: v.detail, rejected: true, audio: v.reason === 'unreadable' ? null : s.wavPath });
      }
    });
    // Speaking-rate outliers are flagged, not dropped: a slow, careful take can be right.
    const rates = kept.map((k) => k.cps).sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)] ?? 0;
    for (const k of kept) {
      if (median > 0 && (k.cps > median * 1.5 || k.cps < median / 1.5)) {
        outliers.push({
          id: k.id, reason: 'rate_outlier', detail: `${k.cps.toFixed(1)} characters/s against a median of ${median.toFixed(1)}: a misread or a long pause?`,
          rejected: false, audio: join(target, 'wavs', `${k.id}.wav`),
        });
      }
    }
    if (kept.length === 0) throw new Error('No take passed the checks: nothing to build.');
    ctx.progress?.('Writing metadata', sources.length, sources.length);
    const { train, val } = splitTrainVal(kept.map((k) => k.id), opts.valFraction);
    const seconds = kept.reduce((a, k) => a + k.seconds, 0);
    const meta: DatasetJson = DatasetJsonSchema.parse({
      formatVersion: 1, name: opts.name, sampleRate: opts.sampleRate, language: opts.language,
      textFrontend: ipa ? 'ipa-espeak' : 'nvidia-english',
      symbolSet: ipa ? IPA_ESPEAK.name : TACOTRON2_ENGLISH.name,
      ...(ipa ? {
        symbols: IPA_ESPEAK.symbols,
        phonemizer: { engine: 'espeak-ng', voice: ipa.g2p.espeakVoice(opts.language), lexiconEntries: ipa.lexicon?.size ?? 0 },
      } : {}),
      train, val,
      statistics: {
        utterances: kept.length, seconds,
        minSeconds: kept.reduce((a, k) => Math.min(a, k.seconds), Infinity), maxSeconds: kept.reduce((a, k) => Math.max(a, k.seconds), 0),
        charsPerSecond: median,
      },
      createdAt: new Date().toISOString(), createdBy: 'Voicewright dataset builder',
    });
    writeFileSync(join(tmp, 'metadata.csv'), formatMetadata(kept));
    if (ipa) writeFileSync(join(tmp, PHONEMES_FILE), formatPhonemes(kept));
    writeFileAtomic(join(tmp, 'dataset.json'), JSON.stringify(meta, null, 2));
    if (ctx.signal?.aborted) throw cancelled();
    renameSync(tmp, target);
    return {
      utterances: kept.length, seconds, rejected: outliers.filter((o) => o.rejected).length, outliers,
      durations: kept.map((k) => k.seconds), charsPerSecond: kept.map((k) => k.cps),
      coverage: coverage ? tally.report(coverage) : null,
    };
  } catch (err) {
    // Workers first: they may still be writing into the temp folder.
    await pool?.close();
    rmSync(tmp, { recursive: true, force: true });
    throw ctx.signal?.aborted ? cancelled() : err;
  }
}
