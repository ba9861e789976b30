// Whole-file operations on long recordings, streamed block by block with progress: measure and resample.
import { LoudnessMeter } from './loudness';
import { toDb, truePeak, type Measures } from './measures';
import { Resampler } from './resample';
import { WavFileWriter } from './wav-file';
import { probeWav, readWavBlocks } from './wav-stream';

export type Progress = (done: number, total: number) => void;

/** The same figures as measure(), computed in one streaming pass with memory independent of length. */
export function measureFile(path: string, onProgress?: Progress): Measures {
  const info = probeWav(path);
  const sr = info.sampleRate;
  const meter = new LoudnessMeter(sr, info.channels);
  const block10 = Math.max(1, Math.round(sr / 100));
  // 10 ms block energies; the noise floor is the quietest run of 50 blocks (500 ms), kept in a ring.
  const ring = new Float64Array(50);
  let ringSum = 0, ringCount = 0, quietest = Infinity;
  let blockAcc = 0, blockFill = 0;
  // SNR from 20 ms frame levels, kept as a histogram (0.1 dB bins) so memory does not grow.
  const hist = new Uint32Array(2000);
  let frameAcc = 0, frameFill = 0, frames = 0;
  const frameLen = Math.max(1, Math.round(sr * 0.02));
  let peak = 0, tp = 0, sumSq = 0, sum = 0, clipped = 0, runs = 0, done = 0;
  const runLen = new Int32Array(info.channels);
  // True peak needs neighbours across block edges: carry the last samples of each channel.
  const carry: Float32Array[] = Array.from({ length: info.channels }, () => new Float32Array(0));
  for (const block of readWavBlocks(path)) {
    const n = block[0]!.length;
    meter.push(block);
    for (let c = 0; c < info.channels; c++) {
      const x = block[c]!;
      let run = runLen[c]!;
      for (let i = 0; i < n; i++) {
        const v = x[i]!, a = v < 0 ? -v : v;
        if (a > peak) peak = a;
        sumSq += v * v; sum += v;
        if (a >= 0.999) { clipped++; if (++run === 3) runs++; } else run = 0;
      }
      runLen[c] = run;
      const joined = new Float32Array(carry[c]!.length + n);
      joined.set(carry[c]!);
      joined.set(x, carry[c]!.length);
      tp = Math.max(tp, truePeak(joined));
      carry[c] = joined.slice(Math.max(0, joined.length - 32));
    }
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let c = 0; c < info.channels; c++) e += block[c]![i]! ** 2;
      e /= info.channels;
      blockAcc += e; frameAcc += e;
      if (++blockFill === block10) {
        const slot = ringCount % 50;
        ringSum += blockAcc - (ringCount >= 50 ? ring[slot]! : 0);
        ring[slot] = blockAcc;
        ringCount++;
        if (ringCount >= 50) quietest = Math.min(quietest, ringSum / (50 * block10));
        blockAcc = 0; blockFill = 0;
      }
      if (++frameFill === frameLen) {
        const db = toDb(Math.sqrt(frameAcc / frameLen));
        hist[Math.max(0, Math.min(1999, Math.round((db + 200) * 10)))]!++;
        frames++;
        frameAcc = 0; frameFill = 0;
      }
    }
    done += n;
    onProgress?.(done, info.frames);
  }
  if (ringCount < 50 && ringCount > 0) quietest = ring.subarray(0, ringCount).reduce((a, b) => a + b, 0) / (ringCount * block10);
  const pct = (p: number): number => {
    const target = Math.floor(p * Math.max(0, frames - 1));
    let acc = 0;
    for (let b = 0; b < hist.length; b++) { acc += hist[b]!; if (acc > target) return b / 10 - 200; }
    return -Infinity;
  };
  const total = done * info.channels;
  const speech = pct(0.95), noise = pct(0.1);
  return {
    sampleRate: sr,
    channels: info.channels,
    durationSeconds: done / sr,
    peakDb: toDb(peak),
    truePeakDb: toDb(tp),
    rmsDb: total ? toDb(Math.sqrt(sumSq / total)) : -Infinity,
    noiseFloorDb: Number.isFinite(quietest) ? toDb(Math.sqrt(quietest)) : -Infinity,
    loudnessLufs: meter.integrated(),
    clippedSamples: clipped,
    clippedRuns: runs,
    snrDb: frames === 0 || speech <= -199 ? 0 : noise <= -199 ? Infinity : speech - noise,
    dcOffset: total ? sum / total : 0,
  };
}

/** Resamples a WAV file into a new 16-bit (or float) WAV, streaming. */
export function resampleFile(input: string, output: string, outRate: number, onProgress?: Progress, format: 'pcm16' | 'float32' = 'pcm16'): void {
  const info = probeWav(input);
  const resamplers = Array.from({ length: info.channels }, () => new Resampler(info.sampleRate, outRate));
  const writer = new WavFileWriter(output, { channels: info.channels, sampleRate: outRate, format });
  const write = (planar: Float32Array[]): void => {
    const n = planar[0]!.length;
    const inter = new Float32Array(n * info.channels);
    for (let c = 0; c < info.channels; c++) for (let i = 0; i < n; i++) inter[i * info.channels + c] = planar[c]![i]!;
    writer.append(inter);
  };
  try {
    let done = 0;
    for (const block of readWavBlocks(input)) {
      write(block.map((ch, c) => resamplers[c]!.process(ch)));
      done += block[0]!.length;
      onProgress?.(done, info.frames);
    }
    write(resamplers.map((r) => r.flush()));
  } finally {
    writer.close();
  }
}
