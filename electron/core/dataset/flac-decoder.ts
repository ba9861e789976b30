// FLAC takes decoded by one wasm decoder per worker thread, kept for the whole build; anything else goes through decodeAudio.
//
// Why: decodeFile in @wasm-audio-decoders re-instantiates its WebAssembly module after every file. Each new instance
// is a fresh wasm memory: ~1.3 ms, mostly garbage collection forced by external-memory pressure, and it does not run in
// parallel (measured: 400 instantiations took as long split over two worker threads as on one), so two workers decoding
// FLAC were no faster than one. decodeFrames on a kept instance has neither cost. The samples are decodeAudio's, bit for bit (flac-decoder.test.ts), except that a final
// frame of one sample, which decodeAudio's frame parser folds into the one before and loses, is kept.
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { decodeAudio, sniffContainer, type DecodedAudio } from '../audio/decode';
import { flacFrames, flacTotalSamples } from './flac-frames';

let kept: FLACDecoder | null = null;

async function decoder(): Promise<FLACDecoder> {
  kept ??= new FLACDecoder();
  await kept.ready;
  return kept;
}

/** decodeAudio's result, with FLAC decoded on this thread's kept decoder when the file cuts cleanly into frames. */
export async function decodeTakeAudio(bytes: Uint8Array): Promise<DecodedAudio> {
  const frames = sniffContainer(bytes) === 'flac' ? flacFrames(bytes) : null;
  if (!frames) return decodeAudio(bytes);
  const d = await decoder();
  const r = await d.decodeFrames(frames);
  const promised = flacTotalSamples(bytes);
  if (r.errors.length > 0 || r.samplesDecoded === 0 || r.channelData.length === 0 || (promised > 0 && r.samplesDecoded !== promised)) {
    // Damaged audio or a decoder out of step: drop this decoder and let decodeAudio decode the file (and say what is wrong).
    d.free();
    kept = null;
    return decodeAudio(bytes);
  }
  // As decodeAudio: libFLAC's floats are int/(2^(b-1) − 1); WAV's are int/2^(b-1).
  const scale = r.bitDepth > 0 ? (2 ** (r.bitDepth - 1) - 1) / 2 ** (r.bitDepth - 1) : 1;
  if (scale !== 1) for (const ch of r.channelData) for (let i = 0; i < ch.length; i++) ch[i]! *= scale;
  return { container: 'flac', sampleRate: r.sampleRate, channels: r.channelData, warnings: [] };
}
