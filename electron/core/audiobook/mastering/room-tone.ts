// Room tone under the whole chapter: generated pink noise at a chosen RMS, or a recording looped with crossfades.
import { readFileSync } from 'node:fs';
import type { RoomTone } from '../../../shared/domains/book-edits';
import { ApiError } from '../../../shared/errors';
import { decodeAudio } from '../../audio/decode';
import { fromDb, toDb } from '../../audio/measures';
import { resample } from '../../audio/resample';

/** A sequential source of room tone: each call continues where the last one stopped. */
export interface RoomToneBed {
  next(n: number): Float32Array;
  /** The bed's RMS, dBFS. */
  readonly rmsDb: number;
}

/** mulberry32: small, fast and seedable, so both mastering passes hear the same noise. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unscaled pink noise (Paul Kellet's filter on Gaussian white noise), DC blocked: room tone leans to the lows. */
function pinkSource(seed: number, sampleRate: number): (out: Float32Array) => void {
  const rand = prng(seed);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, dcX = 0, dcY = 0;
  const pole = Math.exp((-2 * Math.PI * 20) / sampleRate);
  let spare: number | null = null;
  const gauss = (): number => {
    if (spare !== null) { const s = spare; spare = null; return s; }
    const u = Math.max(rand(), 1e-12), v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return (out) => {
    for (let i = 0; i < out.length; i++) {
      const w = gauss();
      b0 = 0.99886 * b0 + w * 0.0555179; b1 = 0.99332 * b1 + w * 0.0750759; b2 = 0.969 * b2 + w * 0.153852;
      b3 = 0.8665 * b3 + w * 0.3104856; b4 = 0.55 * b4 + w * 0.5329522; b5 = -0.7616 * b5 - w * 0.016898;
      const pink = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
      dcY = pink - dcX + pole * dcY;
      dcX = pink;
      out[i] = dcY;
    }
  };
}

function rmsOf(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return x.length ? Math.sqrt(s / x.length) : 0;
}

function generatedBed(levelDb: number, seed: number, sampleRate: number): RoomToneBed {
  // Calibrate the scale on the first 30 s of the very noise the bed will play.
  const probe = new Float32Array(sampleRate * 30);
  pinkSource(seed, sampleRate)(probe);
  const scale = fromDb(levelDb) / rmsOf(probe);
  const source = pinkSource(seed, sampleRate);
  return {
    rmsDb: levelDb,
    next(n) {
      const out = new Float32Array(n);
      source(out);
      for (let i = 0; i < n; i++) out[i]! *= scale;
      return out;
    },
  };
}

/** Loops `tone` with equal-power crossfades of `fade` frames between the end of one pass and the start of the next. */
export function loopedBed(tone: Float32Array, fade: number): RoomToneBed {
  const period = tone.length - fade;
  let pos = 0;
  return {
    rmsDb: toDb(rmsOf(tone)),
    next(n) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++, pos++) {
        const k = pos % period;
        if (pos >= period && k < fade) {
          const x = (k + 0.5) / fade;
          out[i] = tone[k]! * Math.sin((x * Math.PI) / 2) + tone[period + k]! * Math.cos((x * Math.PI) / 2);
        } else out[i] = tone[k]!;
      }
      return out;
    },
  };
}

function recordedBed(path: string, levelDb: number | undefined, sampleRate: number): Promise<RoomToneBed> {
  return (async () => {
    let decoded;
    try {
      decoded = await decodeAudio(readFileSync(path));
    } catch (e) {
      throw new ApiError('invalid_input', `The room tone recording ${path} cannot be read: ${(e as Error).message}`, 'Record the room again (a few seconds of silence in the booth), or use generated room tone.');
    }
    const n = decoded.channels[0]!.length;
    let mono: Float32Array = new Float32Array(n);
    for (const ch of decoded.channels) for (let i = 0; i < n; i++) mono[i]! += ch[i]! / decoded.channels.length;
    if (decoded.sampleRate !== sampleRate) mono = resample(mono, decoded.sampleRate, sampleRate);
    let mean = 0;
    for (let i = 0; i < mono.length; i++) mean += mono[i]!;
    mean /= mono.length || 1;
    for (let i = 0; i < mono.length; i++) mono[i]! -= mean;
    if (mono.length < sampleRate) {
      throw new ApiError('invalid_input', `The room tone recording is ${(mono.length / sampleRate).toFixed(2)} s long; it needs at least 1 s to loop without a pattern.`, 'Record 5–10 s of the room.');
    }
    const rms = rmsOf(mono);
    if (toDb(rms) < -90) throw new ApiError('invalid_input', 'The room tone recording is digital silence.', 'Record the room with the microphone open, or use generated room tone.');
    if (levelDb !== undefined) { const g = fromDb(levelDb) / rms; for (let i = 0; i < mono.length; i++) mono[i]! *= g; }
    return loopedBed(mono, Math.min(Math.round(sampleRate * 0.1), Math.floor(mono.length / 4)));
  })();
}

/** The bed the spec asks for, at the chapter's rate. Call once per pass: beds are sequential. */
export async function createRoomTone(spec: RoomTone, sampleRate: number): Promise<RoomToneBed> {
  return spec.source === 'generated' ? generatedBed(spec.levelDb, spec.seed, sampleRate) : recordedBed(spec.path, spec.levelDb, sampleRate);
}
