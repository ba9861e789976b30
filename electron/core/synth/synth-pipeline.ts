// Text → audio per sentence on a SynthEngine: batches in reading order, vocoding, slip detection, timings; each sentence is handed out as it is done.
import { detectSlips, type SentenceHealth } from './slip-detect';
import type { SynthEngine } from './synth-engine';
import { engineG2p, lexiconOf, prepareText, respellingsOf, type DroppedChar, type PreparedSentence, type SkippedSentence } from './synth-text';

export interface SpeakOptions {
  /** Prenet dropout seed; a random one is drawn (and returned) when absent. */
  seed?: number;
  vocoder?: string;
  /** Sentences decoded together (default 8). */
  batch?: number;
  fixedSteps?: number;
  maxSteps?: number;
  /** Keep each sentence's attention matrix in the result (tests, the lab). */
  keepAttention?: boolean;
  /** Lexicon entries: words with a respelling are read as respelled; an IPA voice also takes IPA entries verbatim. */
  lexicon?: { word: string; respelling?: string; ipa?: string }[];
}

export interface SentenceResult {
  index: number;
  source: string;
  start: number;
  end: number;
  spoken: string;
  steps: number;
  gateStopped: boolean;
  audio: Float32Array;
  seconds: number;
  health: SentenceHealth;
  attention?: Float32Array[];
}

export interface SpeakTimings { prepareSeconds: number; decodeSeconds: number; vocodeSeconds: number; totalSeconds: number }

export interface SpeakSummary {
  seed: number;
  vocoder: string;
  sampleRate: number;
  sentences: number;
  skipped: SkippedSentence[];
  dropped: DroppedChar[];
  audioSeconds: number;
  timings: SpeakTimings;
  /** Compute seconds per audio second (below 1 is faster than real time). */
  rtf: number;
}

const now = (): number => performance.now() / 1000;

export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

/** Synthesizes `text`, calling `onSentence` in reading order as soon as each sentence's audio exists. */
export async function speak(engine: SynthEngine, text: string, options: SpeakOptions, onSentence: (s: SentenceResult, total: number) => void | Promise<void>): Promise<SpeakSummary> {
  const t0 = now();
  const seed = options.seed ?? randomSeed();
  const vocoder = engine.pickVocoder(options.vocoder);
  const phonemes = engine.voice.text.frontend === 'ipa-espeak'
    ? { g2p: await engineG2p(), ...(options.lexicon ? { lexicon: lexiconOf(options.lexicon) } : {}) } : undefined;
  const prepared = prepareText(text, engine.voice, options.lexicon ? respellingsOf(options.lexicon) : undefined, phonemes);
  const t1 = now();
  const size = Math.max(1, Math.min(64, Math.floor(options.batch ?? 8)));
  const all = prepared.sentences;
  let decodeSeconds = 0, vocodeSeconds = 0, audioSeconds = 0;
  for (let at = 0; at < all.length; at += size) {
    const group: PreparedSentence[] = all.slice(at, at + size);
    const d0 = now();
    const decoded = await engine.decode(group, { seed, ...(options.fixedSteps !== undefined ? { fixedSteps: options.fixedSteps } : {}),
      ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}) });
    decodeSeconds += now() - d0;
    for (const [k, dec] of decoded.entries()) {
      const s = group[k]!;
      const v0 = now();
      const audio = await engine.vocode(dec.mel, dec.frames, vocoder, seed + s.index);
      vocodeSeconds += now() - v0;
      const seconds = audio.length / engine.voice.sampleRate;
      audioSeconds += seconds;
      const health = detectSlips(dec.attention, s.words, { secondsPerStep: engine.secondsPerStep, gateStopped: dec.gateStopped });
      await onSentence({
        index: s.index, source: s.source, start: s.start, end: s.end, spoken: s.spoken, steps: dec.steps, gateStopped: dec.gateStopped,
        audio, seconds, health, ...(options.keepAttention ? { attention: dec.attention } : {}),
      }, all.length);
    }
  }
  const totalSeconds = now() - t0;
  return {
    seed, vocoder, sampleRate: engine.voice.sampleRate, sentences: all.length, skipped: prepared.skipped, dropped: prepared.dropped,
    audioSeconds, timings: { prepareSeconds: t1 - t0, decodeSeconds, vocodeSeconds, totalSeconds },
    rtf: audioSeconds > 0 ? totalSeconds / audioSeconds : Infinity,
  };
}
