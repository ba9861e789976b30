// WAV reading (PCM 8/16/24/32, float 32/64, EXTENSIBLE, RF64, damaged sizes) and in-memory writing.
import { AudioFormatError } from './audio-error';

export interface Audio {
  sampleRate: number;
  /** One Float32Array per channel, samples in [-1, 1]. */
  channels: Float32Array[];
}
export type SampleFormat = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'float64';
export interface DecodedWav extends Audio {
  format: SampleFormat;
  container: 'RIFF' | 'RF64';
  /** Things that were wrong with the file but could be read around (sizes clamped, NaN replaced…). */
  warnings: string[];
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const UNKNOWN_SIZE = 0xffffffff;

function ascii(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

/** Says what a non-WAV file most likely is, for the error message. */
function sniff(bytes: Uint8Array): string {
  const s = String.fromCharCode(...bytes.subarray(0, 4));
  if (s === 'fLaC') return 'a FLAC file';
  if (s === 'OggS') return 'an Ogg file';
  if (s.startsWith('ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'an MP3 file';
  if (s === 'FORM') return 'an AIFF file';
  return 'not a WAV file';
}

interface Fmt {
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

function sampleFormat(fmt: Fmt): SampleFormat {
  const { formatTag: tag, bitsPerSample: bits } = fmt;
  if (tag === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bits)) return `pcm${bits}` as SampleFormat;
  if (tag === WAVE_FORMAT_IEEE_FLOAT && (bits === 32 || bits === 64)) return `float${bits}` as SampleFormat;
  throw new AudioFormatError('unsupported_format', `Unsupported WAV encoding (format tag ${tag}, ${bits} bits per sample).`,
    'Convert it to 16-bit PCM or 32-bit float WAV, or to FLAC.');
}

export function decodeWav(input: Uint8Array): DecodedWav {
  const bytes = input;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: string[] = [];
  if (bytes.length < 12) {
    throw new AudioFormatError(bytes.length === 0 ? 'no_audio' : 'truncated', `The file is ${bytes.length === 0 ? 'empty' : `only ${bytes.length} bytes long`}.`, 'Record or export the take again.');
  }
  const riff = ascii(view, 0);
  if ((riff !== 'RIFF' && riff !== 'RF64') || ascii(view, 8) !== 'WAVE') {
    throw new AudioFormatError('not_wav', `This is ${sniff(bytes)}, not a WAV file, despite its name.`, 'Import it through the audio importer, which decodes FLAC, MP3 and Ogg, or rename it to its real extension.');
  }
  let fmt: Fmt | null = null;
  let dataStart = -1;
  let dataSize = 0;
  let ds64DataSize: number | null = null;
  let pos = 12;
  while (pos + 8 <= bytes.length) {
    const id = ascii(view, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'ds64' && body + 16 <= bytes.length) {
      ds64DataSize = view.getUint32(body + 8, true) + view.getUint32(body + 12, true) * 2 ** 32;
    } else if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new AudioFormatError('bad_header', 'The WAV format chunk is cut short.', 'The file is damaged; export it again.');
      fmt = {
        formatTag: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
      if (fmt.formatTag === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 40 > bytes.length) throw new AudioFormatError('bad_header', 'The WAVE_FORMAT_EXTENSIBLE header is cut short.', 'The file is damaged; export it again.');
        // The sub-format GUID's first two bytes carry the real format tag.
        fmt.formatTag = view.getUint16(body + 24, true);
      }
    } else if (id === 'data') {
      dataStart = body;
      const present = bytes.length - body;
      if (riff === 'RF64' && size === UNKNOWN_SIZE && ds64DataSize !== null) dataSize = ds64DataSize;
      else if (size === 0 || size === UNKNOWN_SIZE) {
        dataSize = present;
        warnings.push('The data size in the header was unset (a recording that did not finish); read to the end of the file.');
      } else dataSize = size;
      if (dataSize > present) {
        warnings.push(`The header promises ${dataSize} bytes of audio but only ${present} are present; the file was cut short.`);
        dataSize = present;
      }
      break;
    }
    // Chunks are word-aligned; a zero or absurd size must not stall or overrun the walk.
    const next = body + size + (size % 2);
    if (size === UNKNOWN_SIZE || next <= pos) break;
    pos = next;
  }
  if (!fmt) throw new AudioFormatError('bad_header', 'The WAV file has no format chunk.', 'The file is damaged; export it again.');
  if (dataStart < 0) throw new AudioFormatError('no_audio', 'The WAV file has a header but no audio data.', 'Record or export the take again.');
  const format = sampleFormat(fmt);
  if (fmt.channels < 1 || fmt.channels > 64) throw new AudioFormatError('bad_header', `The header claims ${fmt.channels} channels.`, 'The file is damaged; export it again.');
  if (fmt.sampleRate < 1000 || fmt.sampleRate > 768000) throw new AudioFormatError('bad_header', `The header claims a sample rate of ${fmt.sampleRate} Hz.`, 'The file is damaged; export it again.');
  const bytesPerSample = fmt.bitsPerSample / 8;
  const frameBytes = bytesPerSample * fmt.channels;
  if (fmt.blockAlign !== frameBytes) warnings.push(`The block alignment (${fmt.blockAlign}) disagrees with the format; used ${frameBytes}.`);
  const frames = Math.floor(dataSize / frameBytes);
  if (dataSize % frameBytes !== 0) warnings.push('The audio ends in a partial sample frame, which was dropped.');
  const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
  let nonFinite = 0;
  let p = dataStart;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < fmt.channels; c++, p += bytesPerSample) {
      let v: number;
      switch (format) {
        case 'pcm8': v = (view.getUint8(p) - 128) / 128; break;
        case 'pcm16': v = view.getInt16(p, true) / 32768; break;
        case 'pcm24': v = ((view.getUint8(p) | (view.getUint8(p + 1) << 8) | (view.getInt8(p + 2) << 16))) / 8388608; break;
        case 'pcm32': v = view.getInt32(p, true) / 2147483648; break;
        case 'float32': v = view.getFloat32(p, true); break;
        case 'float64': v = view.getFloat64(p, true); break;
      }
      if (!Number.isFinite(v)) { nonFinite++; v = 0; }
      channels[c]![i] = v;
    }
  }
  if (nonFinite > 0) warnings.push(`${nonFinite} samples were NaN or infinite and were replaced with silence.`);
  return { sampleRate: fmt.sampleRate, channels, format, container: riff, warnings };
}

function clampToInt(v: number, max: number): number {
  const s = Math.round(v * max);
  return s > max - 1 ? max - 1 : s < -max ? -max : s;
}

/** Writes a WAV in memory (16-bit PCM or 32-bit float). For files past 4 GiB use WavFileWriter. */
export function encodeWav(audio: Audio, format: 'pcm16' | 'float32' = 'pcm16'): Uint8Array {
  const nch = audio.channels.length;
  if (nch === 0) throw new Error('encodeWav needs at least one channel');
  const frames = audio.channels[0]!.length;
  const bps = format === 'pcm16' ? 2 : 4;
  const dataBytes = frames * nch * bps;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  writeRiffHeader(view, { channels: nch, sampleRate: audio.sampleRate, format }, dataBytes);
  let p = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nch; c++) {
      const v = audio.channels[c]![i] ?? 0;
      if (format === 'pcm16') { view.setInt16(p, clampToInt(v, 32768), true); p += 2; }
      else { view.setFloat32(p, v, true); p += 4; }
    }
  }
  return out;
}

export interface WavLayout { channels: number; sampleRate: number; format: 'pcm16' | 'float32' }

/** The canonical 44-byte RIFF header. */
export function writeRiffHeader(view: DataView, layout: WavLayout, dataBytes: number): void {
  const bps = layout.format === 'pcm16' ? 2 : 4;
  const set4 = (at: number, s: string): void => { for (let i = 0; i < 4; i++) view.setUint8(at + i, s.charCodeAt(i)); };
  set4(0, 'RIFF');
  view.setUint32(4, Math.min(UNKNOWN_SIZE, 36 + dataBytes), true);
  set4(8, 'WAVE');
  set4(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, layout.format === 'pcm16' ? WAVE_FORMAT_PCM : WAVE_FORMAT_IEEE_FLOAT, true);
  view.setUint16(22, layout.channels, true);
  view.setUint32(24, layout.sampleRate, true);
  view.setUint32(28, layout.sampleRate * layout.channels * bps, true);
  view.setUint16(32, layout.channels * bps, true);
  view.setUint16(34, bps * 8, true);
  set4(36, 'data');
  view.setUint32(40, Math.min(UNKNOWN_SIZE, dataBytes), true);
}
