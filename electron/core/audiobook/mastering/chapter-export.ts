// Chapter export: assemble, master to ACX targets (RMS, limiter, 44.1 kHz), write WAV/FLAC/MP3 + peaks, report on the MP3.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChapterExportInputSchema, type ChapterExportInput, type ChapterExportParams, type ChapterExportResult,
} from '../../../shared/domains/book-edits';
import { ApiError } from '../../../shared/errors';
import { decodeAudio } from '../../audio/decode';
import { fromDb, toDb } from '../../audio/measures';
import { encodeMp3 } from '../../audio/mp3';
import { Resampler } from '../../audio/resample';
import { acxReportForMp3, acxReportHtml, acxReportText } from './acx-report';
import { writeFileAtomic } from './atomic-file';
import { editedSpeech, prepareChapter, uneditedTimeline, type PreparedChapter } from './chapter-assembly';
import { FlacWriter } from './flac-writer';
import { PeakLimiter } from './limiter';
import { Mp3Writer } from './mp3-writer';
import { PcmWavWriter } from './pcm-wav-writer';
import { createRoomTone } from './room-tone';
import { PeaksBuilder } from './waveform-peaks';

/** ACX wants 44.1 kHz; every format is written from the same 44.1 kHz master so they agree sample for sample. */
export const MASTER_RATE = 44100;

export interface ExportHooks {
  onProgress?: (step: string, current: number, total: number) => void;
  signal?: AbortSignal;
  /** Ramps at edit edges, ms (tests use 0 for exact samples). */
  edgeMs?: number;
}

/** Lets the event loop run between blocks: calls, progress events and cancellation get through during a long export. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function parseExportInput(input: ChapterExportInput): ChapterExportParams {
  const parsed = ChapterExportInputSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new ApiError('invalid_input', `The chapter export settings are not valid: ${first.path.join('.') || 'input'}: ${first.message}.`, 'Check the export settings and try again.');
  }
  return parsed.data;
}

/** The speech gain that brings the mix (g·speech + tone) to `target` RMS: g²·Ess + 2g·Est + Ett = target²·N. */
export function mixGain(Ess: number, Est: number, Ett: number, frames: number, targetDb: number): number {
  const need = fromDb(targetDb) ** 2 * frames - Ett;
  if (Ess <= 0) throw new ApiError('invalid_input', 'The chapter has no audible speech: every take is silent, or the edits muted all of it.', 'Listen to the takes and re-render the chapter.');
  if (need <= 0) throw new ApiError('invalid_input', `The room tone alone is louder than the ${targetDb} dB RMS target.`, 'Use a quieter room tone (generated at −65 dB, or a quieter recording).');
  return (-Est + Math.sqrt(Est * Est + Ess * need)) / Ess;
}

/** Seeded TPDF dither and rounding to `bits`, interleaving mono into `channels`. */
function quantizer(bits: 16 | 24, channels: 1 | 2): (x: Float32Array) => Int32Array<ArrayBuffer> {
  const full = bits === 16 ? 32768 : 8388608;
  let s = 0x9e3779b9;
  const rand = (): number => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return (s >>> 0) / 4294967296; };
  return (x) => {
    const out = new Int32Array(x.length * channels);
    for (let i = 0; i < x.length; i++) {
      const v = Math.round(x[i]! * full + rand() - rand());
      const q = v > full - 1 ? full - 1 : v < -full ? -full : v;
      for (let c = 0; c < channels; c++) out[i * channels + c] = q;
    }
    return out;
  };
}

interface Sinks {
  write(x: Float32Array): void;
  close(): void;
  abort(): void;
}

async function openSinks(p: ChapterExportParams, files: ChapterExportResult['files'], totalFrames: number, peaks: PeaksBuilder | null, mp3Gain: number): Promise<Sinks> {
  const quantize = quantizer(p.bitDepth, p.channels);
  let wav: PcmWavWriter | null = null, flac: FlacWriter | null = null, mp3: Mp3Writer | null = null;
  const abort = (): void => { for (const w of [wav, flac, mp3]) { try { w?.abort(); } catch { /* the first error is the one to report */ } } };
  try {
    if (p.formats.includes('wav')) wav = new PcmWavWriter(files.wav = join(p.outputDir, `${p.baseName}.wav`), p.channels, MASTER_RATE, p.bitDepth);
    if (p.formats.includes('flac')) flac = await FlacWriter.create(files.flac = join(p.outputDir, `${p.baseName}.flac`), p.channels, MASTER_RATE, p.bitDepth, totalFrames);
    if (p.formats.includes('mp3')) mp3 = await Mp3Writer.create(files.mp3 = join(p.outputDir, `${p.baseName}.mp3`), p.channels, MASTER_RATE, 192);
  } catch (e) {
    abort();
    throw e;
  }
  return {
    write(x) {
      if (x.length === 0) return;
      peaks?.push(x);
      if (wav || flac) {
        // WAV and FLAC get the same integers, so the FLAC decodes to the WAV's samples exactly.
        const ints = quantize(x);
        wav?.write(ints);
        flac?.write(ints);
      }
      if (mp3) {
        const m = mp3Gain === 1 ? x : Float32Array.from(x, (v) => v * mp3Gain);
        mp3.write(p.channels === 2 ? [m, m] : [m]);
      }
    },
    close() { wav?.close(); flac?.close(); mp3?.close(); },
    abort,
  };
}

/** Pass 1: the speech and room tone energies the gain is solved from. */
async function measureMix(prep: PreparedChapter, p: ChapterExportParams, hooks: ExportHooks): Promise<{ gain: number; frames: number }> {
  const bed = await createRoomTone(p.roomTone, prep.sampleRate);
  let ss = 0, st = 0, tt = 0, n = 0;
  const total = prep.resolved.outputFrames;
  for (const s of editedSpeech(prep, hooks.signal)) {
    const b = bed.next(s.length);
    for (let i = 0; i < s.length; i++) { const x = s[i]!, y = b[i]!; ss += x * x; st += x * y; tt += y * y; }
    n += s.length;
    hooks.onProgress?.('measuring', n, total);
    await breathe();
  }
  return { gain: mixGain(ss, st, tt, n, p.targetRmsDb), frames: n };
}

/** RMS (dB) of the mix after the limiter at `gain`, at the chapter rate: what the limiter costs in level. */
async function limitedRms(prep: PreparedChapter, p: ChapterExportParams, gain: number, hooks: ExportHooks, pass: number): Promise<number> {
  const bed = await createRoomTone(p.roomTone, prep.sampleRate);
  const limiter = new PeakLimiter(prep.sampleRate, p.ceilingDb);
  let sum = 0, n = 0;
  const add = (y: Float32Array): void => { for (let i = 0; i < y.length; i++) sum += y[i]! * y[i]!; n += y.length; };
  for (const s of editedSpeech(prep, hooks.signal)) {
    const b = bed.next(s.length);
    const mix = new Float32Array(s.length);
    for (let i = 0; i < s.length; i++) mix[i] = gain * s[i]! + b[i]!;
    add(limiter.process(mix));
    hooks.onProgress?.(`measuring the limiter (${pass})`, n, prep.resolved.outputFrames);
    await breathe();
  }
  add(limiter.flush());
  return toDb(Math.sqrt(sum / Math.max(1, n)));
}

/**
 * How much level LAME takes off this chapter's speech (dB, ≥ 0), from 30 s of the mastered mix encoded and decoded
 * in memory: the MP3 is lifted by it so the file ACX measures lands on the target, not a few tenths under it.
 */
async function mp3LevelLoss(prep: PreparedChapter, p: ChapterExportParams, gain: number, hooks: ExportHooks): Promise<number> {
  hooks.onProgress?.('measuring the MP3 encoder', 0, 1);
  const bed = await createRoomTone(p.roomTone, prep.sampleRate);
  const resampler = prep.sampleRate === MASTER_RATE ? null : new Resampler(prep.sampleRate, MASTER_RATE);
  const limiter = new PeakLimiter(MASTER_RATE, p.ceilingDb);
  const want = 30 * MASTER_RATE;
  const parts: Float32Array[] = [];
  let have = 0;
  for (const s of editedSpeech(prep, hooks.signal)) {
    const b = bed.next(s.length);
    const mix = new Float32Array(s.length);
    for (let i = 0; i < s.length; i++) mix[i] = gain * s[i]! + b[i]!;
    const y = limiter.process(resampler ? resampler.process(mix) : mix);
    parts.push(y); have += y.length;
    if (have >= want) break;
  }
  const x = new Float32Array(have);
  let o = 0;
  for (const q of parts) { x.set(q, o); o += q.length; }
  if (have < MASTER_RATE) return 0; // too short to tell; the report still measures the file
  const decoded = await decodeAudio(await encodeMp3([x], MASTER_RATE, 192));
  const energy = (a: Float32Array): number => { let e = 0; for (let i = 0; i < a.length; i++) e += a[i]! * a[i]!; return e; };
  const loss = 10 * Math.log10(energy(x) / Math.max(1e-30, energy(decoded.channels[0]!)));
  return Number.isFinite(loss) ? Math.max(0, loss) : 0;
}

/**
 * Exports one chapter: every format requested, the waveform peaks and the ACX report (measured on the MP3).
 * Files appear whole or not at all; a cancelled or failed export leaves nothing half-written.
 */
export async function exportChapter(input: ChapterExportInput, hooks: ExportHooks = {}): Promise<ChapterExportResult> {
  const p = parseExportInput(input);
  try {
    mkdirSync(p.outputDir, { recursive: true });
  } catch (e) {
    throw new ApiError('invalid_input', `The export folder ${p.outputDir} cannot be created: ${(e as Error).message}.`, 'Choose a folder you can write to.');
  }
  const prep = prepareChapter({ takes: p.takes, sampleRate: p.sampleRate, edits: p.edits, headMs: p.headMs, tailMs: p.tailMs, edgeMs: hooks.edgeMs ?? 5 });
  let { gain } = await measureMix(prep, p, hooks);
  // The limiter takes some level off peaky speech: find the gain whose limited RMS is on target. More gain means
  // more limiting (each dB of gain adds less than a dB of RMS), so the second step uses the slope the first measured.
  let prev: { gainDb: number; rms: number } | null = null;
  for (let pass = 1; pass <= 2; pass++) {
    const rms = await limitedRms(prep, p, gain, hooks, pass);
    const miss = p.targetRmsDb - rms;
    if (Math.abs(miss) < 0.05) break;
    const gainDb = toDb(gain);
    const slope = prev && gainDb !== prev.gainDb ? Math.min(1, Math.max(0.2, (rms - prev.rms) / (gainDb - prev.gainDb))) : 1;
    prev = { gainDb, rms };
    gain *= fromDb(miss / slope);
  }
  // Lifted by what the encoder takes, but never past 0.5 dB under ACX's −3 dB peak limit.
  const mp3Gain = p.formats.includes('mp3') ? fromDb(Math.min(await mp3LevelLoss(prep, p, gain, hooks), Math.max(0, -3.5 - p.ceilingDb))) : 1;
  const resampler = prep.sampleRate === MASTER_RATE ? null : new Resampler(prep.sampleRate, MASTER_RATE);
  const outFrames = resampler ? resampler.outputLength(prep.resolved.outputFrames) : prep.resolved.outputFrames;
  const limiter = new PeakLimiter(MASTER_RATE, p.ceilingDb);
  const peaks = p.peaks ? new PeaksBuilder(MASTER_RATE, outFrames) : null;
  const files: ChapterExportResult['files'] = {};
  const sinks = await openSinks(p, files, outFrames, peaks, mp3Gain);
  let written = 0;
  try {
    const bed = await createRoomTone(p.roomTone, prep.sampleRate);
    const emit = (x: Float32Array): void => { sinks.write(x); written += x.length; };
    let done = 0;
    for (const s of editedSpeech(prep, hooks.signal)) {
      const b = bed.next(s.length);
      const mix = new Float32Array(s.length);
      for (let i = 0; i < s.length; i++) mix[i] = gain * s[i]! + b[i]!;
      emit(limiter.process(resampler ? resampler.process(mix) : mix));
      done += s.length;
      hooks.onProgress?.('mastering', done, prep.resolved.outputFrames);
      await breathe();
    }
    if (resampler) emit(limiter.process(resampler.flush()));
    emit(limiter.flush());
    hooks.signal?.throwIfAborted();
    sinks.close();
  } catch (e) {
    sinks.abort();
    throw e;
  }
  if (peaks) peaks.write(files.peaks = join(p.outputDir, `${p.baseName}.peaks`));
  let report: ChapterExportResult['report'] = null;
  if (files.mp3) {
    hooks.onProgress?.('checking the MP3 against ACX', 0, 1);
    report = await acxReportForMp3(files.mp3, { expectedChannels: p.channels });
    writeFileAtomic(files.reportJson = join(p.outputDir, `${p.baseName}.acx.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileAtomic(files.reportHtml = join(p.outputDir, `${p.baseName}.acx.html`), acxReportHtml(report, p.baseName));
    writeFileAtomic(join(p.outputDir, `${p.baseName}.acx.txt`), acxReportText(report, p.baseName));
    hooks.onProgress?.('checking the MP3 against ACX', 1, 1);
  }
  const limitedFraction = written ? limiter.limitedFrames / written : 0;
  const warnings = prep.resolved.skipped.map((s) => s.reason);
  const heavy = written ? limiter.heavyFrames / written : 0;
  if (heavy > 0.01) {
    warnings.push(`The limiter turned ${(heavy * 100).toFixed(1)} % of the chapter down by more than 3 dB to keep peaks under ${p.ceilingDb} dB; if it sounds squashed, lower the RMS target (−21 or −22 still passes ACX).`);
  }
  return {
    files,
    report,
    sentences: prep.sentences.map((s) => ({ sentenceId: s.sentenceId, start: s.start / prep.sampleRate, end: s.end / prep.sampleRate })),
    unedited: uneditedTimeline(prep),
    skippedEdits: prep.resolved.skipped,
    sampleRate: MASTER_RATE,
    durationSeconds: written / MASTER_RATE,
    gainDb: Math.round(toDb(gain) * 100) / 100,
    limitedFraction,
    warnings,
  };
}
