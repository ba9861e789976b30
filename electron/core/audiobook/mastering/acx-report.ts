// The ACX report of an exported chapter, measured on the encoded MP3 decoded back (never the WAV), as JSON, text and HTML.
import { readFileSync } from 'node:fs';
import type { AcxReport, AcxReportCheck } from '../../../shared/domains/book-edits';
import { acxVerdict } from '../../audio/acx';
import { decodeAudio } from '../../audio/decode';
import { detectSilence } from '../../audio/dsp';
import { readMp3Frames } from '../../audio/mp3';

const MAX_MINUTES = 120;
const finite = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);

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

/** Decodes the MP3 with the studio's decoder and checks it against every ACX requirement, each with its figure. */
export async function acxReportForMp3(path: string, options: AcxReportOptions = {}): Promise<AcxReport> {
  const bytes = readFileSync(path);
  const frames = readMp3Frames(bytes);
  const decoded = await decodeAudio(bytes);
  const { sampleRate } = decoded;
  // mpg123 hands back two (identical) channels for a mono MP3; the frame headers say what the file holds.
  const monoFile = frames.length > 0 && frames.every((f) => f.channels === 1);
  const channels = monoFile ? decoded.channels.slice(0, 1) : decoded.channels;
  const verdict = acxVerdict(channels, sampleRate, options.expectedChannels ? { expectedChannels: options.expectedChannels } : {});
  const m = verdict.measures;
  const from = (id: AcxReportCheck['id']): { pass: boolean; message: string } => {
    const c = verdict.checks.find((x) => x.id === id);
    return c ? { pass: c.pass, message: c.message } : { pass: false, message: `${id} was not measured.` };
  };
  // The same threshold acxVerdict uses for its room tone checks, so the seconds match its verdict.
  const silence = detectSilence(channels, sampleRate, { thresholdDb: Math.max(-60, Math.min(-40, m.noiseFloorDb + 10)) });
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
    { id: 'room_tone_head', ...from('room_tone_head'), measured: Math.round(silence.leadingSeconds * 100) / 100, unit: 's', target: '0.5–1 s of room tone at the start' },
    { id: 'room_tone_tail', ...from('room_tone_tail'), measured: Math.round(silence.trailingSeconds * 100) / 100, unit: 's', target: '1–5 s of room tone at the end' },
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
    { id: 'channels', ...from('channels'), measured: channels.length, unit: 'channels', target: 'mono or stereo, the same throughout the book' },
  ];
  return {
    file: path,
    pass: checks.every((c) => c.pass),
    checks,
    measures: {
      rmsDb: finite(m.rmsDb), peakDb: finite(m.peakDb), truePeakDb: finite(m.truePeakDb), noiseFloorDb: finite(m.noiseFloorDb),
      loudnessLufs: finite(m.loudnessLufs), durationSeconds: m.durationSeconds, sampleRate, channels: channels.length,
      bitrateKbps: rates, headSeconds: silence.leadingSeconds, tailSeconds: silence.trailingSeconds,
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
