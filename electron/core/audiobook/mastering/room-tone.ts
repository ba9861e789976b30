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

/**
 * Unscaled pink noise: Paul Kellet's filter on white noise from a seeded mulberry32, DC blocked (room tone leans
 * to the lows; the seed makes both mastering passes hear the same noise). State lives in locals inside the
 * loop: V8 is several times slower on variables a closure mutates.
 */
function pinkSource(seed: number, sampleRate: number): (out: Float32Array) => void {
  const st = new Float64Array(9);
  let a = seed >>> 0;
  const pole = Math.exp((-2 * Math.PI * 20) / sampleRate);
  return (out) => {
    let b0 = st[0]!, b1 = st[1]!, b2 = st[2]!, b3 = st[3]!, b4 = st[4]!, b5 = st[5]!, b6 = st[6]!, dcX = st[7]!, dcY = st[8]!;
    for (let i = 0; i < out.length; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const w = ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
      b0 = 0.99886 * b0 + w * 0.0555179; b1 = 0.99332 * b1 + w * 0.0750759; b2 = 0.969 * b2 + w * 0.153852;
      b3 = 0.8665 * b3 + w * 0.3104856; b4 = 0.55 * b4 + w * 0.5329522; b5 = -0.7616 * b5 - w * 0.016898;
      const pink = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
      dcY = pink - dcX + pole * dcY;
      dcX = pink;
      out[i] = dcY;
    }
    st[0] = b0; st[1] = b1; st[2] = b2; st[3] = b3; st[4] = b4; st[5] = b5; st[6] = b6; st[7] = dcX; st[8] = dcY;
  };
}

function rmsOf(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return x.length ? Math.sqrt(s / x.length) : 0;
}

function generatedBed(levelDb: number, seed: number, sampleRate: number): RoomToneBed {
  // 20 s of noise looped with crossfades: a repeat every 20 s is inaudible in room tone, and playing a buffer costs
  // a fraction of generating noise for two hours. The scale is calibrated on the loop itself.
  const loop = new Float32Array(sampleRate * 20);
  pinkSource(seed, sampleRate)(loop);
  const scale = fromDb(levelDb) / rmsOf(loop);
  for (let i = 0; i < loop.length; i++) loop[i]! *= scale;
  return loopedBed(loop, Math.round(sampleRate * 0.25));
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
