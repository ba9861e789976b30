// Streaming CBR MP3 export (LAME in WebAssembly, as the audio core's encodeMp3, which needs the whole chapter in memory), atomic.
import { createMp3Encoder } from 'wasm-media-encoders';
import type { Mp3Bitrate } from '../../audio/mp3';
import { AtomicFile } from './atomic-file';

type Encoder = Awaited<ReturnType<typeof createMp3Encoder>>;

export class Mp3Writer {
  private constructor(private readonly encoder: Encoder, private readonly file: AtomicFile, readonly channels: 1 | 2) {}

  static async create(path: string, channels: 1 | 2, sampleRate: 44100 | 48000, bitrate: Mp3Bitrate = 192): Promise<Mp3Writer> {
    const encoder = await createMp3Encoder();
    encoder.configure({ channels, sampleRate, bitrate, outputSampleRate: sampleRate });
    return new Mp3Writer(encoder, new AtomicFile(path), channels);
  }

  /** Planar float samples, one array per channel. */
  write(planar: Float32Array[]): void {
    if (planar[0]!.length === 0) return;
    // The encoder reuses its output buffer: write each chunk out before the next call.
    this.file.append(this.encoder.encode(planar));
  }

  close(): void {
    this.file.append(this.encoder.finalize());
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}
