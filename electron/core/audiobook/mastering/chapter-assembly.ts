// Chapter assembly: the chosen takes in order with their pauses, head and tail, edits applied, streamed in blocks.
import { readFileSync } from 'node:fs';
import type { ActiveEdit, UneditedTimeline } from '../../../shared/domains/book-edits';
import { ApiError } from '../../../shared/errors';
import { AudioFormatError } from '../../audio/audio-error';
import { detectSilence } from '../../audio/dsp';
import { toDb } from '../../audio/measures';
import { Resampler } from '../../audio/resample';
import { decodeWav } from '../../audio/wav';
import { probeWav, readWavBlocks } from '../../audio/wav-stream';
import { applyRegionGains, resolveEdits, toOutputFrame, type ResolvedEdits } from './edit-list';

export interface ChapterTake {
  sentenceId: string;
  /** Absolute path of the take's WAV. */
  path: string;
  /** Pause after the sentence, ms (the last sentence's pause is replaced by the tail). */
  pauseMs: number;
}

export interface AssemblyOptions {
  takes: readonly ChapterTake[];
  sampleRate: number;
  edits: readonly ActiveEdit[];
  /** Room tone before the first word, ms; the first take's own quiet start counts towards it. */
  headMs: number;
  /** Room tone after the last word, ms; the last take's own quiet end counts towards it. */
  tailMs: number;
  /** Ramps at edit edges, ms (0: hard edges, for exact tests). */
  edgeMs?: number;
  /** Speech quieter than this (dB below the take's peak) counts as the take's quiet start or end. */
  quietBelowPeakDb?: number;
}

interface TakeInfo extends ChapterTake {
  takeRate: number;
  takeFrames: number;
  /** Frames once at the chapter rate. */
  frames: number;
}

export interface PreparedChapter {
  sampleRate: number;
  takes: TakeInfo[];
  resolved: ResolvedEdits;
  edgeFrames: number;
  /** Where each sentence's speech lands in the output, frames. */
  sentences: { sentenceId: string; start: number; end: number }[];
}

function takeError(take: ChapterTake, e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return new ApiError('not_found', `The take of sentence ${take.sentenceId} is missing: ${take.path}.`, 'Re-render that sentence, or choose another take for it; nothing was exported.');
  }
  const detail = e instanceof AudioFormatError ? `${e.message}${e.hint ? ` ${e.hint}` : ''}` : (e as Error).message;
  return new ApiError('invalid_input', `The take of sentence ${take.sentenceId} (${take.path}) cannot be read: ${detail}`,
    'Re-render that sentence, or choose another take for it; nothing was exported.');
}

/** Frames of quiet at the start or end of a take (sound below `belowPeakDb` under its peak). */
function quietEdge(take: TakeInfo, fromEnd: boolean, belowPeakDb: number): number {
  const w = decodeWav(readFileSync(take.path));
  const n = w.channels[0]!.length;
  let peak = 0;
  for (const ch of w.channels) for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(ch[i]!));
  if (peak === 0) return take.frames;
  const s = detectSilence(w.channels, w.sampleRate, { thresholdDb: toDb(peak) - belowPeakDb });
  return Math.round((fromEnd ? s.trailingSeconds : s.leadingSeconds) * take.frames / take.takeFrames * w.sampleRate);
}

/** Checks every take (naming the sentence of one that is missing or damaged), lays out the timeline and places the edits. */
export function prepareChapter(options: AssemblyOptions): PreparedChapter {
  const { sampleRate } = options;
  if (options.takes.length === 0) throw new ApiError('invalid_input', 'The chapter has no sentences with a chosen take.', 'Render the chapter first.');
  const seen = new Set<string>();
  const takes: TakeInfo[] = options.takes.map((t) => {
    if (seen.has(t.sentenceId)) throw new ApiError('invalid_input', `Sentence ${t.sentenceId} appears twice in the chapter.`, 'Pass each sentence once, in reading order.');
    seen.add(t.sentenceId);
    try {
      const info = probeWav(t.path);
      if (info.frames === 0) throw new AudioFormatError('no_audio', 'The WAV file holds no audio.', 'The render did not finish.');
      const frames = info.sampleRate === sampleRate ? info.frames : new Resampler(info.sampleRate, sampleRate).outputLength(info.frames);
      return { ...t, takeRate: info.sampleRate, takeFrames: info.frames, frames };
    } catch (e) {
      throw takeError(t, e);
    }
  });
  const ms = (x: number): number => Math.round((x * sampleRate) / 1000);
  const below = options.quietBelowPeakDb ?? 50;
  const first = takes[0]!, last = takes[takes.length - 1]!;
  let leadQuiet = 0, tailQuiet = 0;
  try { leadQuiet = quietEdge(first, false, below); } catch (e) { throw takeError(first, e); }
  try { tailQuiet = quietEdge(last, true, below); } catch (e) { throw takeError(last, e); }
  const headFrames = Math.max(0, ms(options.headMs) - leadQuiet);
  const tailFrames = Math.max(0, ms(options.tailMs) - tailQuiet);
  const slots = takes.map((t, i) => ({ sentenceId: t.sentenceId, speechFrames: t.frames, pauseFrames: i === takes.length - 1 ? tailFrames : ms(t.pauseMs) }));
  const resolved = resolveEdits(headFrames, slots, options.edits, sampleRate);
  const sentences = resolved.layout.sentences.map((s) => ({
    sentenceId: s.sentenceId,
    start: toOutputFrame(resolved, s.start),
    end: toOutputFrame(resolved, s.start + s.speechFrames),
  }));
  return { sampleRate, takes, resolved, edgeFrames: ms(options.edgeMs ?? 5), sentences };
}

const BLOCK = 65536;

/** The unedited timeline as mono blocks: head, each take (downmixed, resampled to the chapter rate) and its pause. */
function* timeline(prep: PreparedChapter): Generator<Float32Array> {
  const zeros = function* (n: number): Generator<Float32Array> {
    for (let left = n; left > 0; left -= BLOCK) yield new Float32Array(Math.min(BLOCK, left));
  };
  yield* zeros(prep.resolved.layout.headFrames);
  for (const [i, take] of prep.takes.entries()) {
    const slot = prep.resolved.layout.sentences[i]!;
    let emitted = 0;
    try {
      const resampler = take.takeRate === prep.sampleRate ? null : new Resampler(take.takeRate, prep.sampleRate);
      const emit = function* (x: Float32Array): Generator<Float32Array> {
        const part = x.subarray(0, Math.max(0, Math.min(x.length, take.frames - emitted)));
        emitted += part.length;
        if (part.length) yield part;
      };
      for (const block of readWavBlocks(take.path, BLOCK)) {
        const n = block[0]!.length;
        let mono = block[0]!;
        if (block.length > 1) {
          mono = new Float32Array(n);
          for (const ch of block) for (let k = 0; k < n; k++) mono[k]! += ch[k]! / block.length;
        }
        yield* emit(resampler ? resampler.process(mono) : mono);
      }
      if (resampler) yield* emit(resampler.flush());
    } catch (e) {
      throw takeError(take, e);
    }
    // A file shorter than its header said: keep the layout the edits were placed on.
    yield* zeros(take.frames - emitted);
    yield* zeros(slot.pauseFrames);
  }
}

/** The chapter before its region edits, in seconds (see UneditedTimelineSchema): what the editor measures anchors on. */
export function uneditedTimeline(prep: PreparedChapter): UneditedTimeline {
  const sec = (f: number): number => f / prep.sampleRate;
  const { layout, removals } = prep.resolved;
  return {
    sentences: layout.sentences.map((s) => ({ sentenceId: s.sentenceId, start: sec(s.start), end: sec(s.start + s.speechFrames) })),
    removals: removals.map((r) => ({ from: sec(r.from), to: sec(r.to), insert: sec(r.insertFrames) })),
    durationSeconds: sec(layout.totalFrames),
  };
}

/**
 * The chapter's speech after edits, at the chapter rate, in output order (room tone is added by the caller,
 * sample for sample, so a muted or inserted stretch is tone and never digital silence).
 */
export function* editedSpeech(prep: PreparedChapter, signal?: AbortSignal): Generator<Float32Array> {
  const { removals } = prep.resolved;
  let t = 0, next = 0;
  for (const block of timeline(prep)) {
    signal?.throwIfAborted();
    const mult = new Float32Array(block.length).fill(1);
    applyRegionGains(prep.resolved, t, mult, prep.edgeFrames);
    for (let i = 0; i < block.length; i++) block[i]! *= mult[i]!;
    // Emit the parts outside removals; at each removal's start, its room tone insertion (speech silent).
    let i = 0;
    while (i < block.length) {
      const r = removals[next];
      const pos = t + i;
      if (r && pos >= r.from) {
        if (pos === r.from && r.insertFrames > 0) for (let left = r.insertFrames; left > 0; left -= BLOCK) yield new Float32Array(Math.min(BLOCK, left));
        const skip = Math.min(block.length - i, r.to - pos);
        i += skip;
        if (t + i >= r.to) next++;
        continue;
      }
      const end = r ? Math.min(block.length, r.from - t) : block.length;
      yield block.subarray(i, end);
      i = end;
    }
    t += block.length;
  }
}
