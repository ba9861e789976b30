// MUSHRA anchors: a steep linear-phase low-pass (Kaiser-windowed sinc, ≥ 90 dB stopband from the cut-off up), applied with zero delay.

/** Modified Bessel function of the first kind, order 0 (the Kaiser window). */
function besselI0(x: number): number {
  let sum = 1, term = 1;
  for (let k = 1; k < 60; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-14 * sum) break;
  }
  return sum;
}

export interface LowpassDesign {
  taps: Float64Array;
  /** Where the stopband starts (Hz): BS.1534's cut-off; everything above is attenuated by `attenuationDb`. */
  stopHz: number;
  /** Where the passband ends (Hz). */
  passHz: number;
  attenuationDb: number;
}

/**
 * Designs the anchor filter so the stopband starts at `cutoffHz` (BS.1534-3 asks for the anchor's bandwidth to end there),
 * with a `transitionHz` wide transition band below it. Kaiser's formulas give β and the length for the attenuation.
 */
export function designLowpass(cutoffHz: number, sampleRate: number, transitionHz = 250, attenuationDb = 100): LowpassDesign {
  if (!(cutoffHz > transitionHz && cutoffHz < sampleRate / 2)) {
    throw new RangeError(`A ${cutoffHz} Hz low-pass needs a sample rate above ${2 * cutoffHz} Hz (this audio is ${sampleRate} Hz).`);
  }
  const beta = attenuationDb > 50 ? 0.1102 * (attenuationDb - 8.7) : 0.5842 * (attenuationDb - 21) ** 0.4 + 0.07886 * (attenuationDb - 21);
  const dw = (2 * Math.PI * transitionHz) / sampleRate;
  let n = Math.ceil((attenuationDb - 7.95) / (2.285 * dw)) + 1;
  if (n % 2 === 0) n += 1; // odd length: a whole-sample delay that can be removed exactly
  const fc = (cutoffHz - transitionHz / 2) / sampleRate; // normalised centre of the transition band
  const m = (n - 1) / 2;
  const i0b = besselI0(beta);
  const taps = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const t = k - m;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const r = t / m;
    taps[k] = sinc * (besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b);
    sum += taps[k]!;
  }
  for (let k = 0; k < n; k++) taps[k]! /= sum; // unity gain at DC
  return { taps, stopHz: cutoffHz, passHz: cutoffHz - transitionHz, attenuationDb };
}

/** Filters `x` with the symmetric FIR and removes its delay: the output lines up with the input sample for sample. */
export function filterZeroPhase(x: Float32Array, taps: Float64Array): Float32Array {
  const n = taps.length;
  const m = (n - 1) / 2;
  const len = x.length;
  const out = new Float32Array(len);
  for (let i = 0; i < len; i++) {
    // y[i] = Σ h[k]·x[i + m − k], zero outside the signal.
    const kMin = Math.max(0, i + m - (len - 1));
    const kMax = Math.min(n - 1, i + m);
    let acc = 0;
    for (let k = kMin; k <= kMax; k++) acc += taps[k]! * x[i + m - k]!;
    out[i] = acc;
  }
  return out;
}

/** The BS.1534-3 anchor: the signal band-limited to `cutoffHz` (3500 for the low, 7000 for the mid anchor). */
export function lowpassAnchor(x: Float32Array, sampleRate: number, cutoffHz: number): Float32Array {
  return filterZeroPhase(x, designLowpass(cutoffHz, sampleRate).taps);
}
