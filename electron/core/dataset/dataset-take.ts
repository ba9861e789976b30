// One take through the audio half of a dataset build (decode, measure, trim, DC, resample, level, write): what each worker thread runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeLoudness, removeDc, trimView } from '../audio/dsp';
import { measure } from '../audio/measures';
import { resample } from '../audio/resample';
import { encodeWav } from '../audio/wav';
import type { G2p } from '../text/g2p';
import { sentenceUnits } from '../corpus/ipa-units';
import type { CoverageLanguage } from './dataset-coverage';
import { decodeTakeAudio } from './flac-decoder';

/** Settings shared by every take of one build; handed to each worker once, at start. */
export interface TakeSettings {
  /** Where the clips go: the build's temp folder's wavs/. */
  wavDir: string;
  sampleRate: number;
  marginMs: number;
  targetLufs: number;
  minSeconds: number;
  maxSeconds: number;
  minSnrDb: number;
  /** Phonemize kept texts for the coverage report; null for languages without an inventory. */
  coverage: CoverageLanguage | null;
}

export interface TakeTask {
  id: string;
  wavPath: string;
  /** The normalized text, phonemized for coverage when the take is kept. */
  text: string;
  /** The narrator's trim points in seconds of the raw take; used (without margin) only when both are set. */
  trimStart: number | null;
  trimEnd: number | null;
}

/** What a kept take's text sounds like: how often each phone occurs, and its distinct diphones. */
export interface TakeUnits { phoneCounts: Record<string, number>; diphones: string[] }

export type TakeOutcome =
  | { kept: true; seconds: number; units: TakeUnits | null }
  | { kept: false; reason: 'unreadable' | 'clipped' | 'low_snr' | 'too_short' | 'too_long'; detail: string };

function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0]!;
  if (channels.length === 1) return first;
  const mono = new Float32Array(first.length);
  for (const c of channels) for (let k = 0; k < c.length; k++) mono[k]! += c[k]! / channels.length;
  return mono;
}

/** The narrator's trim when both points are set, else the automatic one (sound plus margin), as sample indices. */
function keptSpan(mono: Float32Array, rate: number, task: TakeTask, marginMs: number): { start: number; end: number } {
  if (task.trimStart !== null && task.trimEnd !== null) {
    const clamp = (s: number): number => Math.min(mono.length, Math.max(0, Math.round(s * rate)));
    const start = clamp(task.trimStart);
    return { start, end: Math.max(start, clamp(task.trimEnd)) };
  }
  return trimView([mono], rate, marginMs);
}

export function textUnits(g2p: G2p, text: string, language: CoverageLanguage): TakeUnits {
  const words = g2p.phonemize(text, language.g2p).words;
  const units = sentenceUnits(words.map((w) => w.ipa), { language: language.units });
  const phoneCounts: Record<string, number> = {};
  for (const p of units.sequence) if (p !== '#') phoneCounts[p] = (phoneCounts[p] ?? 0) + 1;
  return { phoneCounts, diphones: units.diphones };
}

export async function processTake(task: TakeTask, s: TakeSettings, g2p: G2p | null): Promise<TakeOutcome> {
  let wav;
  try {
    wav = await decodeTakeAudio(readFileSync(task.wavPath));
  } catch (err) {
    return { kept: false, reason: 'unreadable', detail: (err as Error).message };
  }
  const mono = mixToMono(wav.channels);
  const m = measure([mono], wav.sampleRate);
  if (m.clippedRuns > 0) return { kept: false, reason: 'clipped', detail: `${m.clippedRuns} clipped passage(s).` };
  if (m.snrDb < s.minSnrDb) return { kept: false, reason: 'low_snr', detail: `SNR ${m.snrDb.toFixed(0)} dB is below ${s.minSnrDb} dB.` };
  const span = keptSpan(mono, wav.sampleRate, task, s.marginMs);
  const trimmed = removeDc([mono.subarray(span.start, span.end)])[0]!;
  const seconds = trimmed.length / wav.sampleRate;
  if (seconds < s.minSeconds) return { kept: false, reason: 'too_short', detail: `${seconds.toFixed(2)} s after trimming.` };
  if (seconds > s.maxSeconds) return { kept: false, reason: 'too_long', detail: `${seconds.toFixed(1)} s is longer than ${s.maxSeconds} s.` };
  const atRate = resample(trimmed, wav.sampleRate, s.sampleRate);
  const levelled = normalizeLoudness([atRate], s.sampleRate, s.targetLufs, -1).channels[0]!;
  writeFileSync(join(s.wavDir, `${task.id}.wav`), encodeWav({ sampleRate: s.sampleRate, channels: [levelled] }));
  return { kept: true, seconds, units: g2p && s.coverage ? textUnits(g2p, task.text, s.coverage) : null };
}
