// The ACX report on real encoded MP3s made exactly at the thresholds: RMS −18.0 / −17.5, peak −3.0 / −2.5, floor −60 / −58.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AcxReport } from '../../../shared/domains/book-edits';
import { acxVerdict } from '../../audio/acx';
import { decodeAudio } from '../../audio/decode';
import { encodeMp3 } from '../../audio/mp3';
import { makeTempDir } from '../../testing/temp-dir';
import { acxLengthCheck, acxReportForMp3, acxReportHtml, acxReportText } from './acx-report';
import { Mp3Writer } from './mp3-writer';

const SR = 44100;
let dir: { path: string; cleanup(): void };
beforeAll(() => { dir = makeTempDir('vw-acx-'); });
afterAll(() => dir.cleanup());

/** Seeded low noise (room tone) and a syllable-like body: 180 Hz harmonics, 4 Hz bursts. */
function noise(n: number, seed: number): Float32Array {
  let s = seed;
  const white = Float32Array.from({ length: n + 4 }, () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; });
  return Float32Array.from({ length: n }, (_, i) => white[i]! + white[i + 1]! + white[i + 2]! + white[i + 3]!);
}
const rms = (x: Float32Array): number => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);

function chapter(bodyDb: number, floorDb: number, peakDb: number | null): Float32Array {
  const head = Math.round(0.75 * SR), body = 5 * SR, tail = 2 * SR;
  const room = noise(head + body + tail, 3);
  const g = 10 ** (floorDb / 20) / rms(room);
  const x = Float32Array.from(room, (v) => v * g);
  const voice = Float32Array.from({ length: body }, (_, i) => {
    const t = i / SR, env = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 2;
    return env * (Math.sin(2 * Math.PI * 180 * t) + 0.5 * Math.sin(2 * Math.PI * 360 * t) + 0.25 * Math.sin(2 * Math.PI * 540 * t));
  });
  const vg = 10 ** (bodyDb / 20) / rms(voice);
  let top = 0;
  for (let i = 0; i < body; i++) top = Math.max(top, Math.abs(voice[i]! * vg));
  // Keep the body's own peaks 1 dB under the wanted peak; one sustained 1 kHz burst then sets it.
  const pg = peakDb === null ? 1 : Math.min(1, (10 ** ((peakDb - 1) / 20)) / top);
  for (let i = 0; i < body; i++) x[head + i]! += voice[i]! * vg * pg;
  if (peakDb !== null) {
    // 100 ms of 1 kHz with 20 ms raised-cosine edges: a tone the encoder keeps, so its peak moves with the level.
    const at = head + 2 * SR, len = Math.round(0.1 * SR), edge = Math.round(0.02 * SR);
    for (let i = 0; i < len; i++) {
      const e = i < edge ? 0.5 - 0.5 * Math.cos((Math.PI * i) / edge) : i >= len - edge ? 0.5 - 0.5 * Math.cos((Math.PI * (len - i)) / edge) : 1;
      x[at + i] = 10 ** (peakDb / 20) * e * Math.sin((2 * Math.PI * 1000 * i) / SR);
    }
  }
  return x;
}

async function mp3Report(x: Float32Array, name: string): Promise<AcxReport> {
  const path = join(dir.path, `${name}.mp3`);
  const w = await Mp3Writer.create(path, 1, SR);
  for (let i = 0; i < x.length; i += 65536) w.write([x.subarray(i, i + 65536)]);
  w.close();
  return acxReportForMp3(path, { expectedChannels: 1 });
}

/** Adjusts one level until the decoded MP3 reads `target` to ACX's two decimals (the encoder moves figures a little). */
async function calibrated(target: number, build: (db: number) => Float32Array, read: (r: AcxReport) => number, name: string): Promise<AcxReport> {
  let db = target, report = await mp3Report(build(db), name);
  for (let i = 0; i < 8 && Math.round(read(report) * 100) !== Math.round(target * 100); i++) {
    db += target - read(report);
    report = await mp3Report(build(db), name);
  }
  expect(read(report)).toBeCloseTo(target, 2);
  return report;
}

const check = (r: AcxReport, id: string) => r.checks.find((c) => c.id === id)!;

describe('ACX report measured on the encoded MP3', () => {
  it('RMS −18.0 passes, −17.5 fails (and −23.0 passes, −23.5 fails)', async () => {
    for (const [target, pass] of [[-18, true], [-17.5, false], [-23, true], [-23.5, false]] as const) {
      const r = await calibrated(target, (db) => chapter(db, -70, null), (x) => x.measures.rmsDb!, `rms${target}`);
      expect(check(r, 'rms').pass).toBe(pass);
      expect(check(r, 'rms').measured).toBe(target);
      if (!pass) expect(check(r, 'rms').message).toMatch(target > -18 ? /lower the gain/ : /raise the gain/);
    }
  });

  it('peak −3.0 passes, −2.5 fails', async () => {
    for (const [target, pass] of [[-3, true], [-2.5, false]] as const) {
      const r = await calibrated(target, (db) => chapter(-20, -70, db), (x) => x.measures.peakDb!, `peak${target}`);
      expect(check(r, 'peak').pass).toBe(pass);
      if (!pass) expect(check(r, 'peak').message).toMatch(/limiter/);
    }
  });

  it('noise floor −60 passes, −58 fails', async () => {
    for (const [target, pass] of [[-60, true], [-58, false]] as const) {
      const r = await calibrated(target, (db) => chapter(-20, db, null), (x) => x.measures.noiseFloorDb!, `floor${target}`);
      expect(check(r, 'noise_floor').pass).toBe(pass);
      if (!pass) expect(check(r, 'noise_floor').message).toMatch(/noise reduction/);
    }
  });

  it('a passing chapter: every check with its figure, room tone lengths, CBR 192 from the frames; text and HTML say so', async () => {
    const r = await mp3Report(chapter(-20, -68, null), 'good');
    expect(r.checks.filter((c) => !c.pass)).toEqual([]);
    expect(check(r, 'bitrate').measured).toBe(192);
    expect(check(r, 'sample_rate').measured).toBe(44100);
    expect(check(r, 'channels').measured).toBe(1);
    expect(check(r, 'room_tone_head').measured!).toBeGreaterThan(0.6);
    expect(check(r, 'room_tone_head').measured!).toBeLessThan(0.9);
    expect(check(r, 'room_tone_tail').measured!).toBeGreaterThan(1.8);
    expect(acxReportText(r, 'Ch 1')).toMatch(/Verdict: PASS/);
    expect(acxReportHtml(r, 'Ch <1>')).toContain('Ch &lt;1&gt;');
  });

  it('an MP3 at 128 kbps or 48 kHz fails with what to do; no head room tone fails', async () => {
    const x = chapter(-20, -68, null);
    const p128 = join(dir.path, '128.mp3');
    writeFileSync(p128, await encodeMp3([x], SR, 128));
    const r128 = await acxReportForMp3(p128);
    expect(check(r128, 'bitrate')).toMatchObject({ pass: false, measured: 128 });
    expect(check(r128, 'bitrate').message).toMatch(/constant 192 kbps/);
    const p48 = join(dir.path, '48k.mp3');
    const x48 = Float32Array.from({ length: Math.round(x.length * 48000 / SR) }, (_, i) => x[Math.floor(i * SR / 48000)]!);
    writeFileSync(p48, await encodeMp3([x48], 48000, 192));
    expect(check(await acxReportForMp3(p48), 'sample_rate')).toMatchObject({ pass: false, measured: 48000 });
    const cut = await mp3Report(x.subarray(Math.round(0.7 * SR)), 'nohead');
    expect(check(cut, 'room_tone_head').pass).toBe(false);
  });

  it('the streamed report gives acxVerdict\'s verdicts, figures and words on the whole decoded file (every MP3 above)', async () => {
    const mp3s = readdirSync(dir.path).filter((f) => f.endsWith('.mp3'));
    expect(mp3s.length).toBeGreaterThanOrEqual(8);
    for (const f of mp3s) {
      const path = join(dir.path, f);
      const ours = await acxReportForMp3(path, { expectedChannels: 1 });
      const decoded = await decodeAudio(readFileSync(path));
      const theirs = acxVerdict(decoded.channels.slice(0, 1), decoded.sampleRate, { expectedChannels: 1 });
      // The sample-rate check is the report's own (it also reads every frame header).
      for (const c of theirs.checks.filter((x) => x.id !== 'sample_rate')) expect({ f, ...check(ours, c.id) }).toMatchObject({ f, pass: c.pass, message: c.message });
      expect(ours.measures.rmsDb!).toBeCloseTo(theirs.measures.rmsDb, 2);
      expect(ours.measures.noiseFloorDb!).toBeCloseTo(theirs.measures.noiseFloorDb, 2);
      expect(ours.measures.peakDb!).toBeCloseTo(theirs.measures.peakDb, 2);
      expect(readdirSync(dir.path).filter((x) => x.includes('.decoded.'))).toEqual([]);
    }
  });

  it('length: 120.00 min passes, a second more fails (checked on the measure, not a two-hour encode)', () => {
    expect(acxLengthCheck(7200).pass).toBe(true);
    expect(acxLengthCheck(7201)).toMatchObject({ pass: false, measured: 120.02 });
    expect(acxLengthCheck(7201).message).toMatch(/split the chapter/);
  });
});
