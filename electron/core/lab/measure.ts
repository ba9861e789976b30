// Every objective metric of one vocoded output against its reference recording (both mono at the mel rate).
import type { Metrics } from '../../shared/domains/lab';
import { f0Distance } from './metrics/f0-distance';
import { mcdDtw } from './metrics/mcd';
import type { McepConfig } from './metrics/mel-cepstrum';
import { logSpectralDistance, mrstftDistance } from './metrics/spectral-distance';

export function measure(reference: Float32Array, test: Float32Array, mcep: McepConfig): Metrics {
  const mr = mrstftDistance(reference, test);
  const f0 = f0Distance(reference, test, mcep.sampleRate);
  return {
    mcd: mcdDtw(reference, test, mcep).mcd,
    lsd: logSpectralDistance(reference, test),
    f0RmseCents: f0.logF0RmseCents,
    vuvError: f0.vuvError,
    mrstft: mr.total,
    spectralConvergence: mr.spectralConvergence,
    logMagnitude: mr.logMagnitude,
  };
}

/** No reference recording: nothing to compare with. */
export const UNMEASURED: Metrics = { mcd: null, lsd: null, f0RmseCents: null, vuvError: null, mrstft: null, spectralConvergence: null, logMagnitude: null };

/** A Tacotron2-rendered mel keeps its own timing: only the DTW-aligned MCD compares it with the recording. */
export function measureAligned(reference: Float32Array, test: Float32Array, mcep: McepConfig): Metrics {
  return { ...UNMEASURED, mcd: mcdDtw(reference, test, mcep).mcd };
}
