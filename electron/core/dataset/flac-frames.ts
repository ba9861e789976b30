// Cuts a FLAC file into its frames (RFC 9639 headers with CRC-8, frames checked by CRC-16), so one wasm decoder can take file after file.

const crc8Table = new Uint8Array(256);
const crc16Table = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let c8 = i;
  let c16 = i << 8;
  for (let b = 0; b < 8; b++) {
    c8 = c8 & 0x80 ? ((c8 << 1) ^ 0x07) & 0xff : (c8 << 1) & 0xff;
    c16 = c16 & 0x8000 ? ((c16 << 1) ^ 0x8005) & 0xffff : (c16 << 1) & 0xffff;
  }
  crc8Table[i] = c8;
  crc16Table[i] = c16;
}

function crc16(b: Uint8Array, start: number, end: number): number {
  let c = 0;
  for (let i = start; i < end; i++) c = ((c << 8) & 0xffff) ^ crc16Table[(c >> 8) ^ b[i]!]!;
  return c;
}

/** Where the audio frames begin: after "fLaC" and the metadata blocks; -1 when this is no FLAC file. */
function firstFrameOffset(b: Uint8Array): number {
  if (b.length < 8 || b[0] !== 0x66 || b[1] !== 0x4c || b[2] !== 0x61 || b[3] !== 0x43) return -1;
  let p = 4;
  for (;;) {
    if (p + 4 > b.length) return -1;
    const last = (b[p]! & 0x80) !== 0;
    p += 4 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
    if (last) return p <= b.length ? p : -1;
  }
}

/** True when a valid frame header with a matching CRC-8 starts at p (same blocking strategy as the stream's first frame). */
function isFrameHeader(b: Uint8Array, p: number, strategy: number): boolean {
  if (p + 6 > b.length || b[p] !== 0xff || b[p + 1] !== strategy) return false;
  const blockCode = b[p + 2]! >> 4;
  const rateCode = b[p + 2]! & 0x0f;
  const channels = b[p + 3]! >> 4;
  const sizeCode = (b[p + 3]! >> 1) & 0x07;
  if (blockCode === 0 || rateCode === 0x0f || channels > 10 || sizeCode === 3 || (b[p + 3]! & 1) !== 0) return false;
  // The frame or sample number, coded like UTF-8 (up to 7 bytes).
  let q = p + 4;
  const lead = b[q]!;
  let extra = 0;
  if (lead >= 0xfe) extra = 6;
  else if (lead >= 0xfc) extra = 5;
  else if (lead >= 0xf8) extra = 4;
  else if (lead >= 0xf0) extra = 3;
  else if (lead >= 0xe0) extra = 2;
  else if (lead >= 0xc0) extra = 1;
  else if (lead >= 0x80) return false;
  q += 1 + extra;
  if (blockCode === 6) q += 1;
  else if (blockCode === 7) q += 2;
  if (rateCode === 12) q += 1;
  else if (rateCode === 13 || rateCode === 14) q += 2;
  if (q >= b.length) return false;
  let c = 0;
  for (let i = p; i < q; i++) c = crc8Table[c ^ b[i]!]!;
  return c === b[q];
}

/** Samples per channel that STREAMINFO promises; 0 when the encoder did not know (streamed). */
export function flacTotalSamples(b: Uint8Array): number {
  // STREAMINFO is always the first metadata block: its 36-bit sample count sits at bytes 21.5–25 of the file.
  if (b.length < 26 || (b[4]! & 0x7f) !== 0) return 0;
  return (b[21]! & 0x0f) * 2 ** 32 + ((b[22]! << 24) >>> 0) + (b[23]! << 16) + (b[24]! << 8) + b[25]!;
}

/**
 * The frames of a whole FLAC file, each ending where the next valid header begins and its CRC-16 matches.
 * Null when the file cannot be cut cleanly (damage, trailing tags): the caller then decodes it the ordinary way.
 */
export function flacFrames(b: Uint8Array): Uint8Array[] | null {
  const start = firstFrameOffset(b);
  if (start < 0 || start + 2 > b.length || b[start] !== 0xff || (b[start + 1] !== 0xf8 && b[start + 1] !== 0xf9)) return null;
  const strategy = b[start + 1]!;
  if (!isFrameHeader(b, start, strategy)) return null;
  const frames: Uint8Array[] = [];
  let frameStart = start;
  // The shortest possible frame (header, one constant subframe, CRC-16) is 10 bytes: no header can start sooner.
  for (let p = start + 10; p <= b.length; p++) {
    const atEnd = p === b.length;
    if (!atEnd && (b[p] !== 0xff || !isFrameHeader(b, p, strategy))) continue;
    // A sync pattern inside audio data can pass the header check; the frame's own CRC-16 settles it.
    if (crc16(b, frameStart, p - 2) !== ((b[p - 2]! << 8) | b[p - 1]!)) {
      if (atEnd) return null;
      continue;
    }
    frames.push(b.subarray(frameStart, p));
    if (atEnd) break;
    frameStart = p;
    p += 9;
  }
  return frames.length > 0 ? frames : null;
}
