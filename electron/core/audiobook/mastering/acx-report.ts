// The ACX report of an exported chapter, measured on the encoded MP3 decoded back (never the WAV), as JSON, text and HTML.
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MPEGDecoder } from 'mpg123-decoder';
import type { AcxReport, AcxReportCheck } from '../../../shared/domains/book-edits';
import { AudioFormatError } from '../../audio/audio-error';
import { detectSilence } from '../../audio/dsp';
import { measureFile } from '../../audio/file-ops';
import { toDb, type Measures } from '../../audio/measures';
import { readMp3Frames } from '../../audio/mp3';
import { WavFileWriter } from '../../audio/wav-file';

const MAX_MINUTES = 120;
// ACX's figures are read to two decimals, as their tools display them (as audio/acx.ts does).
const round2 = (x: number): number => Math.round(x * 100) / 100;
const fmt = (db: number): string => (Number.isFinite(db) ? `${round2(db).toFixed(1)} dB` : 'silence');
const finite = (x: number): number | null => (Number.isFinite(x) ? round2(x) : null);

export interface AcxReportOptions {
  expectedChannels?: 1 | 2;
  /** What ACX asks of the bit rate; the exporter writes 192. */
  bitrateKbps?: number;
}

/** ACX's limit on one file's length: 120 minutes. */
export function acxLengthCheck(durationSeconds: number): AcxReportCheck {
  const minutes = durationSeconds / 60;
  const pass = minutes <= MAX_MINUTES;
  return {
    id: 'length', pass, measured: Math.round(minutes * 100) / 100, unit: 'min', target: 'at most 120 minutes per file',
    message: pass ? `${minutes.toFixed(2)} min, within ACX's 120 min per file.`
      : `${minutes.toFixed(2)} min is longer than ACX's 120 min per file: split the chapter into two parts.`,
  };
}

const EDGE_SECONDS = 30;

interface Decoded {
  measures: Measures;
  sampleRate: number;
  channels: number;
  /** The first and last EDGE_SECONDS, the tail starting on a 10 ms frame boundary of the whole file. */
  head: Float32Array[];
  tail: Float32Array[];
}

const concat = (parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};

/**
 * Decodes the MP3 with the decoder decodeAudio uses (mpg123, gapless), a megabyte at a time, into a temporary float
 * WAV that measureFile reads in one streaming pass: a two-hour chapter is measured without holding it in memory.
 */
async function decodeAndMeasure(path: string, bytes: Uint8Array, monoFile: boolean): Promise<Decoded> {
  const decoder = new MPEGDecoder({ enableGapless: true });
  await decoder.ready;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.decoded.wav`);
  let writer: WavFileWriter | null = null;
  let sampleRate = 0, channels = 0, total = 0;
  const head: Float32Array[][] = [], tail: Float32Array[][] = [];
  let headLen = 0, tailLen = 0, tailStart = 0;
  const errors: string[] = [];
  try {
    for (let at = 0; at < bytes.length; at += 1 << 20) {
      const r = decoder.decode(bytes.subarray(at, at + (1 << 20)));
      for (const e of r.errors) errors.push(e.message);
      if (r.samplesDecoded === 0) continue;
      const planar = (monoFile ? r.channelData.slice(0, 1) : r.channelData).map((c) => Float32Array.from(c.subarray(0, r.samplesDecoded)));
      if (!writer) {
        sampleRate = r.sampleRate; channels = planar.length;
        writer = new WavFileWriter(temp, { channels, sampleRate, format: 'float32' });
      }
      const n = planar[0]!.length;
      const inter = new Float32Array(n * channels);
      for (let c = 0; c < channels; c++) for (let i = 0; i < n; i++) inter[i * channels + c] = planar[c]![i]!;
      writer.append(inter);
      const keep = EDGE_SECONDS * sampleRate;
      if (headLen < keep) { head.push(planar.map((c) => c.subarray(0, keep - headLen))); headLen += Math.min(n, keep - headLen); }
      tail.push(planar); tailLen += n; total += n;
      while (tail.length > 1 && tailLen - tail[0]![0]!.length >= keep) { tailLen -= tail[0]![0]!.length; tail.shift(); }
    }
    if (!writer) throw new AudioFormatError('no_audio', `The MP3 holds no audio${errors.length ? ` (${errors[0]})` : ''}.`, 'Export the chapter again.');
    writer.close();
    tailStart = total - tailLen;
    // Start the tail excerpt on the whole file's 10 ms frame grid, so silence detection frames it as acxVerdict would.
    const frame = Math.max(1, Math.round(sampleRate / 100));
    const skip = (frame - (tailStart % frame)) % frame;
    const measures = measureFile(temp);
    const join2 = (parts: Float32Array[][], c: number): Float32Array => concat(parts.map((p) => p[c]!));
    return {
      measures, sampleRate, channels,
      head: Array.from({ length: channels }, (_, c) => join2(head, c)),
      tail: Array.from({ length: channels }, (_, c) => join2(tail, c).subarray(skip)),
    };
  } finally {
    decoder.free();
    rmSync(temp, { force: true });
  }
}

/** RMS of the first or last `seconds` of an excerpt, dB. */
function edgeDb(x: Float32Array[], sampleRate: number, seconds: number, fromEnd: boolean): number {
  const n = x[0]!.length, len = Math.max(1, Math.min(n, Math.round(seconds * sampleRate)));
  let s = 0;
  for (const c of x) for (let i = fromEnd ? n - len : 0; i < (fromEnd ? n : len); i++) s += c[i]! * c[i]!;
  return toDb(Math.sqrt(s / (len * x.length)));
}

/**
 * ACX's checks as acxVerdict (audio/acx.ts) makes them (same thresholds, rounding, silence detection and words),
 * from streamed measures and the file's edges; acx-report.test.ts holds the two to the same verdicts.
 */
function verdictChecks(d: Decoded, expectedChannels: 1 | 2 | undefined): Record<'rms' | 'peak' | 'noise_floor' | 'channels' | 'room_tone_head' | 'room_tone_tail', { pass: boolean; message: string }> & { head: number; tail: number } {
  const m = d.measures;
  const rms = round2(m.rmsDb), peak = round2(m.peakDb), floor = round2(m.noiseFloorDb);
  const thresholdDb = Math.max(-60, Math.min(-40, m.noiseFloorDb + 10));
  const head = detectSilence(d.head, d.sampleRate, { thresholdDb }).leadingSeconds;
  const tail = detectSilence(d.tail, d.sampleRate, { thresholdDb }).trailingSeconds;
  const headDigital = edgeDb(d.head, d.sampleRate, Math.min(0.5, head || 0.5), false) < -100;
  const tailDigital = edgeDb(d.tail, d.sampleRate, Math.min(1, tail || 1), true) < -100;
  const channelsOk = (d.channels === 1 || d.channels === 2) && (expectedChannels === undefined || expectedChannels === d.channels);
  return {
    head, tail,
    rms: {
      pass: rms >= -23 && rms <= -18,
      message: rms >= -23 && rms <= -18 ? `RMS ${fmt(m.rmsDb)} is within −23…−18 dB.`
        : rms > -18 ? `RMS ${fmt(m.rmsDb)} is louder than −18 dB: lower the gain (mastering can do it).`
          : `RMS ${fmt(m.rmsDb)} is quieter than −23 dB: raise the gain, with a limiter to keep peaks under −3 dB.`,
    },
    peak: { pass: peak <= -3, message: peak <= -3 ? `Peak ${fmt(m.peakDb)} is at or below −3 dB.` : `Peak ${fmt(m.peakDb)} is above −3 dB: use a limiter at −3.5 dB.` },
    noise_floor: {
      pass: floor <= -60,
      message: floor <= -60 ? `Noise floor ${fmt(m.noiseFloorDb)} is at or below −60 dB.` : `Noise floor ${fmt(m.noiseFloorDb)} is above −60 dB: use noise reduction or re-record in a quieter room.`,
    },
    channels: {
      pass: channelsOk,
      message: channelsOk ? `${d.channels === 1 ? 'Mono' : 'Stereo'}, as the rest of the book.`
        : expectedChannels !== undefined && d.channels !== expectedChannels
          ? `This file has ${d.channels} channel(s) but the book uses ${expectedChannels}: ACX wants one layout throughout.`
          : `${d.channels} channels: ACX accepts mono or stereo only.`,
    },
    room_tone_head: {
      pass: head >= 0.5 && head <= 1 && !headDigital,
      message: headDigital ? 'The opening is digital silence: ACX wants room tone, not zeros.'
        : head < 0.5 ? `Only ${head.toFixed(2)} s of room tone at the start; ACX wants 0.5–1 s.`
          : head > 1 ? `${head.toFixed(2)} s of room tone at the start; ACX wants 0.5–1 s.` : `${head.toFixed(2)} s of room tone at the start.`,
    },
    room_tone_tail: {
      pass: tail >= 1 && tail <= 5 && !tailDigital,
      message: tailDigital ? 'The ending is digital silence: ACX wants room tone, not zeros.'
        : tail < 1 ? `Only ${tail.toFixed(2)} s of room tone at the end; ACX wants 1–5 s.`
          : tail > 5 ? `${tail.toFixed(2)} s of room tone at the end; ACX wants 1–5 s.` : `${tail.toFixed(2)} s of room tone at the end.`,
    },
  };
}

/** Decodes the MP3 (streaming) and checks it against every ACX requirement, each with its measured figure. */
export async function acxReportForMp3(path: string, options: AcxReportOptions = {}): Promise<AcxReport> {
  const bytes = readFileSync(path);
  const frames = readMp3Frames(bytes);
  // mpg123 hands back two (identical) channels for a mono MP3; the frame headers say what the file holds.
  const monoFile = frames.length > 0 && frames.every((f) => f.channels === 1);
  const decoded = await decodeAndMeasure(path, bytes, monoFile);
  const { sampleRate } = decoded;
  const m = decoded.measures;
  const v = verdictChecks(decoded, options.expectedChannels);
  const from = (id: 'rms' | 'peak' | 'noise_floor' | 'channels' | 'room_tone_head' | 'room_tone_tail'): { pass: boolean; message: string } => v[id];
  const rates = [...new Set(frames.map((f) => f.bitrateKbps))].sort((a, b) => a - b);
  const frameRates = [...new Set(frames.map((f) => f.sampleRate))];
  const wantKbps = options.bitrateKbps ?? 192;
  const cbr = frames.length > 0 && rates.length === 1 && rates[0] === wantKbps;
  const rateOk = sampleRate === 44100 && frameRates.length === 1 && frameRates[0] === 44100;
  const checks: AcxReportCheck[] = [
    { id: 'rms', ...from('rms'), measured: finite(m.rmsDb), unit: 'dB', target: 'RMS between −23 and −18 dB' },
    { id: 'peak', ...from('peak'), measured: finite(m.peakDb), unit: 'dB', target: 'peak at or below −3 dB' },
    { id: 'noise_floor', ...from('noise_floor'), measured: finite(m.noiseFloorDb), unit: 'dB', target: 'noise floor at or below −60 dB' },
    acxLengthCheck(m.durationSeconds),
    { id: 'room_tone_head', ...from('room_tone_head'), measured: Math.round(v.head * 100) / 100, unit: 's', target: '0.5–1 s of room tone at the start' },
    { id: 'room_tone_tail', ...from('room_tone_tail'), measured: Math.round(v.tail * 100) / 100, unit: 's', target: '1–5 s of room tone at the end' },
    {
      id: 'sample_rate', pass: rateOk, measured: sampleRate, unit: 'Hz', target: '44.1 kHz',
      message: rateOk ? 'Sample rate is 44.1 kHz in every frame.' : `The MP3 is at ${frameRates.join(', ') || sampleRate} Hz; ACX requires 44.1 kHz: export again (the exporter resamples).`,
    },
    {
      id: 'bitrate', pass: cbr, measured: rates.length === 1 ? rates[0]! : null, unit: 'kbps', target: `constant ${wantKbps} kbps`,
      message: cbr ? `Constant ${wantKbps} kbps in all ${frames.length} frames.`
        : frames.length === 0 ? 'No MPEG audio frames were found: the file is not an MP3 or is damaged; export again.'
          : `Frames use ${rates.join(', ')} kbps; ACX requires constant ${wantKbps} kbps: export again as CBR ${wantKbps}.`,
    },
    { id: 'channels', ...from('channels'), measured: decoded.channels, unit: 'channels', target: 'mono or stereo, the same throughout the book' },
  ];
  return {
    file: path,
    pass: checks.every((c) => c.pass),
    checks,
    measures: {
      rmsDb: finite(m.rmsDb), peakDb: finite(m.peakDb), truePeakDb: finite(m.truePeakDb), noiseFloorDb: finite(m.noiseFloorDb),
      loudnessLufs: finite(m.loudnessLufs), durationSeconds: m.durationSeconds, sampleRate, channels: decoded.channels,
      bitrateKbps: rates, headSeconds: v.head, tailSeconds: v.tail,
    },
  };
}

const shown = (c: AcxReportCheck): string => (c.measured === null ? '—' : `${c.measured} ${c.unit}`);

export function acxReportText(report: AcxReport, title: string): string {
  const lines = [`ACX check: ${title}`, `Measured on: ${report.file}`, `Verdict: ${report.pass ? 'PASS' : 'FAIL'}`, ''];
  for (const c of report.checks) lines.push(`${c.pass ? 'PASS' : 'FAIL'}  ${c.id.padEnd(15)} ${shown(c).padEnd(14)} ${c.message}`);
  return `${lines.join('\n')}\n`;
}

const escape = (s: string): string => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

export function acxReportHtml(report: AcxReport, title: string): string {
  const rows = report.checks.map((c) => `<tr class="${c.pass ? 'pass' : 'fail'}"><td>${c.pass ? 'Pass' : 'Fail'}</td><td>${escape(c.target)}</td><td>${escape(shown(c))}</td><td>${escape(c.message)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ACX check: ${escape(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ccc;text-align:left}
.pass td:first-child{color:#176f2c;font-weight:600}.fail td:first-child{color:#b00020;font-weight:600}</style></head>
<body><h1>ACX check: ${escape(title)}</h1><p>${report.pass ? 'Every requirement passes.' : 'Some requirements fail; each says what to do.'} Measured on the encoded file <code>${escape(report.file)}</code>.</p>
<table><thead><tr><th></th><th>ACX asks for</th><th>Measured</th><th>Notes</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
