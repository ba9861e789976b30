// Dynamic time warping of two feature sequences (Euclidean frame distance, steps ↘ ↓ →), as ESPnet aligns mel-cepstra before MCD.
export interface DtwResult {
  /** Aligned frame pairs [i in a, j in b], from (0, 0) to (n−1, m−1). */
  path: [number, number][];
  /** Sum of frame distances along the path. */
  cost: number;
}

/** Largest cost matrix we fill (frames × frames): 6000 × 6000 frames is ~70 s against ~70 s at hop 256 / 22.05 kHz. */
export const DTW_MAX_CELLS = 36_000_000;

export function euclidean(a: Float64Array, b: Float64Array, from = 0): number {
  let s = 0;
  for (let k = from; k < a.length; k++) { const d = a[k]! - b[k]!; s += d * d; }
  return Math.sqrt(s);
}

/**
 * Exact DTW. D[i][j] = dist(i, j) + min(D[i−1][j−1], D[i−1][j], D[i][j−1]); the backtrack prefers the diagonal,
 * then i−1, then j−1 on ties (the reference script does the same, so both pick the same path).
 */
export function dtw(a: readonly Float64Array[], b: readonly Float64Array[], dist: (x: Float64Array, y: Float64Array) => number = euclidean): DtwResult {
  const n = a.length, m = b.length;
  if (n === 0 || m === 0) throw new Error('DTW needs at least one frame on each side');
  if (n * m > DTW_MAX_CELLS) throw new Error(`DTW of ${n} × ${m} frames is too large (limit ${DTW_MAX_CELLS} cells); split the utterance into shorter clips`);
  const D = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const c = dist(a[i]!, b[j]!);
      let best: number;
      if (i === 0 && j === 0) best = 0;
      else if (i === 0) best = D[j - 1]!;
      else if (j === 0) best = D[(i - 1) * m]!;
      else best = Math.min(D[(i - 1) * m + j - 1]!, D[(i - 1) * m + j]!, D[i * m + j - 1]!);
      D[i * m + j] = c + best;
    }
  }
  const path: [number, number][] = [[n - 1, m - 1]];
  let i = n - 1, j = m - 1;
  while (i > 0 || j > 0) {
    if (i === 0) j--;
    else if (j === 0) i--;
    else {
      const diag = D[(i - 1) * m + j - 1]!, up = D[(i - 1) * m + j]!, left = D[i * m + j - 1]!;
      if (diag <= up && diag <= left) { i--; j--; } else if (up <= left) i--; else j--;
    }
    path.push([i, j]);
  }
  path.reverse();
  return { path, cost: D[n * m - 1]! };
}
