// Float32 samples → base64 of little-endian float32, the wire format of corpus:appendTake.
export function samplesToBase64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setFloat32(i * 4, samples[i]!, true);
  let binary = '';
  // String.fromCharCode takes arguments: go in slices small enough for any engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function concatBlocks(blocks: readonly Float32Array[], frames: number): Float32Array {
  const out = new Float32Array(frames);
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}
