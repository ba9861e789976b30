// One sentence's take from the engine's pieces: the audio joined, the WAV written atomically, the slip report and the slip flags it raises.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SlipReport } from '../../../shared/domains/book-render';
import { encodeWav } from '../../audio/wav';
import type { NewFlag } from '../../db/book-render.repo';
import { writeFileAtomic } from '../../fs/atomic';
import type { SentenceResult } from '../../synth/synth-pipeline';

/** Silence between the pieces of a sentence the engine cut at a clause mark. */
const PIECE_GAP_SECONDS = 0.2;

export interface BuiltTake { audio: Float32Array; seconds: number; report: SlipReport; flags: NewFlag[] }

/** Joins the pieces of one sentence (in reading order) and turns their attention health into the take's slip report and flags. */
export function buildTake(text: string, pieces: readonly SentenceResult[], sampleRate: number): BuiltTake {
  const gap = Math.round(PIECE_GAP_SECONDS * sampleRate);
  const total = pieces.reduce((n, p) => n + p.audio.length, 0) + gap * Math.max(0, pieces.length - 1);
  const audio = new Float32Array(total);
  const report: SlipReport = { steps: 0, gateStopped: true, flagged: false, slips: [], words: [], pieces: pieces.length };
  let at = 0;
  for (const [i, p] of pieces.entries()) {
    if (i > 0) at += gap;
    audio.set(p.audio, at);
    const offset = at / sampleRate;
    at += p.audio.length;
    report.steps += p.steps;
    report.gateStopped &&= p.gateStopped;
    report.flagged ||= p.health.flagged;
    report.slips.push(...p.health.slips);
    for (const w of p.health.words) {
      report.words.push({ text: w.text, span: w.span ? { start: offset + w.span.start, end: offset + w.span.end } : null, focus: w.focus, reached: w.reached, slips: w.slips });
    }
  }
  return { audio, seconds: total / sampleRate, report, flags: slipFlags(text, report) };
}

/** The sentence's slip flags from a take's report: one per sentence-level slip, one per slipped word (with its place in the text when it has one). */
export function slipFlags(text: string, report: SlipReport): NewFlag[] {
  const flags: NewFlag[] = report.slips.map((s) => ({ kind: s.kind, charStart: null, charEnd: null, timeStart: null, timeEnd: null, note: s.reason }));
  const lower = text.toLowerCase();
  let cursor = 0;
  for (const w of report.words) {
    // The word as written, found in order; a respelled or expanded word ("furst", "twelve") has no place in the text and keeps only its time.
    const found = w.text ? lower.indexOf(w.text.toLowerCase(), cursor) : -1;
    if (found >= 0) cursor = found + w.text.length;
    const timed = w.span !== null && w.span.end > w.span.start;
    for (const s of w.slips) {
      flags.push({
        kind: s.kind, note: `"${w.text}": ${s.reason}`,
        charStart: found >= 0 ? found : null, charEnd: found >= 0 ? found + w.text.length : null,
        timeStart: timed ? w.span!.start : null, timeEnd: timed ? w.span!.end : null,
      });
    }
  }
  return flags;
}

/** Writes the take's WAV (temp file, fsync, rename): a crash leaves either the whole file or none. */
export function writeTakeWav(path: string, audio: Float32Array, sampleRate: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, encodeWav({ sampleRate, channels: [audio] }));
}
