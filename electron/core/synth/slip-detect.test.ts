// The slip detector on attention matrices whose failure is known: clean readings, and a word skipped, repeated, mumbled, a cut decoder, no stop.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectSlips, type WordSpan } from './slip-detect';

/** A seeded generator (mulberry32): the same cases on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Failure = 'clean' | 'skipped' | 'repeated' | 'mumbled' | 'cut_short' | 'no_stop';

function spans(text: string): WordSpan[] {
  return [...text.matchAll(/[a-z']+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/**
 * What Tacotron2's attention looks like on a sentence (a Gaussian around a position that walks through the symbols,
 * 1–3 decoder steps per symbol, a small noise floor), with one failure forced into it.
 */
function synth(text: string, failure: Failure, target: number, rand: () => number, jitter = 0): { att: Float32Array[]; gateStopped: boolean } {
  const n = text.length;
  const words = spans(text);
  const w = words[target]!;
  // The path: a list of (position, sigma) per decoder step.
  const path: { p: number; sigma: number }[] = [];
  const walk = (from: number, to: number, sigma: number): void => {
    for (let i = from; i < to; i++) {
      const steps = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < steps; k++) path.push({ p: i + k / steps, sigma });
    }
  };
  const sharp = 0.45;
  if (failure === 'skipped') {
    walk(0, w.start, sharp);
    walk(w.end, n, sharp);
  } else if (failure === 'repeated') {
    walk(0, w.end, sharp);
    walk(w.start, n, sharp);
  } else if (failure === 'mumbled') {
    walk(0, w.start, sharp);
    walk(w.start, w.end, 2.5 + rand() * 2);
    walk(w.end, n, sharp);
  } else {
    walk(0, n, sharp);
  }
  if (failure === 'cut_short') {
    // The decoder stopped (gate fired early) before the last word.
    const last = words[words.length - 1]!;
    const cut = path.findIndex((s) => s.p >= last.start - 1);
    path.length = Math.max(1, cut);
  }
  // A short natural tail on the last symbol; a long one that wanders when the decoder does not stop.
  const tail = failure === 'no_stop' ? 40 + Math.floor(rand() * 40) : 2 + Math.floor(rand() * 4);
  const end = path[path.length - 1]?.p ?? 0;
  for (let k = 0; k < tail; k++) path.push({ p: failure === 'no_stop' ? end - rand() * 1.5 : end, sigma: failure === 'no_stop' ? 1.5 : sharp });
  const att = path.map(({ p: center, sigma }) => {
    // Real attention wobbles around its path; `jitter` is how far (in symbols, peak to peak).
    const p = center + (rand() - 0.5) * jitter;
    const row = new Float32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      row[i] = Math.exp(-((i - p) ** 2) / (2 * sigma * sigma)) + 0.002 * rand();
      sum += row[i]!;
    }
    for (let i = 0; i < n; i++) row[i]! /= sum;
    return row;
  });
  return { att, gateStopped: failure !== 'no_stop' };
}

const transcripts = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'text', 'ljspeech-metadata.csv');
const sentences = existsSync(transcripts)
  ? readFileSync(transcripts, 'utf8').split('\n').map((l) => (l.split('|')[2] ?? '').toLowerCase().replace(/[^a-z' ,.?!;-]/g, '').trim()).filter((t) => spans(t).length >= 4 && t.length <= 120).slice(0, 400)
  : [];

describe('slip detection', () => {
  it('passes a clean reading and finds nothing', () => {
    const text = 'the quick brown fox jumps over the lazy dog.';
    const { att, gateStopped } = synth(text, 'clean', 2, rng(1));
    const h = detectSlips(att, spans(text), { secondsPerStep: 0.0348, gateStopped });
    expect(h.flagged).toBe(false);
    expect(h.words.every((w) => w.visits === 1 && w.span !== null)).toBe(true);
    // Spans follow the reading order and sit inside the audio.
    for (let i = 1; i < h.words.length; i++) expect(h.words[i]!.span!.start).toBeGreaterThanOrEqual(h.words[i - 1]!.span!.start);
    expect(h.words.at(-1)!.span!.end).toBeLessThanOrEqual(att.length * 0.0348 + 1e-9);
  });

  it('names the skipped word and where it should have been', () => {
    const text = 'we will meet at the old mill tomorrow.';
    const { att } = synth(text, 'skipped', 4, rng(2));
    const h = detectSlips(att, spans(text), { secondsPerStep: 0.0348, gateStopped: true });
    expect(h.words[4]!.slips.map((s) => s.kind)).toEqual(['skipped']);
    expect(h.words[4]!.slips[0]!.reason).toMatch(/"the"/);
    expect(h.words.filter((w) => w.slips.length > 0)).toHaveLength(1);
  });

  it.skipIf(sentences.length < 100).each([
    { jitter: 0, floor: 0.8 },
    { jitter: 0.8, floor: 0.8 },
  ])('finds forced failures in 400 LJSpeech sentences (attention jitter $jitter symbols) with precision and recall ≥ $floor', ({ jitter, floor }) => {
    const rand = rng(42);
    const kinds: Failure[] = ['clean', 'clean', 'clean', 'skipped', 'repeated', 'mumbled', 'cut_short', 'no_stop'];
    const tally = new Map<string, { tp: number; fp: number; fn: number }>();
    const count = (kind: string, truth: boolean, said: boolean): void => {
      const t = tally.get(kind) ?? { tp: 0, fp: 0, fn: 0 };
      if (truth && said) t.tp++;
      else if (!truth && said) t.fp++;
      else if (truth && !said) t.fn++;
      tally.set(kind, t);
    };
    sentences.forEach((text, s) => {
      const failure = kinds[s % kinds.length]!;
      const words = spans(text);
      // Not the first or last word: those failures read as a cut or a late start, scored separately.
      const target = 1 + Math.floor(rand() * (words.length - 2));
      const { att, gateStopped } = synth(text, failure, target, rand, jitter);
      const h = detectSlips(att, words, { secondsPerStep: 0.0348, gateStopped });
      for (const kind of ['skipped', 'repeated', 'mumbled'] as const) {
        h.words.forEach((w, k) => count(kind, failure === kind && k === target, w.slips.some((x) => x.kind === kind)));
      }
      count('cut_short', failure === 'cut_short', h.slips.some((x) => x.kind === 'cut_short'));
      count('no_stop', failure === 'no_stop', h.slips.some((x) => x.kind === 'no_stop' || x.kind === 'babble'));
      count('any (sentence flagged)', failure !== 'clean', h.flagged);
    });
    const rows = [...tally].map(([kind, t]) => {
      const precision = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
      const recall = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
      return { kind, ...t, precision, recall };
    });
    console.log([`slip detection on 400 synthetic attention matrices (LJSpeech texts, 1–3 steps per symbol, noise floor, jitter ${jitter}):`,
      ...rows.map((r) => `  ${r.kind.padEnd(24)} tp ${String(r.tp).padStart(3)} fp ${String(r.fp).padStart(3)} fn ${String(r.fn).padStart(3)}  precision ${r.precision.toFixed(3)}  recall ${r.recall.toFixed(3)}`)].join('\n'));
    for (const r of rows) {
      expect(r.recall, r.kind).toBeGreaterThanOrEqual(floor);
      expect(r.precision, r.kind).toBeGreaterThanOrEqual(floor);
    }
  });
});
