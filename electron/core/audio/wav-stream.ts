// Reads long WAV files in blocks (bounded memory): a 3-hour chapter is measured or resampled without loading it.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AudioFormatError } from './audio-error';
import { decodeWav, type SampleFormat } from './wav';

export interface WavStreamInfo {
  sampleRate: number;
  channels: number;
  format: SampleFormat;
  frames: number;
  dataOffset: number;
}

/** Parses the header from the first 64 KiB (enough for any real header) and locates the data. */
export function probeWav(path: string): WavStreamInfo {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 65536));
    readSync(fd, head, 0, head.length, 0);
    // Find the data chunk, then let the full reader validate the header on a copy truncated to a few frames.
    let pos = 12, dataOffset = -1, dataSize = 0;
    const riff = head.toString('latin1', 0, 4);
    let ds64Data: number | null = null;
    while (pos + 8 <= head.length) {
      const id = head.toString('latin1', pos, pos + 4);
      const chunk = head.readUInt32LE(pos + 4);
      if (id === 'ds64' && pos + 24 <= head.length) ds64Data = head.readUInt32LE(pos + 16) + head.readUInt32LE(pos + 20) * 2 ** 32;
      if (id === 'data') { dataOffset = pos + 8; dataSize = chunk; break; }
      const next = pos + 8 + chunk + (chunk % 2);
      if (next <= pos) break;
      pos = next;
    }
    const probe = decodeWav(head.subarray(0, dataOffset > 0 ? Math.min(head.length, dataOffset + 64) : head.length));
    if (dataOffset < 0) throw new AudioFormatError('no_audio', 'The WAV file has no data chunk.', 'Record or export it again.');
    const present = size - dataOffset;
    let bytes = riff === 'RF64' && dataSize === 0xffffffff && ds64Data !== null ? ds64Data : dataSize;
    if (bytes === 0 || bytes === 0xffffffff || bytes > present) bytes = present;
    const bps = { pcm8: 1, pcm16: 2, pcm24: 3, pcm32: 4, float32: 4, float64: 8 }[probe.format];
    return { sampleRate: probe.sampleRate, channels: probe.channels.length, format: probe.format, frames: Math.floor(bytes / (bps * probe.channels.length)), dataOffset };
  } finally {
    closeSync(fd);
  }
}

/** Yields planar blocks of `blockFrames` frames (the last may be shorter). */
export function* readWavBlocks(path: string, blockFrames = 65536): Generator<Float32Array[], void, void> {
  const info = probeWav(path);
  const bps = { pcm8: 1, pcm16: 2, pcm24: 3, pcm32: 4, float32: 4, float64: 8 }[info.format];
  const frameBytes = bps * info.channels;
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(blockFrames * frameBytes);
  try {
    for (let f = 0; f < info.frames; f += blockFrames) {
      const frames = Math.min(blockFrames, info.frames - f);
      const got = readSync(fd, buf, 0, frames * frameBytes, info.dataOffset + f * frameBytes);
      const n = Math.floor(got / frameBytes);
      const out = Array.from({ length: info.channels }, () => new Float32Array(n));
      let p = 0;
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < info.channels; c++, p += bps) {
          let v: number;
          switch (info.format) {
            case 'pcm8': v = (buf[p]! - 128) / 128; break;
            case 'pcm16': v = buf.readInt16LE(p) / 32768; break;
            case 'pcm24': v = buf.readIntLE(p, 3) / 8388608; break;
            case 'pcm32': v = buf.readInt32LE(p) / 2147483648; break;
            case 'float32': v = buf.readFloatLE(p); break;
            case 'float64': v = buf.readDoubleLE(p); break;
          }
          out[c]![i] = Number.isFinite(v) ? v : 0;
        }
      }
      yield out;
      if (n < frames) return; // file shorter than its header said
    }
  } finally {
    closeSync(fd);
  }
}
