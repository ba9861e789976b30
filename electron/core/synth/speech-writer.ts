// Writes synthesized sentences as they arrive: one WAV for the whole text (renamed into place at the end), optionally one per sentence, and the slip report with times in that WAV.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { encodeWav } from '../audio/wav';
import { WavFileWriter } from '../audio/wav-file';
import type { SentenceReport } from '../../shared/domains/synthesis';
import type { SentenceResult } from './synth-pipeline';

export interface SpeechWriterOptions {
  /** Write each sentence's WAV here too (streaming playback). */
  sentenceDir?: string;
  /** Silence between sentences. */
  gapSeconds?: number;
  /** Turns an absolute file path into the path reported (workspace-relative in the studio). */
  reportPath?: (abs: string) => string;
}

export class SpeechWriter {
  private readonly partial: string;
  private readonly wav: WavFileWriter;
  private seconds = 0;
  private count = 0;
  private done = false;
  readonly sentences: SentenceReport[] = [];

  constructor(readonly path: string, readonly sampleRate: number, private readonly opts: SpeechWriterOptions = {}) {
    this.partial = join(path, '..', `.${basename(path)}.partial`);
    this.wav = new WavFileWriter(this.partial, { channels: 1, sampleRate, format: 'pcm16' });
    if (opts.sentenceDir) mkdirSync(opts.sentenceDir, { recursive: true });
  }

  /** Appends a sentence (in reading order) and returns its report. */
  add(s: SentenceResult): SentenceReport {
    const gap = this.count > 0 ? Math.round((this.opts.gapSeconds ?? 0.3) * this.sampleRate) : 0;
    if (gap > 0) this.wav.append(new Float32Array(gap));
    this.seconds += gap / this.sampleRate;
    const start = this.seconds;
    this.wav.append(s.audio);
    this.wav.flush();
    this.seconds += s.audio.length / this.sampleRate;
    this.count++;
    let audio = '';
    if (this.opts.sentenceDir) {
      const file = join(this.opts.sentenceDir, `sentence-${String(s.index + 1).padStart(4, '0')}.wav`);
      writeFileSync(`${file}.tmp`, encodeWav({ sampleRate: this.sampleRate, channels: [s.audio] }));
      renameSync(`${file}.tmp`, file);
      audio = this.opts.reportPath ? this.opts.reportPath(file) : file;
    }
    const report: SentenceReport = {
      index: s.index, text: s.source, start, end: this.seconds, steps: s.steps, gateStopped: s.gateStopped, flagged: s.health.flagged,
      slips: s.health.slips,
      words: s.health.words.map((w) => ({
        text: w.text, focus: w.focus, reached: w.reached, slips: w.slips,
        span: w.span ? { start: start + w.span.start, end: start + w.span.end } : null,
      })),
      audio,
    };
    this.sentences.push(report);
    return report;
  }

  /** Finishes the WAV and moves it into place. */
  close(): void {
    if (this.done) return;
    this.done = true;
    this.wav.close();
    renameSync(this.partial, this.path);
  }

  /** Drops the unfinished WAV (after a failure). */
  abandon(): void {
    if (this.done) return;
    this.done = true;
    this.wav.close();
    rmSync(this.partial, { force: true });
  }
}

/** Flags in words, for the CLI and logs: one line per flagged sentence or word. */
export function formatFlags(sentences: readonly SentenceReport[]): string[] {
  const out: string[] = [];
  const t = (x: number): string => `${Math.floor(x / 60)}:${(x % 60).toFixed(2).padStart(5, '0')}`;
  for (const s of sentences) {
    for (const slip of s.slips) out.push(`  sentence ${s.index + 1} [${t(s.start)}–${t(s.end)}] ${slip.kind}: ${slip.reason}`);
    for (const w of s.words) {
      for (const slip of w.slips) out.push(`  sentence ${s.index + 1} "${w.text}"${w.span ? ` [${t(w.span.start)}–${t(w.span.end)}]` : ''} ${slip.kind}: ${slip.reason}`);
    }
  }
  return out;
}
