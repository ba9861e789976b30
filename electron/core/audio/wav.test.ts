// WAV in every variant a user may bring, and every way a file can be broken: a clean read or a clear error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav, encodeWav } from './wav';
import { repairWav, WavFileWriter } from './wav-file';
import { AudioFormatError } from './audio-error';
import { makeTempDir } from '../testing/temp-dir';

interface Variant { tag: number; bits: number; channels: number; rate: number; extensible?: boolean; rf64?: boolean; dataSize?: number; trailing?: Uint8Array }

/** Builds a WAV by hand so each header variant is exactly what the test says. */
function buildWav(v: Variant, samples: number[][]): Uint8Array {
  const frames = samples[0]!.length;
  const bps = v.bits / 8;
  const data = new Uint8Array(frames * v.channels * bps);
  const dv = new DataView(data.buffer);
  let p = 0;
  for (let i = 0; i < frames; i++) for (let c = 0; c < v.channels; c++) {
    const x = samples[c]![i]!;
    if (v.tag === 3) { if (v.bits === 32) dv.setFloat32(p, x, true); else dv.setFloat64(p, x, true); }
    else if (v.bits === 8) dv.setUint8(p, Math.round(x * 127) + 128);
    else if (v.bits === 16) dv.setInt16(p, Math.round(x * 32767), true);
    else if (v.bits === 24) { const s = Math.round(x * 8388607); dv.setUint8(p, s & 255); dv.setUint8(p + 1, (s >> 8) & 255); dv.setInt8(p + 2, s >> 16); }
    else dv.setInt32(p, Math.round(x * 2147483647), true);
    p += bps;
  }
  const fmtSize = v.extensible ? 40 : 16;
  const ds64 = v.rf64 ? 36 : 0;
  const out = new Uint8Array(12 + ds64 + 8 + fmtSize + 8 + data.length + (v.trailing?.length ?? 0));
  const o = new DataView(out.buffer);
  const s4 = (at: number, s: string): void => { for (let i = 0; i < 4; i++) o.setUint8(at + i, s.charCodeAt(i)); };
  s4(0, v.rf64 ? 'RF64' : 'RIFF'); o.setUint32(4, v.rf64 ? 0xffffffff : out.length - 8, true); s4(8, 'WAVE');
  let q = 12;
  if (v.rf64) { s4(q, 'ds64'); o.setUint32(q + 4, 28, true); o.setUint32(q + 8, out.length - 8, true); o.setUint32(q + 16, data.length, true); q += 36; }
  s4(q, 'fmt '); o.setUint32(q + 4, fmtSize, true);
  o.setUint16(q + 8, v.extensible ? 0xfffe : v.tag, true); o.setUint16(q + 10, v.channels, true);
  o.setUint32(q + 12, v.rate, true); o.setUint32(q + 16, v.rate * v.channels * bps, true);
  o.setUint16(q + 20, v.channels * bps, true); o.setUint16(q + 22, v.bits, true);
  if (v.extensible) { o.setUint16(q + 24, 22, true); o.setUint16(q + 26, v.bits, true); o.setUint16(q + 32, v.tag, true); }
  q += 8 + fmtSize;
  s4(q, 'data'); o.setUint32(q + 4, v.dataSize ?? (v.rf64 ? 0xffffffff : data.length), true);
  out.set(data, q + 8);
  if (v.trailing) out.set(v.trailing, q + 8 + data.length);
  return out;
}

const tone = (n: number, f: number, amp = 0.5): number[] => Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / 16000));

describe('reading WAV variants', () => {
  const cases: [string, Variant, number][] = [
    ['8-bit PCM', { tag: 1, bits: 8, channels: 1, rate: 16000 }, 1 / 64],
    ['16-bit PCM', { tag: 1, bits: 16, channels: 1, rate: 16000 }, 1e-4],
    ['24-bit PCM', { tag: 1, bits: 24, channels: 2, rate: 48000 }, 1e-6],
    ['32-bit PCM', { tag: 1, bits: 32, channels: 1, rate: 44100 }, 1e-7],
    ['32-bit float', { tag: 3, bits: 32, channels: 1, rate: 22050 }, 1e-7],
    ['64-bit float', { tag: 3, bits: 64, channels: 6, rate: 96000 }, 1e-7],
    ['EXTENSIBLE 24-bit', { tag: 1, bits: 24, channels: 2, rate: 48000, extensible: true }, 1e-6],
    ['EXTENSIBLE float', { tag: 3, bits: 32, channels: 8, rate: 48000, extensible: true }, 1e-7],
    ['RF64 16-bit', { tag: 1, bits: 16, channels: 1, rate: 16000, rf64: true }, 1e-4],
  ];
  for (const [label, variant, tolerance] of cases) {
    it(`reads ${label} with its rate, channels and samples`, () => {
      const samples = Array.from({ length: variant.channels }, (_, c) => tone(800, 220 * (c + 1)));
      const wav = decodeWav(buildWav(variant, samples));
      expect(wav.sampleRate).toBe(variant.rate);
      expect(wav.channels).toHaveLength(variant.channels);
      expect(wav.warnings).toEqual([]);
      for (let c = 0; c < variant.channels; c++) {
        const err = Math.max(...samples[c]!.map((x, i) => Math.abs(x - wav.channels[c]![i]!)));
        expect(err).toBeLessThanOrEqual(tolerance);
      }
    });
  }

  it('reads a real LJSpeech clip', () => {
    const wav = decodeWav(readFileSync(join(__dirname, 'fixtures', 'LJ001-0001.wav')));
    expect(wav).toMatchObject({ sampleRate: 22050, format: 'pcm16', container: 'RIFF', warnings: [] });
    expect(wav.channels[0]!.length / 22050).toBeCloseTo(9.66, 1);
  });
});

describe('round trips', () => {
  for (const format of ['pcm16', 'float32'] as const) {
    it(`writes and reads back ${format}, mono and stereo`, () => {
      for (const channels of [1, 2]) {
        const audio = { sampleRate: 44100, channels: Array.from({ length: channels }, (_, c) => Float32Array.from(tone(1000, 440 + c))) };
        const back = decodeWav(encodeWav(audio, format));
        expect(back.format).toBe(format);
        expect(back.channels[channels - 1]![500]).toBeCloseTo(audio.channels[channels - 1]![500]!, 4);
      }
    });
  }
  it('clips out-of-range samples instead of wrapping them', () => {
    const back = decodeWav(encodeWav({ sampleRate: 8000, channels: [Float32Array.from([1.5, -1.5, 1, -1])] }));
    expect(Array.from(back.channels[0]!)).toEqual([32767 / 32768, -1, 32767 / 32768, -1]);
  });
});

describe('damaged and wrong files', () => {
  const good = (extra: Partial<Variant> = {}): Uint8Array => buildWav({ tag: 1, bits: 16, channels: 1, rate: 16000, ...extra }, [tone(1000, 300)]);
  const code = (bytes: Uint8Array): string => {
    try { decodeWav(bytes); return 'ok'; } catch (err) { expect(err).toBeInstanceOf(AudioFormatError); return (err as AudioFormatError).code; }
  };

  it('reads to the end when the data size is 0 or 0xFFFFFFFF (a recording cut off)', () => {
    for (const dataSize of [0, 0xffffffff]) {
      const wav = decodeWav(good({ dataSize }));
      expect(wav.channels[0]!.length).toBe(1000);
      expect(wav.warnings.join()).toMatch(/unset/);
    }
  });

  it('clamps a data size larger than the file and says it was cut short', () => {
    const bytes = good().subarray(0, 44 + 700);
    const wav = decodeWav(bytes);
    expect(wav.channels[0]!.length).toBe(350);
    expect(wav.warnings.join()).toMatch(/cut short/);
  });

  it('replaces NaN and infinite float samples with silence and reports them', () => {
    const wav = decodeWav(buildWav({ tag: 3, bits: 32, channels: 1, rate: 16000 }, [[0.1, NaN, Infinity, -Infinity, 0.2]]));
    expect(Array.from(wav.channels[0]!)).toEqual([Math.fround(0.1), 0, 0, 0, Math.fround(0.2)]);
    expect(wav.warnings.join()).toMatch(/3 samples were NaN/);
  });

  it('gives clear errors: empty, header only, MP3 renamed, FLAC renamed, text, unknown encoding', () => {
    expect(code(new Uint8Array())).toBe('no_audio');
    expect(code(good().subarray(0, 10))).toBe('truncated');
    expect(code(good().subarray(0, 36))).toBe('no_audio');
    expect(code(good().subarray(0, 30))).toBe('bad_header');
    const mp3 = readFileSync(join(__dirname, 'fixtures', 'LJ001-0001.mp3'));
    expect(() => decodeWav(mp3)).toThrow(/an MP3 file, not a WAV file/);
    expect(() => decodeWav(Buffer.from('fLaC\0\0\0\x22rest of a flac file'))).toThrow(/FLAC/);
    expect(code(Buffer.from('hello world, this is not audio at all'))).toBe('not_wav');
    expect(code(buildWav({ tag: 2, bits: 16, channels: 1, rate: 8000 }, [[0, 0]]))).toBe('unsupported_format');
  });

  it('survives random corruption without throwing anything but AudioFormatError', () => {
    const base = good();
    let seed = 1;
    const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (let n = 0; n < 2000; n++) {
      const bytes = Uint8Array.from(base.subarray(0, Math.floor(rand() * base.length)));
      for (let k = 0; k < 4; k++) bytes[Math.floor(rand() * Math.min(60, bytes.length))] = Math.floor(rand() * 256);
      try { decodeWav(bytes); } catch (err) { expect(err).toBeInstanceOf(AudioFormatError); }
    }
  });
});

describe('WAV files on disk', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir(); });
  afterEach(() => tmp.cleanup());

  it('streams a take to disk and reads it back', () => {
    const path = join(tmp.path, 'take.wav');
    const w = new WavFileWriter(path, { channels: 1, sampleRate: 48000, format: 'float32' });
    for (let k = 0; k < 10; k++) w.append(Float32Array.from(tone(4800, 100 + k)));
    w.close();
    const wav = decodeWav(readFileSync(path));
    expect(wav.channels[0]!.length).toBe(48000);
    expect(wav.warnings).toEqual([]);
  });

  it('switches to RF64 past the RIFF size limit (limit lowered for the test)', () => {
    const path = join(tmp.path, 'long.wav');
    const w = new WavFileWriter(path, { channels: 2, sampleRate: 16000, format: 'pcm16' }, 1000);
    w.append(new Float32Array(2000).fill(0.25));
    w.close();
    const bytes = readFileSync(path);
    expect(bytes.toString('latin1', 0, 4)).toBe('RF64');
    expect(bytes.toString('latin1', 12, 16)).toBe('ds64');
    const wav = decodeWav(bytes);
    expect(wav).toMatchObject({ container: 'RF64', warnings: [] });
    expect(wav.channels[1]!.length).toBe(1000);
  });

  it('repairs a take whose header was never finished, and leaves healthy files untouched', () => {
    const path = join(tmp.path, 'crashed.wav');
    const w = new WavFileWriter(path, { channels: 1, sampleRate: 16000, format: 'pcm16' });
    w.append(Float32Array.from(tone(16000, 200)));
    // No flush/close: the header still says 0 bytes, as after a crash.
    expect(repairWav(path)).toEqual({ repaired: true, dataBytes: 32000 });
    const wav = decodeWav(readFileSync(path));
    expect(wav.warnings).toEqual([]);
    expect(wav.channels[0]!.length).toBe(16000);

    const healthy = join(tmp.path, 'healthy.wav');
    writeFileSync(healthy, encodeWav({ sampleRate: 16000, channels: [Float32Array.from(tone(500, 100))] }));
    const before = readFileSync(healthy);
    const mtime = statSync(healthy).mtimeMs;
    expect(repairWav(healthy)).toMatchObject({ repaired: false });
    expect(readFileSync(healthy).equals(before)).toBe(true);
    expect(statSync(healthy).mtimeMs).toBe(mtime);
  });
});
