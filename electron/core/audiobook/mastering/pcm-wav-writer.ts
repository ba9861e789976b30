// Streaming 16- or 24-bit PCM WAV export (the audio core's WavFileWriter writes 16-bit and float only), atomic.
import { AtomicFile } from './atomic-file';

const HEADER = 44;
const LIMIT = 0xffffffff;

function header(channels: number, sampleRate: number, bits: 16 | 24, dataBytes: number): Uint8Array {
  const out = new Uint8Array(HEADER);
  const v = new DataView(out.buffer);
  const tag = (at: number, s: string): void => { for (let i = 0; i < 4; i++) v.setUint8(at + i, s.charCodeAt(i)); };
  const bps = bits / 8;
  tag(0, 'RIFF'); v.setUint32(4, 36 + dataBytes, true); tag(8, 'WAVE');
  tag(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true); v.setUint32(28, sampleRate * channels * bps, true);
  v.setUint16(32, channels * bps, true); v.setUint16(34, bits, true);
  tag(36, 'data'); v.setUint32(40, dataBytes, true);
  return out;
}

export class PcmWavWriter {
  private readonly file: AtomicFile;
  private dataBytes = 0;

  constructor(readonly path: string, readonly channels: 1 | 2, readonly sampleRate: number, readonly bits: 16 | 24) {
    this.file = new AtomicFile(path);
    this.file.append(header(channels, sampleRate, bits, 0));
  }

  /** Interleaved integer samples at the writer's bit depth. */
  write(interleaved: Int32Array): void {
    const bps = this.bits / 8;
    if (this.dataBytes + interleaved.length * bps > LIMIT - HEADER) {
      throw new Error('The chapter is too long for a WAV file (4 GiB); split it or export FLAC.');
    }
    const buf = new Uint8Array(interleaved.length * bps);
    // Byte by byte: several times faster than Buffer's writeIntLE per sample.
    if (this.bits === 16) {
      for (let i = 0, p = 0; i < interleaved.length; i++, p += 2) { const v = interleaved[i]!; buf[p] = v & 255; buf[p + 1] = (v >> 8) & 255; }
    } else {
      for (let i = 0, p = 0; i < interleaved.length; i++, p += 3) { const v = interleaved[i]!; buf[p] = v & 255; buf[p + 1] = (v >> 8) & 255; buf[p + 2] = (v >> 16) & 255; }
    }
    this.file.append(buf);
    this.dataBytes += buf.length;
  }

  close(): void {
    this.file.writeAt(header(this.channels, this.sampleRate, this.bits, this.dataBytes), 0);
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}
