// Draws a decoded buffer on a canvas: min/max waveform on top, a log-magnitude spectrogram (0–8 kHz) below, one column per pixel.

/** In-place radix-2 FFT of re/im (length a power of two). */
function fft(re: Float32Array, im: Float32Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j]!, re[i]!]; [im[i], im[j]] = [im[j]!, im[i]!]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k), wi = Math.sin(ang * k);
        const a = i + k, b = a + len / 2;
        const xr = re[b]! * wr - im[b]! * wi, xi = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - xr; im[b] = im[a]! - xi;
        re[a] = re[a]! + xr; im[a] = im[a]! + xi;
      }
    }
  }
}

/** `seconds` is the common time axis (the longest stimulus), so every row lines up with the others. */
export function drawAudio(canvas: HTMLCanvasElement, buffer: AudioBuffer, seconds: number, colors: { wave: string; background: string }): void {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(100, Math.floor(canvas.clientWidth * dpr));
  const height = Math.max(60, Math.floor(canvas.clientHeight * dpr));
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const x = buffer.getChannelData(0);
  const rate = buffer.sampleRate;
  const waveH = Math.floor(height * 0.35);
  const specH = height - waveH;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, width, height);
  const perPx = (seconds * rate) / width;
  ctx.fillStyle = colors.wave;
  for (let px = 0; px < width; px++) {
    const a = Math.floor(px * perPx), b = Math.min(x.length, Math.floor((px + 1) * perPx));
    if (a >= x.length) break;
    let lo = 0, hi = 0;
    for (let i = a; i < b; i++) { const v = x[i]!; if (v < lo) lo = v; if (v > hi) hi = v; }
    const mid = waveH / 2;
    ctx.fillRect(px, mid - hi * mid, 1, Math.max(1, (hi - lo) * mid));
  }
  const n = 1024;
  const maxBin = Math.min(n / 2, Math.floor((8000 / rate) * n));
  const img = ctx.createImageData(width, specH);
  const re = new Float32Array(n), im = new Float32Array(n);
  const win = Float32Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  for (let px = 0; px < width; px++) {
    const centre = Math.floor((px + 0.5) * perPx);
    if (centre >= x.length) break;
    for (let i = 0; i < n; i++) { const j = centre - n / 2 + i; re[i] = (j >= 0 && j < x.length ? x[j]! : 0) * win[i]!; im[i] = 0; }
    fft(re, im);
    for (let row = 0; row < specH; row++) {
      const bin = Math.floor(((specH - 1 - row) / specH) * maxBin);
      const db = 10 * Math.log10(re[bin]! ** 2 + im[bin]! ** 2 + 1e-10);
      // −80…+20 dB onto a dark-to-bright ramp.
      const t = Math.min(1, Math.max(0, (db + 80) / 100));
      const o = (row * width + px) * 4;
      img.data[o] = Math.round(255 * Math.min(1, t * 1.6));
      img.data[o + 1] = Math.round(255 * Math.max(0, t * 1.4 - 0.4));
      img.data[o + 2] = Math.round(255 * (0.3 + 0.5 * t * (1 - t)));
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, waveH);
}
