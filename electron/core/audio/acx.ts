// The ACX (Audible) submission check: each failed requirement with its measured value and what to do.
import { measure, toDb, windowRms, type Measures } from './measures';
import { detectSilence } from './dsp';

export type AcxCheckId = 'rms' | 'peak' | 'noise_floor' | 'sample_rate' | 'channels' | 'room_tone_head' | 'room_tone_tail';
export interface AcxCheck { id: AcxCheckId; pass: boolean; message: string }
export interface AcxVerdict { pass: boolean; checks: AcxCheck[]; measures: Measures }

const round2 = (x: number): number => Math.round(x * 100) / 100;
const fmt = (db: number): string => (Number.isFinite(db) ? `${round2(db).toFixed(1)} dB` : 'silence');
const DIGITAL_SILENCE_DB = -100;

export interface AcxOptions {
  /** The channel layout the rest of the book uses; ACX wants one layout throughout. */
  expectedChannels?: 1 | 2;
}

export function acxVerdict(channels: Float32Array[], sampleRate: number, options: AcxOptions = {}): AcxVerdict {
  const m = measure(channels, sampleRate);
  const checks: AcxCheck[] = [];
  // ACX's figures are read to two decimals, as their tools display them.
  const rms = round2(m.rmsDb), peak = round2(m.peakDb), floor = round2(m.noiseFloorDb);
  checks.push({
    id: 'rms', pass: rms >= -23 && rms <= -18,
    message: rms >= -23 && rms <= -18 ? `RMS ${fmt(m.rmsDb)} is within −23…−18 dB.`
      : rms > -18 ? `RMS ${fmt(m.rmsDb)} is louder than −18 dB: lower the gain (mastering can do it).`
        : `RMS ${fmt(m.rmsDb)} is quieter than −23 dB: raise the gain, with a limiter to keep peaks under −3 dB.`,
  });
  checks.push({
    id: 'peak', pass: peak <= -3,
    message: peak <= -3 ? `Peak ${fmt(m.peakDb)} is at or below −3 dB.` : `Peak ${fmt(m.peakDb)} is above −3 dB: use a limiter at −3.5 dB.`,
  });
  checks.push({
    id: 'noise_floor', pass: floor <= -60,
    message: floor <= -60 ? `Noise floor ${fmt(m.noiseFloorDb)} is at or below −60 dB.` : `Noise floor ${fmt(m.noiseFloorDb)} is above −60 dB: use noise reduction or re-record in a quieter room.`,
  });
  checks.push({
    id: 'sample_rate', pass: sampleRate === 44100,
    message: sampleRate === 44100 ? 'Sample rate is 44.1 kHz.' : `Sample rate is ${sampleRate} Hz; ACX requires 44.1 kHz (the exporter resamples).`,
  });
  const channelsOk = (channels.length === 1 || channels.length === 2) && (options.expectedChannels === undefined || options.expectedChannels === channels.length);
  checks.push({
    id: 'channels', pass: channelsOk,
    message: channelsOk ? `${channels.length === 1 ? 'Mono' : 'Stereo'}, as the rest of the book.`
      : options.expectedChannels !== undefined && channels.length !== options.expectedChannels
        ? `This file has ${channels.length} channel(s) but the book uses ${options.expectedChannels}: ACX wants one layout throughout.`
        : `${channels.length} channels: ACX accepts mono or stereo only.`,
  });
  const silence = detectSilence(channels, sampleRate, { thresholdDb: Math.max(-60, Math.min(-40, m.noiseFloorDb + 10)) });
  const edge = (seconds: number, fromEnd: boolean): number => {
    const n = channels[0]?.length ?? 0;
    const len = Math.min(n, Math.round(seconds * sampleRate));
    const part = channels.map((c) => (fromEnd ? c.subarray(n - len) : c.subarray(0, len)));
    return toDb(windowRms(part, Math.max(1, len), Math.max(1, len))[0] ?? 0);
  };
  const head = silence.leadingSeconds, tail = silence.trailingSeconds;
  const headDigital = edge(Math.min(0.5, head || 0.5), false) < DIGITAL_SILENCE_DB;
  const tailDigital = edge(Math.min(1, tail || 1), true) < DIGITAL_SILENCE_DB;
  checks.push({
    id: 'room_tone_head', pass: head >= 0.5 && head <= 1 && !headDigital,
    message: headDigital ? 'The opening is digital silence: ACX wants room tone, not zeros.'
      : head < 0.5 ? `Only ${head.toFixed(2)} s of room tone at the start; ACX wants 0.5–1 s.`
        : head > 1 ? `${head.toFixed(2)} s of room tone at the start; ACX wants 0.5–1 s.` : `${head.toFixed(2)} s of room tone at the start.`,
  });
  checks.push({
    id: 'room_tone_tail', pass: tail >= 1 && tail <= 5 && !tailDigital,
    message: tailDigital ? 'The ending is digital silence: ACX wants room tone, not zeros.'
      : tail < 1 ? `Only ${tail.toFixed(2)} s of room tone at the end; ACX wants 1–5 s.`
        : tail > 5 ? `${tail.toFixed(2)} s of room tone at the end; ACX wants 1–5 s.` : `${tail.toFixed(2)} s of room tone at the end.`,
  });
  return { pass: checks.every((c) => c.pass), checks, measures: m };
}
