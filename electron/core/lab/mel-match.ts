// Whether a vocoder's mel config matches the experiment's input mels, and if not exactly what differs.
import type { MelDecl } from '../../shared/domains/lab';
import { TACOTRON2_MEL, type MelConfig } from '../audio/mel';

/** The built-in Griffin-Lim's mels: DESIGN.md's one definition. */
export const DEFAULT_MEL_DECL: MelDecl = {
  sampleRate: TACOTRON2_MEL.sampleRate, nFft: TACOTRON2_MEL.nFft, hop: TACOTRON2_MEL.hop, win: TACOTRON2_MEL.win, nMels: TACOTRON2_MEL.nMels,
  fmin: TACOTRON2_MEL.fmin, fmax: TACOTRON2_MEL.fmax, melScale: 'slaney', center: true, logBase: 'e', clamp: 1e-5,
};

const FIELDS: [keyof MelDecl, string, string][] = [
  ['sampleRate', 'sample rate', ' Hz'], ['hop', 'hop', ' samples'], ['nFft', 'n_fft', ''], ['win', 'window', ' samples'],
  ['nMels', 'mel count', ''], ['fmin', 'fmin', ' Hz'], ['fmax', 'fmax', ' Hz'], ['melScale', 'mel scale', ''],
  ['logBase', 'log base', ''], ['clamp', 'log clamp', ''], ['center', 'centred frames', ''],
];

/** "sample rate 16000 Hz, not 22050 Hz" for each field where `vocoder` differs from `input`; empty when they match. */
export function melMismatch(vocoder: MelDecl, input: MelDecl): string[] {
  return FIELDS.filter(([k]) => vocoder[k] !== input[k]).map(([k, name, unit]) => `${name} ${String(vocoder[k])}${unit}, not ${String(input[k])}${unit}`);
}

/** The core mel extractor's config for a declared one (centred frames are Tacotron2's padding). */
export function melConfigOf(m: MelDecl): MelConfig {
  return { sampleRate: m.sampleRate, nFft: m.nFft, hop: m.hop, win: m.win, nMels: m.nMels, fmin: m.fmin, fmax: m.fmax, padding: m.center ? 'center' : 'hifigan' };
}
