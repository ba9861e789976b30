// The preparation job: decode every source, bring it to one rate, build the BS.1534 anchors, match loudness, write the stimuli.
import { mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ApiError } from '../../../shared/errors';
import { decodeAudio } from '../../audio/decode';
import { applyGain } from '../../audio/dsp';
import { integratedLoudness } from '../../audio/loudness';
import { toDb } from '../../audio/measures';
import { resample } from '../../audio/resample';
import { encodeWav } from '../../audio/wav';
import type { StimulusRow } from '../../db/listening.repo';
import { writeFileAtomic } from '../../fs/atomic';
import type { Workspace } from '../../workspace/workspace';
import { lowpassAnchor } from './anchor-filter';

/** The loudest common level: speech at −23 LUFS (EBU R128) unless a stimulus would then peak above the ceiling. */
export const TARGET_LUFS = -23;
export const PEAK_CEILING_DB = -1;

export interface PreparedStimulus {
  id: number;
  path: string;
  loudnessLufs: number;
  gainDb: number;
}

export function resolveSource(ws: Workspace, path: string): string {
  return isAbsolute(path) ? path : ws.resolveInside(path);
}

async function decodeMono(file: string): Promise<{ samples: Float32Array; sampleRate: number }> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ApiError('not_found', `Cannot read the stimulus ${file}: ${(e as Error).message}`, 'Check that the file still exists, then create the test again.');
  }
  let audio;
  try {
    audio = await decodeAudio(bytes);
  } catch (e) {
    throw new ApiError('invalid_input', `The stimulus ${file} is not audio the studio can read (${(e as Error).message}).`, 'Use WAV, FLAC, MP3 or Ogg files.');
  }
  const chans = audio.channels;
  const n = chans[0]?.length ?? 0;
  if (n === 0) throw new ApiError('invalid_input', `The stimulus ${file} has no samples.`, 'Replace it with the audio it should hold.');
  const mono = new Float32Array(n);
  for (const ch of chans) for (let i = 0; i < n; i++) mono[i]! += ch[i]! / chans.length;
  return { samples: mono, sampleRate: audio.sampleRate };
}

function peakDb(x: Float32Array): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) p = Math.max(p, Math.abs(x[i]!));
  return toDb(p);
}

/** Lets other calls and progress events through between stimuli (this job runs on the backend's thread). */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface PrepareProgress {
  signal: AbortSignal;
  progress(step: string, current: number, total: number): void;
}

/**
 * Writes every stimulus of the test into `<dir>/stimuli/<uid>.wav`: mono 16-bit at the first reference's rate, each trial's
 * stimuli padded to one length (so they play in sync), all at one integrated loudness.
 */
export async function prepareStimuli(ws: Workspace, dir: string, stimuli: readonly StimulusRow[], ctx: PrepareProgress): Promise<{ sampleRate: number; loudnessLufs: number; prepared: PreparedStimulus[] }> {
  const total = stimuli.length;
  const decoded = new Map<string, { samples: Float32Array; sampleRate: number }>();
  let done = 0;
  for (const s of stimuli) {
    ctx.signal.throwIfAborted();
    if (!decoded.has(s.sourcePath)) decoded.set(s.sourcePath, await decodeMono(resolveSource(ws, s.sourcePath)));
    ctx.progress('Reading stimuli', ++done, total);
  }
  const first = stimuli.find((s) => s.role === 'reference' || s.role === 'hidden_reference') ?? stimuli[0]!;
  const sampleRate = decoded.get(first.sourcePath)!.sampleRate;
  const atRate = (path: string): Float32Array => {
    const d = decoded.get(path)!;
    return d.sampleRate === sampleRate ? d.samples : resample(d.samples, d.sampleRate, sampleRate);
  };

  const signals = new Map<number, Float32Array>();
  done = 0;
  for (const s of stimuli) {
    await breathe();
    ctx.signal.throwIfAborted();
    const x = atRate(s.sourcePath);
    if (s.role === 'anchor_35' || s.role === 'anchor_70') {
      const cutoff = s.role === 'anchor_35' ? 3500 : 7000;
      try {
        signals.set(s.id, lowpassAnchor(x, sampleRate, cutoff));
      } catch (e) {
        throw new ApiError('invalid_input', `The ${cutoff / 1000} kHz anchor cannot be made from ${s.sourcePath}: ${(e as Error).message}`, 'Use references recorded at 16 kHz or more.');
      }
    } else {
      signals.set(s.id, x);
    }
    ctx.progress('Building anchors', ++done, total);
  }

  // One length per trial: conditions that end a few samples early are padded with silence, so switching keeps the position.
  const byTrial = new Map<string, StimulusRow[]>();
  for (const s of stimuli) byTrial.set(s.trialKey, [...(byTrial.get(s.trialKey) ?? []), s]);
  for (const group of byTrial.values()) {
    const len = Math.max(...group.map((s) => signals.get(s.id)!.length));
    for (const s of group) {
      const x = signals.get(s.id)!;
      if (x.length < len) {
        const padded = new Float32Array(len);
        padded.set(x);
        signals.set(s.id, padded);
      }
    }
  }

  const measured = stimuli.map((s) => {
    const x = signals.get(s.id)!;
    const lufs = integratedLoudness([x], sampleRate);
    if (!Number.isFinite(lufs)) {
      throw new ApiError('invalid_input', `The stimulus ${s.sourcePath} (${s.condition}, ${s.trialKey}) is silent or shorter than 0.4 s; its loudness cannot be matched.`,
        'Replace it with the audio it should hold, or leave the utterance out.');
    }
    return { s, x, lufs, peak: peakDb(x) };
  });
  // The common level every stimulus reaches without any of them peaking above the ceiling: no limiter, so loudness matches exactly.
  const target = Math.min(TARGET_LUFS, ...measured.map((m) => m.lufs + (PEAK_CEILING_DB - m.peak)));

  mkdirSync(ws.resolveInside(join(dir, 'stimuli')), { recursive: true });
  const prepared: PreparedStimulus[] = [];
  done = 0;
  for (const m of measured) {
    await breathe();
    ctx.signal.throwIfAborted();
    const gainDb = target - m.lufs;
    const [y] = applyGain([m.x], gainDb);
    const rel = `${dir}/stimuli/${m.s.uid}.wav`;
    writeFileAtomic(ws.resolveInside(rel), encodeWav({ sampleRate, channels: [y!] }));
    prepared.push({ id: m.s.id, path: rel, loudnessLufs: integratedLoudness([y!], sampleRate), gainDb });
    ctx.progress('Matching loudness', ++done, total);
  }
  return { sampleRate, loudnessLufs: target, prepared };
}
