// MP3 export: LAME (WebAssembly) at a constant bit rate, and a frame-header reader to prove what was written.
import { createMp3Encoder } from 'wasm-media-encoders';

export type Mp3Bitrate = 64 | 96 | 128 | 160 | 192 | 256 | 320;
const RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000] as const;
type Mp3Rate = (typeof RATES)[number];

/** Encodes mono or stereo audio as CBR MP3 (ACX: 192 kbps at 44.1 kHz). Resample first: the rate must be an MP3 rate. */
export async function encodeMp3(channels: Float32Array[], sampleRate: number, bitrate: Mp3Bitrate = 192): Promise<Uint8Array> {
  if (channels.length !== 1 && channels.length !== 2) throw new Error(`MP3 holds mono or stereo, not ${channels.length} channels`);
  if (!RATES.includes(sampleRate as Mp3Rate)) throw new Error(`${sampleRate} Hz is not an MP3 sample rate; resample to 44100 first`);
  const encoder = await createMp3Encoder();
  encoder.configure({ channels: channels.length as 1 | 2, sampleRate, bitrate, outputSampleRate: sampleRate as Mp3Rate });
  const parts: Uint8Array[] = [];
  const block = 1152 * 64;
  const n = channels[0]!.length;
  for (let i = 0; i < n; i += block) {
    // The encoder reuses its output buffer: copy each chunk out.
    parts.push(encoder.encode(channels.map((c) => c.subarray(i, Math.min(n, i + block)))).slice());
  }
  parts.push(encoder.finalize().slice());
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

export interface Mp3Frame { offset: number; bitrateKbps: number; sampleRate: number; channels: 1 | 2; bytes: number }

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0];
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Walks the MPEG layer III frames of a file (skipping ID3v2): what an audiobook store's checker would read. */
export function readMp3Frames(bytes: Uint8Array): Mp3Frame[] {
  let pos = 0;
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33 && bytes.length >= 10) {
    pos = 10 + (((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f));
  }
  const frames: Mp3Frame[] = [];
  while (pos + 4 <= bytes.length) {
    const b1 = bytes[pos + 1]!, b2 = bytes[pos + 2]!, b3 = bytes[pos + 3]!;
    if (bytes[pos] !== 0xff || (b1 & 0xe0) !== 0xe0) { pos++; continue; }
    const version = (b1 >> 3) & 3; // 3 = MPEG1, 2 = MPEG2, 0 = MPEG2.5
    const layer = (b1 >> 1) & 3; // 1 = layer III
    const rateIndex = (b2 >> 2) & 3;
    const brIndex = b2 >> 4;
    if (version === 1 || layer !== 1 || rateIndex === 3 || brIndex === 0 || brIndex === 15) { pos++; continue; }
    const bitrateKbps = (version === 3 ? BITRATES_V1_L3 : BITRATES_V2_L3)[brIndex]!;
    const sampleRate = SAMPLE_RATES[version]![rateIndex]!;
    const padding = (b2 >> 1) & 1;
    const samplesPerFrame = version === 3 ? 1152 : 576;
    const size = Math.floor((samplesPerFrame / 8) * bitrateKbps * 1000 / sampleRate) + padding;
    frames.push({ offset: pos, bitrateKbps, sampleRate, channels: (b3 >> 6) === 3 ? 1 : 2, bytes: size });
    pos += size;
  }
  return frames;
}
