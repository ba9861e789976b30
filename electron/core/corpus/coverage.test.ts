// Coverage-driven selection: a 1,000-prompt German script from the 23k Thorsten list, 100 from ARCTIC, gaps filled on request.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createG2p, type G2p } from '../text/g2p';
import { measureCoverage, selectPrompts, suggestNext, type CoverageItem } from './coverage';
import { analyzePrompts } from './coverage-analyze';
import { importPrompts } from './prompts-import';

const PROMPTS = join(process.cwd(), '..', 'shared', 'data', 'prompts');
const THORSTEN = join(PROMPTS, 'de', 'thorsten-corpus.tsv');
const ARCTIC = join(PROMPTS, 'cmuarctic.data');

let g2p: G2p;
beforeAll(async () => {
  g2p = await createG2p();
});

function load(path: string, language: 'en' | 'de'): CoverageItem[] {
  const r = importPrompts(readFileSync(path), { language });
  if (!r.ok) throw new Error(r.error.message);
  return analyzePrompts(r.value.prompts, g2p, language);
}

/** Seeded (mulberry32) so the random baseline is the same on every run. */
function randomSubset<T>(items: readonly T[], n: number, seed: number): T[] {
  let a = seed;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

const item = (id: string, phones: string[], diphones: string[], chars = 20, words = 4): CoverageItem => ({ id, text: id, phones, diphones, chars, words });

describe('selection on small pools', () => {
  it('breaks ties by pool order, never picks a prompt twice, and covers again once all is covered', () => {
    const pool = [item('a', ['x'], []), item('b', ['x'], []), item('c', ['y'], []), item('d', ['x', 'y'], [])];
    const s = selectPrompts(pool, { count: 3 });
    expect(s.picks.map((p) => p.id)).toEqual(['d', 'a', 'c']);
    expect(s.picks.map((p) => p.round)).toEqual([1, 2, 2]);
    expect(s.coverage.phones).toEqual({ covered: 2, total: 2, ratio: 1 });
  });

  it('leaves out prompts outside the length limits and names the units only they hold', () => {
    const pool = [item('long', ['x', 'z'], ['x-z'], 500, 60), item('ok', ['x'], ['#-x'], 30, 5), item('tiny', ['q'], [], 3, 1)];
    const s = selectPrompts(pool, { count: 3, maxChars: 200, minWords: 2 });
    expect(s.picks.map((p) => p.id)).toEqual(['ok']);
    expect(s.excluded).toBe(2);
    expect(s.unreachable).toEqual({ phones: ['q', 'z'], diphones: ['x-z'] });
  });

  it('can score per character read, preferring short prompts with the same units', () => {
    const pool = [item('long', ['x', 'y'], [], 100), item('short', ['x', 'y'], [], 20)];
    expect(selectPrompts(pool, { count: 1 }).picks[0]?.id).toBe('long');
    expect(selectPrompts(pool, { count: 1, scoring: 'char' }).picks[0]?.id).toBe('short');
  });

  it('suggests the prompts that fill what the script still lacks, listing the missing units', () => {
    const pool = [item('a', ['x'], ['#-x']), item('b', ['x', 'y'], ['#-x', 'x-y']), item('c', ['z'], ['#-z']), item('d', ['x'], ['#-x'])];
    const next = suggestNext(['b'], pool, 2);
    expect(next.map((p) => [p.id, p.missingUnits])).toEqual([['c', ['z', '#-z']], ['a', []]]);
  });
});

describe.skipIf(!existsSync(ARCTIC))('English: 100 prompts from CMU ARCTIC', () => {
  let pool: CoverageItem[] = [];
  beforeAll(() => {
    pool = load(ARCTIC, 'en');
  }, 60_000);

  it('covers every phone and beats a random 100 on diphones', () => {
    const t0 = performance.now();
    const s = selectPrompts(pool, { count: 100 });
    const ms = performance.now() - t0;
    const random = measureCoverage(randomSubset(pool, 100, 7), pool);
    console.log(
      `ARCTIC: ${pool.length} prompts, 100 selected in ${ms.toFixed(0)} ms; phones ${s.coverage.phones.covered}/${s.coverage.phones.total}, ` +
        `diphones ${s.coverage.diphones.covered}/${s.coverage.diphones.total} (${pct(s.coverage.diphones.ratio)}) vs random ${pct(random.diphones.ratio)}`,
    );
    expect(s.picks).toHaveLength(100);
    expect(s.coverage.phones.ratio).toBe(1);
    expect(s.coverage.diphones.ratio).toBeGreaterThan(random.diphones.ratio);
  });

  it('picks exactly what a plain (non-lazy) greedy picks', () => {
    const lazy = selectPrompts(pool, { count: 40 }).picks.map((p) => p.index);
    expect(lazy).toEqual(naiveGreedy(pool, 40));
  });
});

describe.skipIf(!existsSync(THORSTEN))('German: 1,000 prompts from the 23k Thorsten list', () => {
  let pool: CoverageItem[] = [];
  let analyzeMs = 0;
  beforeAll(() => {
    const t0 = performance.now();
    pool = load(THORSTEN, 'de');
    analyzeMs = performance.now() - t0;
  }, 120_000);

  it('selects 1,000 prompts well under a minute, covering ≥ 99% of the phones and more diphones than chance', () => {
    const t0 = performance.now();
    const s = selectPrompts(pool, { count: 1000, minWords: 3, maxChars: 200 });
    const selectMs = performance.now() - t0;
    const eligible = pool.filter((p) => p.words >= 3 && p.chars <= 200);
    const random = measureCoverage(randomSubset(eligible, 1000, 42), eligible);
    const at = (k: number): string => {
      const c = s.curve[k - 1];
      return c ? `k=${k}: ${pct(c.phones)} / ${pct(c.diphones)}` : '';
    };
    console.log(
      `Thorsten: ${pool.length} prompts imported+analyzed in ${(analyzeMs / 1000).toFixed(1)} s, ${s.eligible} within limits; ` +
        `1,000 selected in ${selectMs.toFixed(0)} ms (total ${((analyzeMs + selectMs) / 1000).toFixed(1)} s)\n` +
        `  phones ${s.coverage.phones.covered}/${s.coverage.phones.total} (${pct(s.coverage.phones.ratio)}), ` +
        `diphones ${s.coverage.diphones.covered}/${s.coverage.diphones.total} (${pct(s.coverage.diphones.ratio)}); ` +
        `random 1,000: phones ${pct(random.phones.ratio)}, diphones ${pct(random.diphones.ratio)}\n` +
        `  curve (phones / diphones): ${[10, 50, 100, 200, 400, 600, 1000].map(at).join('; ')}\n` +
        `  unreachable (outside limits): ${s.unreachable.phones.length} phones, ${s.unreachable.diphones.length} diphones`,
    );
    expect(s.picks).toHaveLength(1000);
    expect(analyzeMs + selectMs).toBeLessThan(60_000);
    expect(selectMs).toBeLessThan(10_000);
    expect(s.coverage.phones.ratio).toBeGreaterThanOrEqual(0.99);
    expect(s.coverage.diphones.ratio).toBeGreaterThan(random.diphones.ratio);
    expect(s.picks.every((p) => p.text.length <= 200)).toBe(true);
    for (let k = 1; k < s.curve.length; k++) expect(s.curve[k]?.diphones).toBeGreaterThanOrEqual(s.curve[k - 1]?.diphones ?? 0);
  });

  it('is deterministic', () => {
    const a = selectPrompts(pool, { count: 200 }).picks.map((p) => p.id);
    const b = selectPrompts(pool, { count: 200 }).picks.map((p) => p.id);
    expect(a).toEqual(b);
  });

  it('suggests next prompts that bring diphones a short script lacks', () => {
    const script = selectPrompts(pool, { count: 100 }).picks.map((p) => p.id);
    const t0 = performance.now();
    const next = suggestNext(script, pool, 5);
    console.log(`suggestNext over ${pool.length} in ${(performance.now() - t0).toFixed(0)} ms: ${next.map((n) => `${n.id} +${n.missingUnits.length}`).join(', ')}`);
    expect(next).toHaveLength(5);
    const inScript = new Set(script);
    const have = new Set(pool.filter((p) => inScript.has(p.id)).flatMap((p) => [...p.phones, ...p.diphones]));
    for (const n of next) {
      expect(inScript.has(n.id)).toBe(false);
      expect(n.missingUnits.length).toBeGreaterThan(0);
      expect(n.missingUnits.some((u) => have.has(u))).toBe(false);
    }
  });
});

function pct(r: number): string {
  return `${(r * 100).toFixed(1)}%`;
}

/** Reference greedy with the default weights: rescore everything after each pick. */
function naiveGreedy(pool: readonly CoverageItem[], count: number): number[] {
  const have = new Set<string>();
  const picked: number[] = [];
  const gain = (p: CoverageItem): number =>
    p.phones.filter((x) => !have.has(`p ${x}`)).length * 10 + p.diphones.filter((x) => !have.has(`d ${x}`)).length;
  while (picked.length < count) {
    let best = -1;
    let bestGain = 0;
    pool.forEach((p, i) => {
      const g = picked.includes(i) ? 0 : gain(p);
      if (g > bestGain) {
        best = i;
        bestGain = g;
      }
    });
    if (best < 0) break;
    picked.push(best);
    const p = pool[best];
    for (const x of p?.phones ?? []) have.add(`p ${x}`);
    for (const x of p?.diphones ?? []) have.add(`d ${x}`);
  }
  return picked;
}
