// Streaming FLAC export through libFLAC (libflacjs, compiled to JavaScript: runs in Node without ffmpeg), atomic.
import { createRequire } from 'node:module';
import type LibFlac from 'libflacjs';
import { AtomicFile } from './atomic-file';

type Flac = LibFlac.Flac;
let loaded: Promise<Flac> | null = null;

/** The asm.js build: its WebAssembly build fetches its .wasm by URL, which Node's fetch refuses for a file path. */
function loadFlac(): Promise<Flac> {
  loaded ??= new Promise<Flac>((resolve) => {
    const flac = createRequire(import.meta.url)('libflacjs/dist/libflac.js') as Flac;
    if (flac.isReady()) resolve(flac);
    else flac.on('ready', () => resolve(flac));
  });
  return loaded;
}

/** STREAMINFO as libFLAC reports it at the end: written over the header, which a stream encoder cannot seek back to. */
function streamInfo(m: LibFlac.StreamMetadata): Uint8Array {
  const out = new Uint8Array(34);
  const v = new DataView(out.buffer);
  v.setUint16(0, m.min_blocksize); v.setUint16(2, m.max_blocksize);
  const u24 = (at: number, x: number): void => { out[at] = (x >> 16) & 255; out[at + 1] = (x >> 8) & 255; out[at + 2] = x & 255; };
  u24(4, m.min_framesize); u24(7, m.max_framesize);
  // 20 bits rate, 3 bits channels − 1, 5 bits bps − 1, 36 bits total samples.
  const total = m.total_samples;
  const hi = Math.floor(total / 2 ** 32), lo = total >>> 0;
  v.setUint32(10, ((m.sampleRate << 12) | ((m.channels - 1) << 9) | ((m.bitsPerSample - 1) << 4) | (hi & 15)) >>> 0);
  v.setUint32(14, lo);
  for (let i = 0; i < 16; i++) out[18 + i] = parseInt(m.md5sum.slice(i * 2, i * 2 + 2), 16) || 0;
  return out;
}

export class FlacWriter {
  private constructor(private readonly flac: Flac, private readonly encoder: number, private readonly file: AtomicFile,
    private readonly channels: number, private readonly meta: { value: LibFlac.StreamMetadata | null }, private readonly failure: { error: Error | null }) {}

  /** `totalFrames` goes into the header up front; the final STREAMINFO (with the MD5 of the audio) replaces it at close. */
  static async create(path: string, channels: 1 | 2, sampleRate: number, bits: 16 | 24, totalFrames: number, compression: LibFlac.CompressionLevel = 5): Promise<FlacWriter> {
    const flac = await loadFlac();
    const encoder = flac.create_libflac_encoder(sampleRate, channels, bits, compression, totalFrames, false, 0);
    if (!encoder) throw new Error('libFLAC could not create an encoder');
    const file = new AtomicFile(path);
    const meta: { value: LibFlac.StreamMetadata | null } = { value: null };
    const failure: { error: Error | null } = { error: null };
    const status = flac.init_encoder_stream(encoder, (data, bytes) => {
      try { file.append(data.subarray(0, bytes)); } catch (e) { failure.error = e as Error; return false; }
      return undefined;
    }, (m) => { if (m) meta.value = m; });
    if (status !== 0) {
      flac.FLAC__stream_encoder_delete(encoder);
      file.abort();
      throw new Error(`libFLAC refused the encoder settings (init status ${status})`);
    }
    return new FlacWriter(flac, encoder, file, channels, meta, failure);
  }

  /** Interleaved integer samples at the writer's bit depth. */
  write(interleaved: Int32Array<ArrayBuffer>): void {
    const frames = interleaved.length / this.channels;
    if (frames === 0) return;
    const ok = this.flac.FLAC__stream_encoder_process_interleaved(this.encoder, interleaved, frames);
    if (this.failure.error) throw this.failure.error;
    if (!ok) throw new Error(`libFLAC stopped encoding (state ${this.flac.FLAC__stream_encoder_get_state(this.encoder)})`);
  }

  close(): void {
    this.flac.FLAC__stream_encoder_finish(this.encoder);
    this.flac.FLAC__stream_encoder_delete(this.encoder);
    if (this.failure.error) { this.file.abort(); throw this.failure.error; }
    if (this.meta.value) this.file.writeAt(streamInfo(this.meta.value), 8);
    this.file.commit();
  }

  abort(): void {
    try { this.flac.FLAC__stream_encoder_delete(this.encoder); } finally { this.file.abort(); }
  }
}
