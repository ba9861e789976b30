// "Listen by numbers" for synthesized or recorded sentences: clipping, the RMS an ACX master reaches, the longest silence inside a sentence.
import { detectSilence } from '../../electron/core/audio/dsp';
import { fromDb, measure } from '../../electron/core/audio/measures';
import { PeakLimiter } from '../../electron/core/audiobook/mastering/limiter';

export interface ListenNumbers {
  /** Runs of ≥ 3 full-scale samples in the raw output (before any gain): what a listener hears as clipping. */
  clippedRuns: number;
  /** The sentences joined with 0.6 s pauses, gained to −20 dB RMS and limited at −3.5 dB: the master's figures. */
  master: { rmsDb: number; peakDb: number; gainDb: number; limitedShare: number; acxRms: boolean; acxPeak: boolean };
  /** The longest pause between sounds inside one sentence, and which sentence. */
  longestInnerSilence: { seconds: number; index: number };
}

const PAUSE_S = 0.6;
const TARGET_RMS_DB = -20;
const CEILING_DB = -3.5;

export function listenNumbers(sentences: readonly Float32Array[], sampleRate: number): ListenNumbers {
  let clippedRuns = 0;
  let longest = { seconds: 0, index: -1 };
  sentences.forEach((a, index) => {
    clippedRuns += measure([a], sampleRate).clippedRuns;
    const s = detectSilence([a], sampleRate).longestInnerPauseSeconds;
    if (s > longest.seconds) longest = { seconds: s, index };
  });
  const pause = Math.round(PAUSE_S * sampleRate);
  const total = sentences.reduce((n, a) => n + a.length + pause, pause);
  const joined = new Float32Array(total);
  let at = pause;
  for (const a of sentences) {
    joined.set(a, at);
    at += a.length + pause;
  }
  const before = measure([joined], sampleRate);
  const gainDb = Number.isFinite(before.rmsDb) ? TARGET_RMS_DB - before.rmsDb : 0;
  const g = fromDb(gainDb);
  const limiter = new PeakLimiter(sampleRate, CEILING_DB);
  const gained = joined.map((x) => x * g);
  const head = limiter.process(gained);
  const tail = limiter.flush();
  const mastered = new Float32Array(head.length + tail.length);
  mastered.set(head);
  mastered.set(tail, head.length);
  const after = measure([mastered], sampleRate);
  return {
    clippedRuns,
    master: {
      rmsDb: after.rmsDb, peakDb: after.peakDb, gainDb, limitedShare: limiter.limitedFrames / Math.max(1, mastered.length),
      acxRms: after.rmsDb >= -23 && after.rmsDb <= -18, acxPeak: after.peakDb <= -3,
    },
    longestInnerSilence: longest,
  };
}
