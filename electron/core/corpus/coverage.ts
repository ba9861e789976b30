// Coverage-driven prompt selection: lazy-greedy weighted set cover over phones and diphones, with coverage curves and gap-filling suggestions.
import { z } from 'zod';

/** A pool sentence with its units (see coverage-analyze.ts). */
export interface CoverageItem {
  id: string;
  text: string;
  phones: readonly string[];
  diphones: readonly string[];
  chars: number;
  words: number;
}

export const SelectionOptionsSchema = z.object({
  count: z.number().int().positive(),
  minChars: z.number().int().nonnegative().default(0),
  maxChars: z.number().int().positive().default(Number.MAX_SAFE_INTEGER),
  minWords: z.number().int().nonnegative().default(1),
  maxWords: z.number().int().positive().default(Number.MAX_SAFE_INTEGER),
  /** A new phone is worth this many new diphones: rare phones come first. */
  phoneWeight: z.number().nonnegative().default(10),
  diphoneWeight: z.number().nonnegative().default(1),
  /** 'sentence': most new units per prompt (fewest prompts); 'char': per character read (least recording time). */
  scoring: z.enum(['sentence', 'char']).default('sentence'),
});
export type SelectionOptions = z.input<typeof SelectionOptionsSchema>;
type Settings = z.output<typeof SelectionOptionsSchema>;

export interface Ratio {
  covered: number;
  total: number;
  ratio: number;
}

export interface Coverage {
  phones: Ratio;
  diphones: Ratio;
}

export interface Pick {
  id: string;
  text: string;
  /** Position in the pool. */
  index: number;
  gain: number;
  /** Units this prompt adds that nothing picked before it covers (empty once a later round repeats units). */
  newPhones: string[];
  newDiphones: string[];
  /** 1 while filling gaps; 2 and up once every unit is covered and the selection covers them again. */
  round: number;
}

export interface CurvePoint {
  k: number;
  phones: number;
  diphones: number;
}

export interface Selection {
  picks: Pick[];
  coverage: Coverage;
  /** Coverage after each pick (k = 1..picks.length). */
  curve: CurvePoint[];
  eligible: number;
  excluded: number;
  /** Units found only in sentences outside the length limits. */
  unreachable: { phones: string[]; diphones: string[] };
  missing: { phones: string[]; diphones: string[] };
}

interface Indexed {
  unitNames: string[];
  isPhone: Uint8Array;
  /** Distinct unit ids per item. */
  units: Int32Array[];
}

// One pool is usually selected from, then asked for suggestions again and again: index it once (pools are treated as immutable).
const indexed = new WeakMap<readonly CoverageItem[], Indexed>();

function indexPool(pool: readonly CoverageItem[]): Indexed {
  const hit = indexed.get(pool);
  if (hit && hit.units.length === pool.length) return hit;
  const ids = new Map<string, number>();
  const unitNames: string[] = [];
  const phoneFlags: number[] = [];
  const intern = (name: string, phone: boolean): number => {
    const key = phone ? `p ${name}` : `d ${name}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = unitNames.length;
      ids.set(key, id);
      unitNames.push(name);
      phoneFlags.push(phone ? 1 : 0);
    }
    return id;
  };
  const units = pool.map((item) => {
    const set = new Set<number>();
    for (const p of item.phones) set.add(intern(p, true));
    for (const d of item.diphones) set.add(intern(d, false));
    return Int32Array.from(set);
  });
  const result = { unitNames, isPhone: Uint8Array.from(phoneFlags), units };
  indexed.set(pool, result);
  return result;
}

/** A max-heap of item indices by score; equal scores pop in pool order, which keeps selection deterministic. */
class ScoreHeap {
  private readonly items: number[] = [];
  constructor(private readonly score: Float64Array) {}
  get size(): number {
    return this.items.length;
  }
  private above(a: number, b: number): boolean {
    const sa = this.score[a] ?? 0;
    const sb = this.score[b] ?? 0;
    return sa > sb || (sa === sb && a < b);
  }
  push(i: number): void {
    const h = this.items;
    h.push(i);
    let c = h.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.above(h[c] ?? 0, h[p] ?? 0)) break;
      [h[c], h[p]] = [h[p] ?? 0, h[c] ?? 0];
      c = p;
    }
  }
  pop(): number | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length && last !== undefined) {
      h[0] = last;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let best = p;
        if (l < h.length && this.above(h[l] ?? 0, h[best] ?? 0)) best = l;
        if (r < h.length && this.above(h[r] ?? 0, h[best] ?? 0)) best = r;
        if (best === p) break;
        [h[p], h[best]] = [h[best] ?? 0, h[p] ?? 0];
        p = best;
      }
    }
    return top;
  }
}

function eligible(item: CoverageItem, s: Settings): boolean {
  return item.chars >= s.minChars && item.chars <= s.maxChars && item.words >= s.minWords && item.words <= s.maxWords &&
    item.phones.length > 0;
}

/**
 * Greedy weighted set cover, lazily evaluated: a stale score is an upper bound on the current one (gains only
 * shrink as coverage grows), so only the heap's top is recomputed. Once every reachable unit is covered the
 * target rises to two covers per unit and so on, so a large N keeps picking for variety instead of at random.
 */
function greedy(pool: readonly CoverageItem[], idx: Indexed, candidates: readonly number[], initial: readonly number[], count: number, s: Settings): Pick[] {
  const weight = new Float64Array(idx.unitNames.length);
  for (let u = 0; u < weight.length; u++) weight[u] = idx.isPhone[u] ? s.phoneWeight : s.diphoneWeight;
  const times = new Int32Array(idx.unitNames.length);
  for (const i of initial) for (const u of idx.units[i] ?? []) times[u] = (times[u] ?? 0) + 1;
  const score = new Float64Array(pool.length);
  const stamp = new Int32Array(pool.length);
  let target = 1;
  const gainOf = (i: number): number => {
    let g = 0;
    for (const u of idx.units[i] ?? []) if ((times[u] ?? 0) < target) g += weight[u] ?? 0;
    return s.scoring === 'char' ? g / Math.max(1, pool[i]?.chars ?? 1) : g;
  };
  const picks: Pick[] = [];
  const taken = new Uint8Array(pool.length);
  const fill = (): ScoreHeap => {
    const heap = new ScoreHeap(score);
    for (const i of candidates) {
      if (taken[i]) continue;
      score[i] = gainOf(i);
      stamp[i] = picks.length;
      heap.push(i);
    }
    return heap;
  };
  let heap = fill();
  while (picks.length < count && heap.size > 0) {
    const i = heap.pop();
    if (i === undefined) break;
    if (taken[i]) continue;
    if (stamp[i] !== picks.length) {
      score[i] = gainOf(i);
      stamp[i] = picks.length;
      heap.push(i);
      continue;
    }
    if ((score[i] ?? 0) <= 0) {
      // Every unit left in the pool is covered `target` times: aim one cover above the least covered and rescore.
      let least = Number.MAX_SAFE_INTEGER;
      for (const c of candidates) if (!taken[c]) for (const u of idx.units[c] ?? []) least = Math.min(least, times[u] ?? 0);
      if (least === Number.MAX_SAFE_INTEGER) break;
      target = least + 1;
      heap = fill();
      continue;
    }
    const item = pool[i];
    if (!item) break;
    const newPhones: string[] = [];
    const newDiphones: string[] = [];
    for (const u of idx.units[i] ?? []) {
      if ((times[u] ?? 0) === 0) (idx.isPhone[u] ? newPhones : newDiphones).push(idx.unitNames[u] ?? '');
      times[u] = (times[u] ?? 0) + 1;
    }
    taken[i] = 1;
    picks.push({ id: item.id, text: item.text, index: i, gain: score[i] ?? 0, newPhones, newDiphones, round: target });
  }
  return picks;
}

function settingsOf(options: SelectionOptions): Settings {
  return SelectionOptionsSchema.parse(options);
}

function ratio(covered: number, total: number): Ratio {
  return { covered, total, ratio: total === 0 ? 1 : covered / total };
}

/** Pick `count` sentences from the pool that cover the most phones and diphones. */
export function selectPrompts(pool: readonly CoverageItem[], options: SelectionOptions): Selection {
  const s = settingsOf(options);
  const idx = indexPool(pool);
  const candidates: number[] = [];
  pool.forEach((item, i) => {
    if (eligible(item, s)) candidates.push(i);
  });
  const picks = greedy(pool, idx, candidates, [], s.count, s);

  const reachable = new Uint8Array(idx.unitNames.length);
  for (const i of candidates) for (const u of idx.units[i] ?? []) reachable[u] = 1;
  let totalPhones = 0;
  let totalDiphones = 0;
  for (let u = 0; u < reachable.length; u++) {
    if (!reachable[u]) continue;
    if (idx.isPhone[u]) totalPhones++;
    else totalDiphones++;
  }

  const covered = new Uint8Array(idx.unitNames.length);
  let phones = 0;
  let diphones = 0;
  const curve: CurvePoint[] = picks.map((p, k) => {
    for (const u of idx.units[p.index] ?? []) {
      if (covered[u]) continue;
      covered[u] = 1;
      if (idx.isPhone[u]) phones++;
      else diphones++;
    }
    return { k: k + 1, phones: ratio(phones, totalPhones).ratio, diphones: ratio(diphones, totalDiphones).ratio };
  });
  const namesWhere = (test: (u: number) => boolean, phone: boolean): string[] =>
    idx.unitNames.filter((_, u) => (idx.isPhone[u] === 1) === phone && test(u)).sort();
  const unreachable = (u: number): boolean => !reachable[u];
  const missing = (u: number): boolean => reachable[u] === 1 && !covered[u];
  return {
    picks,
    coverage: { phones: ratio(phones, totalPhones), diphones: ratio(diphones, totalDiphones) },
    curve,
    eligible: candidates.length,
    excluded: pool.length - candidates.length,
    unreachable: { phones: namesWhere(unreachable, true), diphones: namesWhere(unreachable, false) },
    missing: { phones: namesWhere(missing, true), diphones: namesWhere(missing, false) },
  };
}

/** Coverage of `chosen` measured against the units of the whole `pool` (for comparing selections). */
export function measureCoverage(chosen: readonly CoverageItem[], pool: readonly CoverageItem[]): Coverage {
  const all = { phones: new Set<string>(), diphones: new Set<string>() };
  for (const item of pool) {
    for (const p of item.phones) all.phones.add(p);
    for (const d of item.diphones) all.diphones.add(d);
  }
  const got = { phones: new Set<string>(), diphones: new Set<string>() };
  for (const item of chosen) {
    for (const p of item.phones) if (all.phones.has(p)) got.phones.add(p);
    for (const d of item.diphones) if (all.diphones.has(d)) got.diphones.add(d);
  }
  return { phones: ratio(got.phones.size, all.phones.size), diphones: ratio(got.diphones.size, all.diphones.size) };
}

export interface Suggestion extends Pick {
  /** Units this prompt brings that the script does not have yet. */
  missingUnits: string[];
}

/**
 * The k pool prompts that best fill what `selected` (ids already in the script) leaves uncovered, each with the
 * units it adds. Length limits as for selectPrompts; `count` in the options is ignored.
 */
export function suggestNext(selected: readonly string[], pool: readonly CoverageItem[], k: number, options: Omit<SelectionOptions, 'count'> = {}): Suggestion[] {
  const s = settingsOf({ ...options, count: Math.max(1, k) });
  const idx = indexPool(pool);
  const chosen = new Set(selected);
  const initial: number[] = [];
  const candidates: number[] = [];
  pool.forEach((item, i) => {
    if (chosen.has(item.id)) initial.push(i);
    else if (eligible(item, s)) candidates.push(i);
  });
  return greedy(pool, idx, candidates, initial, k, s).map((p) => ({ ...p, missingUnits: [...p.newPhones, ...p.newDiphones] }));
}
