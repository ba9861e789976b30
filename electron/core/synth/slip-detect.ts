// Pronunciation-slip detection from a sentence's attention matrix: per-word coverage, focus, jumps and backtracks, and whether the decoder stopped.

/** Decoder steps × input symbols, each row the attention weights of one decoder step (rows sum to ~1). */
export type Attention = readonly Float32Array[];

export interface WordSpan {
  text: string;
  /** Input symbol indices [start, end) of the word. */
  start: number;
  end: number;
}

export type SlipKind = 'skipped' | 'repeated' | 'mumbled' | 'stretched';
export interface WordHealth {
  word: number;
  text: string;
  /** Attention mass the word's symbols received, in decoder steps (≈ how long it was spoken). */
  mass: number;
  /** Decoder steps whose attention peak fell on the word. */
  steps: number;
  /** Mean of the attention peak's weight over those steps (1 = sharp, low = diffuse). */
  focus: number;
  /** Separate visits of the attention peak to the word (1 = read once). */
  visits: number;
  /** Share of the word's symbols that were the attention's peak at some step (1 = every letter read). */
  reached: number;
  /** Time span in the audio (seconds); null when the word was never reached. */
  span: { start: number; end: number } | null;
  slips: { kind: SlipKind; reason: string }[];
}

export type SentenceSlip = 'no_stop' | 'babble' | 'cut_short';
export interface SentenceHealth {
  words: WordHealth[];
  /** Sentence-level problems with the reason. */
  slips: { kind: SentenceSlip; reason: string }[];
  /** Mean attention peak weight over all decoder steps. */
  focus: number;
  flagged: boolean;
}

export interface DetectOptions {
  /** Audio seconds per decoder step (r × hop / sample rate). */
  secondsPerStep: number;
  /** The gate fired before the step cap. */
  gateStopped: boolean;
  /** A word whose mean peak weight is below this is mumbled (diffuse attention). */
  minFocus?: number;
  /** Steps per symbol above this multiple of the sentence's median is a stretched (drawn-out or stuck) word. */
  maxStretch?: number;
  /** Decoder steps after the last symbol is reached that count as babbling. */
  maxTailSteps?: number;
}

function peakPath(att: Attention): { index: Int32Array; weight: Float32Array } {
  const index = new Int32Array(att.length);
  const weight = new Float32Array(att.length);
  att.forEach((row, t) => {
    let best = 0;
    for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
    index[t] = best;
    weight[t] = row[best] ?? 0;
  });
  return { index, weight };
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function detectSlips(att: Attention, words: readonly WordSpan[], opts: DetectOptions): SentenceHealth {
  const minFocus = opts.minFocus ?? 0.3;
  const maxStretch = opts.maxStretch ?? 5;
  const maxTail = opts.maxTailSteps ?? 12;
  const symbols = att[0]?.length ?? 0;
  const { index, weight } = peakPath(att);
  // A median over 5 steps removes one- and two-step wobbles of the peak: a return to a word's start must outlast them.
  const smooth = new Int32Array(index.length);
  for (let t = 0; t < index.length; t++) {
    const win: number[] = [];
    for (let k = Math.max(0, t - 2); k <= Math.min(index.length - 1, t + 2); k++) win.push(index[k]!);
    win.sort((a, b) => a - b);
    smooth[t] = win[Math.floor(win.length / 2)]!;
  }
  const wordOf = new Int32Array(symbols).fill(-1);
  words.forEach((w, k) => {
    for (let i = w.start; i < w.end && i < symbols; i++) wordOf[i] = k;
  });

  const health: WordHealth[] = words.map((w, k) => {
    let mass = 0;
    for (const row of att) for (let i = w.start; i < w.end && i < row.length; i++) mass += row[i]!;
    let steps = 0, focus = 0, visits = 0, first = -1, last = -1;
    let inside = false;
    const seen = new Set<number>();
    for (let t = 0; t < att.length; t++) {
      const here = wordOf[index[t]!] === k;
      // A jump back that lands in the word — more than a symbol, or back to its first letter — is a second reading.
      const backtrack = t > 0 && (index[t]! < index[t - 1]! - 1 || (smooth[t] === w.start && smooth[t - 1]! > w.start));
      if (here) {
        steps++;
        seen.add(index[t]!);
        focus += weight[t]!;
        if (first < 0) first = t;
        last = t;
        if (!inside || backtrack) visits++;
      }
      // Silence between words (spaces, punctuation) does not end a visit; landing on another word does.
      if (here) inside = true;
      else if (wordOf[index[t]!] !== -1) inside = false;
    }
    return {
      word: k, text: w.text, mass, steps, focus: steps > 0 ? focus / steps : 0, visits, reached: seen.size / Math.max(1, w.end - w.start),
      span: first >= 0 ? { start: first * opts.secondsPerStep, end: (last + 1) * opts.secondsPerStep } : null,
      slips: [],
    };
  });

  const perSymbol = health.filter((h) => h.steps > 0).map((h) => h.steps / Math.max(1, words[h.word]!.end - words[h.word]!.start));
  const typical = median(perSymbol);
  // Where the attention peak first reaches the last word: decoding stopped before that means the end was not said.
  const lastWord = words.length - 1;
  // Words after the furthest word the attention reached were not skipped but cut off (a sentence-level slip).
  let furthest = -1;
  for (const h of health) if (h.steps > 0) furthest = h.word;
  for (const h of health) {
    const w = words[h.word]!;
    const len = Math.max(1, w.end - w.start);
    // Sliding past a word touches its first letter at most: most of its letters never being the focus is a skip.
    const brief = h.steps < 0.5 * len * Math.max(typical, 1 / len);
    if (h.word < furthest && (h.steps === 0 || (len >= 2 && h.reached <= 0.5 && brief))) {
      h.slips.push({ kind: 'skipped', reason: `The attention passed over "${h.text}" (${Math.round(h.reached * 100)}% of its letters in focus, ${h.mass.toFixed(2)} steps of attention): the word was probably not said.` });
      continue;
    }
    if (h.visits > 1) h.slips.push({ kind: 'repeated', reason: `The attention came back to "${h.text}" ${h.visits - 1} time(s): the word (or a part of it) was probably said twice.` });
    if (h.steps > 0 && h.focus < minFocus) h.slips.push({ kind: 'mumbled', reason: `The attention on "${h.text}" was diffuse (peak ${h.focus.toFixed(2)}): it may be slurred or mumbled.` });
    if (typical > 0 && h.steps / len > maxStretch * typical && h.steps > 8) {
      h.slips.push({ kind: 'stretched', reason: `"${h.text}" took ${(h.steps / len / typical).toFixed(1)}× the sentence's usual time per letter: drawn out, or the model got stuck.` });
    }
  }

  const slips: SentenceHealth['slips'] = [];
  if (!opts.gateStopped) slips.push({ kind: 'no_stop', reason: 'The decoder did not stop by itself; it ran to the step cap.' });
  const reachedEnd = words.length > 0 && health[lastWord]!.steps > 0;
  if (!reachedEnd && words.length > 0) {
    slips.push({ kind: 'cut_short', reason: `Decoding ended before the attention reached "${words[lastWord]!.text}": the end of the sentence is missing.` });
  } else if (words.length > 0) {
    // Steps spent after the last word's last symbol was the focus: long tails are babble or breath-like noise.
    let lastFocusOnEnd = -1;
    for (let t = 0; t < att.length; t++) if (wordOf[index[t]!] === lastWord) lastFocusOnEnd = t;
    const tail = att.length - 1 - lastFocusOnEnd;
    if (tail > maxTail) slips.push({ kind: 'babble', reason: `${tail} decoder steps (${(tail * opts.secondsPerStep).toFixed(1)} s) after the last word: probably babble.` });
  }
  let focus = 0;
  for (let t = 0; t < weight.length; t++) focus += weight[t]!;
  return {
    words: health,
    slips,
    focus: weight.length ? focus / weight.length : 0,
    flagged: slips.length > 0 || health.some((h) => h.slips.length > 0),
  };
}
