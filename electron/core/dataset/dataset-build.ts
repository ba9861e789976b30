// Builds a training dataset from recorded takes: trim, DC, resample, level, checks, split — streamed to a temp folder.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { encodeWav } from '../audio/wav';
import { decodeAudio } from '../audio/decode';
import { removeDc, trimView, normalizeLoudness } from '../audio/dsp';
import { measure } from '../audio/measures';
import { resample } from '../audio/resample';
import { normalizeText } from '../text/normalize';
import { textToIds, TACOTRON2_ENGLISH } from '../text/symbols';
import { writeFileAtomic } from '../fs/atomic';
import { DatasetJsonSchema, formatMetadata, splitTrainVal, type DatasetJson } from './dataset-format';

/** One take to include: any format decodeAudio reads (WAV, FLAC, MP3, Ogg). */
export interface BuildSource { id: string; text: string; wavPath: string }
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
}
export const defaultBuildOptions: Omit<BuildOptions, 'name' | 'language'> = {
  sampleRate: 22050, marginMs: 150, targetLufs: -20, valFraction: 0.05, minSeconds: 0.5, maxSeconds: 15, minSnrDb: 20,
};

export type OutlierReason = 'too_short' | 'too_long' | 'clipped' | 'low_snr' | 'unknown_symbols' | 'empty_text' | 'duplicate_text' | 'rate_outlier' | 'unreadable';
export interface Outlier { id: string; reason: OutlierReason; detail: string; rejected: boolean }
export interface BuildReport {
  utterances: number;
  seconds: number;
  rejected: number;
  outliers: Outlier[];
  durations: number[];
  charsPerSecond: number[];
}

interface Kept { id: string; raw: string; normalized: string; seconds: number; cps: number }

/** Cleans like NVIDIA's english_cleaners: lowercase, collapse whitespace (numbers are already expanded). */
function cleanEnglish(s: string): string {
  return s.toLowerCase().replace(/[“”„]/g, '"').replace(/[‘’]/g, "'").replace(/[–—]/g, '-').replace(/\s+/g, ' ').trim();
}

export async function buildDataset(
  sources: readonly BuildSource[],
  target: string,
  opts: BuildOptions,
  ctx: { signal?: AbortSignal; progress?: (step: string, done: number, total: number) => void } = {},
): Promise<BuildReport> {
  if (existsSync(target)) throw new Error(`${target} already exists: choose another dataset name`);
  const tmp = `${target}.partial-${randomBytes(4).toString('hex')}`;
  mkdirSync(join(tmp, 'wavs'), { recursive: true });
  const outliers: Outlier[] = [];
  const kept: Kept[] = [];
  const seenText = new Map<string, string>();
  const lang = opts.language.startsWith('de') ? 'de' : 'en';
  try {
    for (let i = 0; i < sources.length; i++) {
      if (ctx.signal?.aborted) throw new Error('Cancelled');
      // Let other calls through between takes (the studio stays responsive during a build).
      await new Promise((r) => setImmediate(r));
      const s = sources[i]!;
      ctx.progress?.('Processing takes', i, sources.length);
      const reject = (reason: OutlierReason, detail: string): void => { outliers.push({ id: s.id, reason, detail, rejected: true }); };
      const normalized = normalizeText(s.text, lang).text.trim();
      if (!/[\p{L}\p{N}]/u.test(normalized)) { reject('empty_text', 'The prompt has no speakable text.'); continue; }
      const key = normalized.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      if (seenText.has(key)) { reject('duplicate_text', `Same text as ${seenText.get(key)}.`); continue; }
      if (lang === 'en') {
        const unknown = textToIds(cleanEnglish(normalized), TACOTRON2_ENGLISH).unknown;
        if (unknown.length > 0) { reject('unknown_symbols', `Characters the voice cannot say: ${[...new Set(unknown.map((u) => u.symbol))].join(' ')}`); continue; }
      }
      let wav;
      try { wav = await decodeAudio(readFileSync(s.wavPath)); } catch (err) { reject('unreadable', (err as Error).message); continue; }
      let mono = wav.channels[0]!;
      if (wav.channels.length > 1) {
        mono = new Float32Array(mono.length);
        for (const c of wav.channels) for (let k = 0; k < c.length; k++) mono[k]! += c[k]! / wav.channels.length;
      }
      const m = measure([mono], wav.sampleRate);
      if (m.clippedRuns > 0) { reject('clipped', `${m.clippedRuns} clipped passage(s).`); continue; }
      if (m.snrDb < opts.minSnrDb) { reject('low_snr', `SNR ${m.snrDb.toFixed(0)} dB is below ${opts.minSnrDb} dB.`); continue; }
      const view = trimView([mono], wav.sampleRate, opts.marginMs);
      const trimmed = removeDc([mono.subarray(view.start, view.end)])[0]!;
      const seconds = trimmed.length / wav.sampleRate;
      if (seconds < opts.minSeconds) { reject('too_short', `${seconds.toFixed(2)} s after trimming.`); continue; }
      if (seconds > opts.maxSeconds) { reject('too_long', `${seconds.toFixed(1)} s is longer than ${opts.maxSeconds} s.`); continue; }
      const atRate = resample(trimmed, wav.sampleRate, opts.sampleRate);
      const levelled = normalizeLoudness([atRate], opts.sampleRate, opts.targetLufs, -1).channels[0]!;
      writeFileSync(join(tmp, 'wavs', `${s.id}.wav`), encodeWav({ sampleRate: opts.sampleRate, channels: [levelled] }));
      seenText.set(key, s.id);
      kept.push({ id: s.id, raw: s.text, normalized, seconds, cps: normalized.replace(/[^\p{L}\p{N}]/gu, '').length / seconds });
    }
    // Speaking-rate outliers are flagged, not dropped: a slow, careful take can be right.
    const rates = kept.map((k) => k.cps).sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)] ?? 0;
    for (const k of kept) {
      if (median > 0 && (k.cps > median * 1.5 || k.cps < median / 1.5)) {
        outliers.push({ id: k.id, reason: 'rate_outlier', detail: `${k.cps.toFixed(1)} characters/s against a median of ${median.toFixed(1)}: a misread or a long pause?`, rejected: false });
      }
    }
    if (kept.length === 0) throw new Error('No take passed the checks: nothing to build.');
    ctx.progress?.('Writing metadata', sources.length, sources.length);
    const { train, val } = splitTrainVal(kept.map((k) => k.id), opts.valFraction);
    const seconds = kept.reduce((a, k) => a + k.seconds, 0);
    const meta: DatasetJson = DatasetJsonSchema.parse({
      formatVersion: 1, name: opts.name, sampleRate: opts.sampleRate, language: opts.language,
      textFrontend: lang === 'en' ? 'nvidia-english' : 'ipa-espeak',
      symbolSet: lang === 'en' ? TACOTRON2_ENGLISH.name : 'ipa-espeak-v1',
      train, val,
      statistics: {
        utterances: kept.length, seconds,
        minSeconds: Math.min(...kept.map((k) => k.seconds)), maxSeconds: Math.max(...kept.map((k) => k.seconds)),
        charsPerSecond: median,
      },
      createdAt: new Date().toISOString(), createdBy: 'Voicewright dataset builder',
    });
    writeFileSync(join(tmp, 'metadata.csv'), formatMetadata(kept));
    writeFileAtomic(join(tmp, 'dataset.json'), JSON.stringify(meta, null, 2));
    renameSync(tmp, target);
    return {
      utterances: kept.length, seconds, rejected: outliers.filter((o) => o.rejected).length, outliers,
      durations: kept.map((k) => k.seconds), charsPerSecond: kept.map((k) => k.cps),
    };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
