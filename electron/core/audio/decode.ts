// Decodes the audio users bring: WAV (our reader), FLAC, MP3, Ogg Opus and Ogg Vorbis (WebAssembly decoders).
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { MPEGDecoder } from 'mpg123-decoder';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { AudioFormatError } from './audio-error';
import { readMp3Frames } from './mp3';
import { decodeWav, type Audio } from './wav';

export type Container = 'wav' | 'flac' | 'mp3' | 'opus' | 'vorbis';
export interface DecodedAudio extends Audio {
  container: Container;
  warnings: string[];
}

/** What the bytes are, from their first bytes (never from the file name). */
export function sniffContainer(bytes: Uint8Array): Container | null {
  const head = String.fromCharCode(...bytes.subarray(0, 4));
  if ((head === 'RIFF' || head === 'RF64') && String.fromCharCode(...bytes.subarray(8, 12)) === 'WAVE') return 'wav';
  if (head === 'fLaC') return 'flac';
  if (head === 'OggS') {
    const firstPage = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 200)));
    if (firstPage.includes('OpusHead')) return 'opus';
    if (firstPage.includes('vorbis')) return 'vorbis';
    return null;
  }
  if (head.startsWith('ID3')) return 'mp3';
  // An MPEG audio frame sync: 11 set bits, layer III.
  if (bytes.length > 1 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe6) === 0xe2) return 'mp3';
  return null;
}

function finish(container: Container, channelData: Float32Array[], sampleRate: number, errors: { message: string }[]): DecodedAudio {
  const frames = channelData[0]?.length ?? 0;
  if (frames === 0 || sampleRate === 0) {
    throw new AudioFormatError('no_audio', `The ${container.toUpperCase()} file holds no audio${errors.length ? ` (${errors[0]!.message})` : ''}.`,
      'The file may be damaged or cut off; export it again.');
  }
  const warnings = errors.length ? [`${errors.length} damaged frame(s) were skipped (first: ${errors[0]!.message}).`] : [];
  // Copy out of the decoder's memory, which is freed below.
  return { container, sampleRate, channels: channelData.map((c) => Float32Array.from(c)), warnings };
}

interface WasmDecoder { ready: Promise<void>; free(): void }
interface DecodedChunk { channelData: Float32Array[]; sampleRate: number; errors: { message: string }[] }

/** Waits for a WebAssembly decoder, runs it once, and always frees its memory. */
async function withDecoder<D extends WasmDecoder>(decoder: D, run: (d: D) => DecodedChunk | Promise<DecodedChunk>, container: Container): Promise<DecodedAudio> {
  await decoder.ready;
  try {
    const r = await run(decoder);
    return finish(container, r.channelData, r.sampleRate, r.errors);
  } finally {
    decoder.free();
  }
}

/** Decodes a whole file in memory. Throws AudioFormatError with what was wrong and what to do. */
export async function decodeAudio(bytes: Uint8Array): Promise<DecodedAudio> {
  const container = sniffContainer(bytes);
  switch (container) {
    case 'wav': {
      const w = decodeWav(bytes);
      return { container, sampleRate: w.sampleRate, channels: w.channels, warnings: w.warnings };
    }
    case 'flac': {
      const d = new FLACDecoder();
      await d.ready;
      try {
        const r = await d.decodeFile(bytes);
        // libFLAC's floats are int/(2^(b-1) − 1); ours (and WAV's) are int/2^(b-1): rescale so both agree exactly.
        const scale = r.bitDepth > 0 ? (2 ** (r.bitDepth - 1) - 1) / 2 ** (r.bitDepth - 1) : 1;
        if (scale !== 1) for (const ch of r.channelData) for (let i = 0; i < ch.length; i++) ch[i]! *= scale;
        return finish(container, r.channelData, r.sampleRate, r.errors);
      } finally {
        d.free();
      }
    }
    case 'mp3': {
      const decoded = await withDecoder(new MPEGDecoder({ enableGapless: true }), (d) => d.decode(bytes), container);
      // mpg123 always hands back two channels; a mono file (every frame header says so) is one.
      const frames = readMp3Frames(bytes);
      const mono = frames.length > 0 && frames.every((f) => f.channels === 1);
      return mono && decoded.channels.length === 2 ? { ...decoded, channels: [decoded.channels[0]!] } : decoded;
    }
    case 'opus':
      return withDecoder(new OggOpusDecoder(), (d) => d.decodeFile(bytes), container);
    case 'vorbis':
      return withDecoder(new OggVorbisDecoder(), (d) => d.decodeFile(bytes), container);
    default:
      throw new AudioFormatError(bytes.length === 0 ? 'no_audio' : 'not_wav',
        bytes.length === 0 ? 'The file is empty.' : 'This file is not audio Voicewright can read (WAV, FLAC, MP3, Ogg Opus or Ogg Vorbis).',
        'Convert it to WAV or FLAC, or check that it is really an audio file.');
  }
}
