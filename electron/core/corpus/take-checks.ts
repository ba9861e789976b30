// The checks run on every take the moment recording stops: what a narrator must hear about before the next prompt.
import { detectSilence } from '../audio/dsp';
import { measure, type Measures } from '../audio/measures';
import { medianF0, yin } from '../audio/pitch';

export type CheckId = 'clipping' | 'peak' | 'noise_floor' | 'snr' | 'leading_silence' | 'trailing_silence' | 'speaking_rate' | 'pitch' | 'loudness' | 'too_short';
export type CheckLevel = 'ok' | 'warn' | 'fail';
export interface TakeCheck { id: CheckId; level: CheckLevel; value: number; message: string }

/** The speaker's running figures, updated from accepted takes. */
export interface SpeakerBaseline {
  takes: number;
  charsPerSecond: number;
  medianF0: number;
  loudnessLufs: number;
}

export interface TakeReport {
  measures: Measures;
  /** Where silence detection found speech, in samples (soundEnd ≤ soundStart: none). */
  sound: { soundStart: number; soundEnd: number };
  speechSeconds: number;
  leadingSeconds: number;
  trailingSeconds: number;
  charsPerSecond: number;
  medianF0: number;
  checks: TakeCheck[];
  /** The worst level among the checks. */
  verdict: CheckLevel;
  /** Far off the speaker's baseline (wider bounds than the checks' yellow): what the review's outlier filter shows. */
  outlier: boolean;
}

/** A take this far from the baseline is an outlier worth a listen; the checks' tighter bounds only colour it yellow. */
export const OUTLIER_BOUNDS = { rate: 0.25, semitones: 3, loudnessDb: 6 } as const;

export interface CheckLimits {
  maxPeakDb: number;
  maxNoiseFloorDb: number;
  minSnrDb: number;
  maxLeadingSeconds: number;
  maxTrailingSeconds: number;
  /** Relative deviation from the running speaking rate still shown green (Mimic uses ±10%). */
  rateTolerance: number;
  pitchToleranceSemitones: number;
  loudnessToleranceDb: number;
}

export const defaultLimits: CheckLimits = {
  maxPeakDb: -1, maxNoiseFloorDb: -55, minSnrDb: 30, maxLeadingSeconds: 1.0, maxTrailingSeconds: 1.5,
  rateTolerance: 0.1, pitchToleranceSemitones: 2, loudnessToleranceDb: 4,
};

const worst = (levels: CheckLevel[]): CheckLevel => (levels.includes('fail') ? 'fail' : levels.includes('warn') ? 'warn' : 'ok');

/** Counts the characters a narrator actually speaks (letters and digits), the basis of the speaking rate. */
export function spokenChars(text: string): number {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}

export function checkTake(audio: Float32Array, sampleRate: number, promptText: string, baseline: SpeakerBaseline | null, limits: CheckLimits = defaultLimits): TakeReport {
  const m = measure([audio], sampleRate);
  const silence = detectSilence([audio], sampleRate);
  const speechSeconds = Math.max(0, (silence.soundEnd - silence.soundStart) / sampleRate);
  const chars = spokenChars(promptText);
  const cps = speechSeconds > 0 ? chars / speechSeconds : 0;
  const voiced = speechSeconds > 0 ? medianF0(yin(audio.subarray(silence.soundStart, silence.soundEnd), sampleRate, { hop: Math.round(sampleRate / 50) })) : 0;
  const checks: TakeCheck[] = [];
  let outlier = false;
  const add = (id: CheckId, level: CheckLevel, value: number, message: string): void => { checks.push({ id, level, value, message }); };

  if (speechSeconds < 0.3) {
    add('too_short', 'fail', speechSeconds, speechSeconds === 0 ? 'No speech was heard: check the microphone and its input level.' : 'The take is shorter than a word: record it again.');
  }
  add('clipping', m.clippedRuns > 0 ? 'fail' : 'ok', m.clippedRuns,
    m.clippedRuns > 0 ? `Clipped in ${m.clippedRuns} place${m.clippedRuns === 1 ? '' : 's'}: lower the input gain and record again.` : 'No clipping.');
  add('peak', m.peakDb > limits.maxPeakDb ? 'warn' : 'ok', m.peakDb,
    m.peakDb > limits.maxPeakDb ? `Peaks reach ${m.peakDb.toFixed(1)} dB: close to clipping, lower the gain a little.` : `Peak ${m.peakDb.toFixed(1)} dB.`);
  add('noise_floor', m.noiseFloorDb > limits.maxNoiseFloorDb ? 'warn' : 'ok', m.noiseFloorDb,
    m.noiseFloorDb > limits.maxNoiseFloorDb ? `Background noise at ${m.noiseFloorDb.toFixed(0)} dB: something is humming or the room is loud.` : `Noise floor ${m.noiseFloorDb.toFixed(0)} dB.`);
  add('snr', m.snrDb < limits.minSnrDb ? 'warn' : 'ok', m.snrDb,
    m.snrDb < limits.minSnrDb ? `Speech is only ${m.snrDb.toFixed(0)} dB above the noise: move closer to the microphone or quiet the room.` : `SNR ${m.snrDb.toFixed(0)} dB.`);
  add('leading_silence', silence.leadingSeconds > limits.maxLeadingSeconds ? 'warn' : 'ok', silence.leadingSeconds,
    silence.leadingSeconds > limits.maxLeadingSeconds ? `${silence.leadingSeconds.toFixed(1)} s before speaking (trimmed in the dataset).` : `${silence.leadingSeconds.toFixed(2)} s lead-in.`);
  add('trailing_silence', silence.trailingSeconds > limits.maxTrailingSeconds ? 'warn' : 'ok', silence.trailingSeconds,
    silence.trailingSeconds > limits.maxTrailingSeconds ? `${silence.trailingSeconds.toFixed(1)} s after speaking (trimmed in the dataset).` : `${silence.trailingSeconds.toFixed(2)} s tail.`);
  if (baseline && baseline.takes >= 3 && speechSeconds > 0) {
    const dev = cps / baseline.charsPerSecond - 1;
    if (Math.abs(dev) > OUTLIER_BOUNDS.rate) outlier = true;
    add('speaking_rate', Math.abs(dev) <= limits.rateTolerance ? 'ok' : 'warn', cps,
      Math.abs(dev) <= limits.rateTolerance ? `${cps.toFixed(1)} characters/s, your usual pace.`
        : `${cps.toFixed(1)} characters/s is ${Math.round(Math.abs(dev) * 100)}% ${dev > 0 ? 'faster' : 'slower'} than your average (${baseline.charsPerSecond.toFixed(1)}): a misread or a rushed take?`);
    if (voiced > 0 && baseline.medianF0 > 0) {
      const semis = 12 * Math.log2(voiced / baseline.medianF0);
      if (Math.abs(semis) > OUTLIER_BOUNDS.semitones) outlier = true;
      add('pitch', Math.abs(semis) <= limits.pitchToleranceSemitones ? 'ok' : 'warn', voiced,
        Math.abs(semis) <= limits.pitchToleranceSemitones ? `Pitch ${voiced.toFixed(0)} Hz, as usual.` : `Pitch ${voiced.toFixed(0)} Hz is ${Math.abs(semis).toFixed(1)} semitones ${semis > 0 ? 'higher' : 'lower'} than your session: tired voice or a different delivery?`);
    }
    if (Number.isFinite(m.loudnessLufs) && Number.isFinite(baseline.loudnessLufs)) {
      const d = m.loudnessLufs - baseline.loudnessLufs;
      if (Math.abs(d) > OUTLIER_BOUNDS.loudnessDb) outlier = true;
      add('loudness', Math.abs(d) <= limits.loudnessToleranceDb ? 'ok' : 'warn', m.loudnessLufs,
        Math.abs(d) <= limits.loudnessToleranceDb ? `${m.loudnessLufs.toFixed(1)} LUFS, as usual.` : `${Math.abs(d).toFixed(1)} dB ${d > 0 ? 'louder' : 'quieter'} than your session: distance to the microphone changed?`);
    }
  }
  return {
    measures: m, sound: { soundStart: silence.soundStart, soundEnd: silence.soundEnd }, speechSeconds, leadingSeconds: silence.leadingSeconds, trailingSeconds: silence.trailingSeconds,
    charsPerSecond: cps, medianF0: voiced, checks, verdict: worst(checks.map((c) => c.level)), outlier,
  };
}

/** Folds an accepted take into the speaker's running baseline (an exponential average after the first few takes). */
export function updateBaseline(baseline: SpeakerBaseline | null, report: TakeReport): SpeakerBaseline {
  if (report.speechSeconds <= 0) return baseline ?? { takes: 0, charsPerSecond: 0, medianF0: 0, loudnessLufs: -Infinity };
  if (!baseline || baseline.takes === 0) {
    return { takes: 1, charsPerSecond: report.charsPerSecond, medianF0: report.medianF0, loudnessLufs: report.measures.loudnessLufs };
  }
  // A running mean for the first 20 takes, then an exponential average that follows a tiring voice.
  const w = Math.max(1 / (baseline.takes + 1), 0.05);
  const mix = (a: number, b: number): number => a + w * (b - a);
  const lufs = report.measures.loudnessLufs;
  return {
    takes: baseline.takes + 1,
    charsPerSecond: mix(baseline.charsPerSecond, report.charsPerSecond),
    medianF0: report.medianF0 <= 0 ? baseline.medianF0 : baseline.medianF0 <= 0 ? report.medianF0 : mix(baseline.medianF0, report.medianF0),
    loudnessLufs: !Number.isFinite(lufs) ? baseline.loudnessLufs : !Number.isFinite(baseline.loudnessLufs) ? lufs : mix(baseline.loudnessLufs, lufs),
  };
}
