// Silence detection and trimming (as a view: the raw take is never changed), DC removal, peak and loudness normalization.
import { integratedLoudness } from './loudness';
import { fromDb, toDb, windowRms } from './measures';

export interface SilenceOptions {
  /** Frames quieter than this are silence; default: 12 dB above the noise floor, at least −60 and at most −35 dBFS. */
  thresholdDb?: number;
  frameMs?: number;
}

export interface Silence {
  thresholdDb: number;
  /** First sample of sound (= length when all silent). */
  soundStart: number;
  /** One past the last sample of sound (0 when all silent). */
  soundEnd: number;
  leadingSeconds: number;
  trailingSeconds: number;
  /** Longest stretch of silence between sounds, seconds (pause detection). */
  longestInnerPauseSeconds: number;
}

export function detectSilence(channels: Float32Array[], sampleRate: number, options: SilenceOptions = {}): Silence {
  const n = channels[0]?.length ?? 0;
  const frame = Math.max(1, Math.round((sampleRate * (options.frameMs ?? 10)) / 1000));
  const rms = windowRms(channels, frame, frame);
  let threshold = options.thresholdDb;
  if (threshold === undefined) {
    const floor = Float64Array.from(rms).sort()[Math.floor(rms.length * 0.05)] ?? 0;
    threshold = Math.min(-35, Math.max(-60, toDb(floor) + 12));
  }
  const loud = Array.from(rms, (r) => toDb(r) > threshold!);
  const first = loud.indexOf(true);
  const last = loud.lastIndexOf(true);
  if (first < 0 || n === 0) {
    return { thresholdDb: threshold, soundStart: n, soundEnd: 0, leadingSeconds: n / sampleRate, trailingSeconds: n / sampleRate, longestInnerPauseSeconds: 0 };
  }
  let longest = 0, gap = 0;
  for (let i = first; i <= last; i++) {
    if (loud[i]) { longest = Math.max(longest, gap); gap = 0; } else gap++;
  }
  const soundStart = first * frame;
  const soundEnd = Math.min(n, (last + 1) * frame);
  return {
    thresholdDb: threshold,
    soundStart,
    soundEnd,
    leadingSeconds: soundStart / sampleRate,
    trailingSeconds: (n - soundEnd) / sampleRate,
    longestInnerPauseSeconds: (longest * frame) / sampleRate,
  };
}

/** The part of a take to keep, as sample indices: sound plus `marginMs` either side. The take itself is untouched. */
export function trimView(channels: Float32Array[], sampleRate: number, marginMs = 150, options: SilenceOptions = {}): { start: number; end: number } {
  return marginAround(detectSilence(channels, sampleRate, options), channels[0]?.length ?? 0, sampleRate, marginMs);
}

/** The trim view for a sound span already detected: the span plus a margin, inside [0, length); empty when silent. */
export function marginAround(sound: { soundStart: number; soundEnd: number }, length: number, sampleRate: number, marginMs: number): { start: number; end: number } {
  if (sound.soundEnd <= sound.soundStart) return { start: 0, end: 0 };
  const margin = Math.round((sampleRate * marginMs) / 1000);
  return { start: Math.max(0, sound.soundStart - margin), end: Math.min(length, sound.soundEnd + margin) };
}

/** Removes the mean of each channel (returns new arrays). */
export function removeDc(channels: Float32Array[]): Float32Array[] {
  return channels.map((ch) => {
    let sum = 0;
    for (let i = 0; i < ch.length; i++) sum += ch[i]!;
    const mean = ch.length ? sum / ch.length : 0;
    // Plain loops: Float32Array.from with a map function is several times slower in V8.
    const out = new Float32Array(ch.length);
    for (let i = 0; i < ch.length; i++) out[i] = ch[i]! - mean;
    return out;
  });
}

export function applyGain(channels: Float32Array[], gainDb: number): Float32Array[] {
  const g = fromDb(gainDb);
  return channels.map((ch) => {
    const out = new Float32Array(ch.length);
    for (let i = 0; i < ch.length; i++) out[i] = ch[i]! * g;
    return out;
  });
}

/** Scales so the sample peak lands on `targetDb`. Silence is returned unchanged. */
export function normalizePeak(channels: Float32Array[], targetDb = -3.5): { channels: Float32Array[]; gainDb: number } {
  let peak = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) peak = Math.max(peak, Math.abs(ch[i]!));
  if (peak === 0) return { channels, gainDb: 0 };
  const gainDb = targetDb - toDb(peak);
  return { channels: applyGain(channels, gainDb), gainDb };
}

/**
 * Scales so the integrated loudness lands on `targetLufs`, unless that would push the peak past `peakCeilingDb`:
 * then the gain stops at the ceiling and `limited` says so (a limiter, not more gain, is what such audio needs).
 */
export function normalizeLoudness(channels: Float32Array[], sampleRate: number, targetLufs = -20, peakCeilingDb = -3.5): { channels: Float32Array[]; gainDb: number; limited: boolean } {
  const lufs = integratedLoudness(channels, sampleRate);
  if (!Number.isFinite(lufs)) return { channels, gainDb: 0, limited: false };
  let peak = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) peak = Math.max(peak, Math.abs(ch[i]!));
  let gainDb = targetLufs - lufs;
  const headroom = peakCeilingDb - toDb(peak);
  const limited = gainDb > headroom;
  if (limited) gainDb = headroom;
  return { channels: applyGain(channels, gainDb), gainDb, limited };
}
