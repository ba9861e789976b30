// npm run bench:audio — speed of the audio and text core, each against a baseline measured in the same run.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import libsamplerate from '@alexanderolsen/libsamplerate-js';
import { melSpectrogram, melFilterbank, hannWindow, TACOTRON2_MEL } from '../electron/core/audio/mel';
import { resample } from '../electron/core/audio/resample';
import { measure } from '../electron/core/audio/measures';
import { yin } from '../electron/core/audio/pitch';
import { integratedLoudness } from '../electron/core/audio/loudness';
import { decodeWav } from '../electron/core/audio/wav';
import { normalizeText } from '../electron/core/text/normalize';
import { createG2p } from '../electron/core/text/g2p';

const rows: string[] = [];
const report = (name: string, seconds: number, audioSeconds: number | null, baseline: string, ratio: number, target: string): void => {
  rows.push(`${name.padEnd(40)} ${seconds.toFixed(3).padStart(8)} s ${audioSeconds === null ? '        ' : `${(audioSeconds / seconds).toFixed(0).padStart(6)}×RT`}  ${baseline.padEnd(34)} ${ratio.toFixed(2).padStart(7)}×  ${target}`);
};
function time(fn: () => void, repeat = 3): number {
  let best = Infinity;
  for (let r = 0; r < repeat; r++) {
    const t = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return best;
}

const clip = decodeWav(readFileSync(join(__dirname, '..', 'electron', 'core', 'audio', 'fixtures', 'LJ001-0001.wav'))).channels[0]!;
/** Five minutes of real speech at 22.05 kHz. */
const speech = new Float32Array(22050 * 300);
for (let o = 0; o < speech.length; o += clip.length) speech.set(clip.subarray(0, Math.min(clip.length, speech.length - o)), o);
const seconds = speech.length / 22050;

/** The textbook mel: dense filterbank multiply and a direct DFT per frame (what a port of the formulas does). */
function naiveMel(x: Float32Array, frames: number): void {
  const { nFft, hop } = TACOTRON2_MEL;
  const bins = nFft / 2 + 1;
  const dense = melFilterbank(TACOTRON2_MEL).map((f) => { const d = new Float64Array(bins); d.set(f.weights, f.start); return d; });
  const w = hannWindow(1024, 1024);
  const cos = new Float64Array(nFft * bins), sin = new Float64Array(nFft * bins);
  for (let k = 0; k < bins; k++) for (let i = 0; i < nFft; i++) { cos[k * nFft + i] = Math.cos((2 * Math.PI * k * i) / nFft); sin[k * nFft + i] = Math.sin((2 * Math.PI * k * i) / nFft); }
  const mag = new Float64Array(bins);
  for (let t = 0; t < frames; t++) {
    for (let k = 0; k < bins; k++) {
      let re = 0, im = 0;
      for (let i = 0; i < nFft; i++) { const v = (x[t * hop + i] ?? 0) * w[i]!; re += v * cos[k * nFft + i]!; im -= v * sin[k * nFft + i]!; }
      mag[k] = Math.hypot(re, im);
    }
    for (const d of dense) { let a = 0; for (let k = 0; k < bins; k++) a += d[k]! * mag[k]!; Math.log(Math.max(a, 1e-5)); }
  }
}

describe('audio and text core speed', () => {
  it('mel extraction ≥ 300× real time on one core', () => {
    const t = time(() => melSpectrogram(speech));
    const naiveFrames = 40;
    const tn = time(() => naiveMel(speech, naiveFrames), 1) * (melSpectrogram(speech).frames / naiveFrames);
    report('mel (Tacotron2, 5 min speech)', t, seconds, 'dense DFT + dense filterbank', tn / t, '≥ 300×RT');
    expect(seconds / t).toBeGreaterThan(300);
  });

  it('resampling 48 → 22.05 kHz ≥ 200× real time', async () => {
    const x48 = resample(speech, 22050, 48000);
    const t = time(() => resample(x48, 48000, 22050));
    const src = await libsamplerate.create(1, 48000, 22050, { converterType: libsamplerate.ConverterType.SRC_SINC_FASTEST });
    const tl = time(() => src.simple(x48), 1);
    src.destroy();
    report('resample 48→22.05 kHz (5 min)', t, seconds, 'libsamplerate wasm SINC_FASTEST', tl / t, '≥ 200×RT');
    expect(seconds / t).toBeGreaterThan(200);
  });

  it('loudness measures ≥ 500× real time', () => {
    const x44 = resample(speech, 22050, 44100);
    const t = time(() => integratedLoudness([x44], 44100));
    const tAll = time(() => measure([x44], 44100));
    report('EBU R128 integrated (44.1 kHz)', t, seconds, 'real time', seconds / t, '≥ 500×RT');
    report('all ACX measures incl. true peak', tAll, seconds, 'real time', seconds / tAll, '(no target)');
    expect(seconds / t).toBeGreaterThan(500);
  });

  it('YIN pitch (the take checks and the lab F0 metrics) ≥ 50× real time', () => {
    const minute = speech.subarray(0, 22050 * 60);
    const t = time(() => yin(minute, 22050), 1);
    // The textbook difference function, Σ (x[i] − x[i+τ])² for every lag, on a sample of frames, scaled to the minute.
    const tauMax = Math.ceil(22050 / 60), W = tauMax, hop = 220, frames = Math.floor((minute.length - W - tauMax) / hop) + 1;
    const sample = 300;
    const t0 = performance.now();
    let sink = 0;
    for (let f = 0; f < sample; f++) {
      const s = f * hop * Math.floor(frames / sample);
      for (let tau = 1; tau <= tauMax; tau++) { let acc = 0; for (let i = 0; i < W; i++) { const d = minute[s + i]! - minute[s + i + tau]!; acc += d * d; } sink += acc; }
    }
    const tDirect = ((performance.now() - t0) / 1000) * (frames / sample);
    expect(sink).toBeGreaterThan(0);
    report('YIN pitch (1 min speech, 22.05 kHz)', t, 60, 'direct difference function', tDirect / t, '≥ 50×RT');
    expect(60 / t).toBeGreaterThan(50);
  });

  const metadata = join(__dirname, '..', '..', 'shared', 'data', 'text', 'ljspeech-metadata.csv');
  it.skipIf(!existsSync(metadata))('normalization + G2P of all 13,100 LJSpeech transcripts in under a minute', async () => {
    const lines = readFileSync(metadata, 'utf8').split('\n').filter(Boolean).map((l) => l.split('|')[1] ?? '');
    const g2p = await createG2p();
    const t0 = performance.now();
    let words = 0;
    for (const raw of lines) {
      const norm = normalizeText(raw, 'en');
      words += g2p.phonemize(norm.text, 'en-US').words.length;
    }
    const t = (performance.now() - t0) / 1000;
    report(`normalize + G2P (${lines.length} lines, ${words} words)`, t, null, 'the 60 s budget', 60 / t, '< 60 s');
    expect(lines.length).toBe(13100);
    expect(t).toBeLessThan(60);
  });

  it('prints the table', () => {
    console.log(['', `${'benchmark'.padEnd(40)} ${'time'.padStart(10)} ${'speed'.padStart(8)}  ${'baseline (same run)'.padEnd(34)} ${'ratio'.padStart(8)}  target`, ...rows].join('\n'));
  });
});
