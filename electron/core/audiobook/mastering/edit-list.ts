// The waveform edit list: undo/redo as a pointer, and edits resolved from sentence anchors to chapter sample positions.
import type { ActiveEdit, EditAnchor, EditEntry, SkippedEdit } from '../../../shared/domains/book-edits';
import { ApiError } from '../../../shared/errors';

/** The edits in force: the first `undoPointer` entries, less those a later entry removed. Pure. */
export function effectiveEdits(entries: readonly EditEntry[], undoPointer: number): ActiveEdit[] {
  if (!Number.isInteger(undoPointer) || undoPointer < 0 || undoPointer > entries.length) {
    throw new ApiError('invalid_input', `The undo pointer ${undoPointer} is outside the edit list (0–${entries.length}).`, 'Reload the chapter; its edit list changed.');
  }
  const active: ActiveEdit[] = [];
  for (const entry of entries.slice(0, undoPointer)) {
    const { edit } = entry;
    if (edit.kind === 'remove') {
      const at = active.findIndex((a) => a.id === edit.target);
      if (at >= 0) active.splice(at, 1);
    } else active.push({ id: entry.id, edit });
  }
  return active;
}

/** One sentence on the chapter's timeline before edits, in frames at the chapter rate. */
export interface SentenceSlot {
  sentenceId: string;
  speechFrames: number;
  pauseFrames: number;
}

export interface PlacedSentence extends SentenceSlot {
  /** First frame of the sentence's speech on the unedited timeline. */
  start: number;
}

export interface TimelineLayout {
  headFrames: number;
  sentences: PlacedSentence[];
  totalFrames: number;
}

/** A region on the unedited timeline, [from, to) in frames. `remove` drops it and puts `insertFrames` of room tone there. */
export type ResolvedRegion =
  | { id: string; kind: 'remove'; from: number; to: number; insertFrames: number }
  | { id: string; kind: 'silence'; from: number; to: number }
  | { id: string; kind: 'gain'; from: number; to: number; gain: number }
  | { id: string; kind: 'fade'; from: number; to: number; direction: 'in' | 'out' };

export interface ResolvedEdits {
  layout: TimelineLayout;
  regions: ResolvedRegion[];
  /** Removals merged and sorted: what the output skips. */
  removals: { from: number; to: number; insertFrames: number }[];
  skipped: SkippedEdit[];
  outputFrames: number;
}

export function layoutTimeline(headFrames: number, slots: readonly SentenceSlot[]): TimelineLayout {
  let at = headFrames;
  const sentences = slots.map((s) => {
    const placed = { ...s, start: at };
    at += s.speechFrames + s.pauseFrames;
    return placed;
  });
  return { headFrames, sentences, totalFrames: at };
}

const frames = (ms: number, sampleRate: number): number => Math.round((ms * sampleRate) / 1000);

/**
 * Places every edit on the timeline. Pause edits apply first (they move what follows); an edit whose anchor
 * lies past the end of its sentence's current take or pause, or on a sentence no longer in the chapter, is
 * skipped and reported, never applied somewhere else.
 */
export function resolveEdits(headFrames: number, slots: readonly SentenceSlot[], edits: readonly ActiveEdit[], sampleRate: number): ResolvedEdits {
  const skipped: SkippedEdit[] = [];
  const index = new Map(slots.map((s, i) => [s.sentenceId, i]));
  const pauses = slots.map((s) => s.pauseFrames);
  for (const { id, edit } of edits) {
    if (edit.kind !== 'pause') continue;
    const i = index.get(edit.sentenceId);
    if (i === undefined) skipped.push({ id, reason: `Sentence ${edit.sentenceId} is no longer in this chapter; the pause edit was not applied.` });
    else pauses[i] = frames(edit.pauseMs, sampleRate);
  }
  const layout = layoutTimeline(headFrames, slots.map((s, i) => ({ ...s, pauseFrames: pauses[i]! })));
  const place = (a: EditAnchor): number | string => {
    const i = index.get(a.sentenceId);
    if (i === undefined) return `sentence ${a.sentenceId} is no longer in this chapter`;
    const s = layout.sentences[i]!;
    const off = frames(a.offsetMs, sampleRate);
    const length = a.part === 'speech' ? s.speechFrames : s.pauseFrames;
    if (off > length) {
      const ms = ((length / sampleRate) * 1000).toFixed(0);
      return a.part === 'speech'
        ? `sentence ${a.sentenceId} is now ${ms} ms long, shorter than the edit's point at ${a.offsetMs.toFixed(0)} ms (it was re-rendered)`
        : `the pause after sentence ${a.sentenceId} is now ${ms} ms, shorter than the edit's point at ${a.offsetMs.toFixed(0)} ms`;
    }
    return s.start + (a.part === 'speech' ? 0 : s.speechFrames) + off;
  };
  const regions: ResolvedRegion[] = [];
  for (const { id, edit } of edits) {
    if (edit.kind === 'pause') continue;
    const from = place(edit.start), to = place(edit.end);
    if (typeof from === 'string' || typeof to === 'string') {
      skipped.push({ id, reason: `The ${edit.kind.replace('_', ' ')} edit was not applied: ${typeof from === 'string' ? from : to}. Check it in the editor and place it again.` });
      continue;
    }
    if (to <= from) {
      skipped.push({ id, reason: `The ${edit.kind.replace('_', ' ')} edit ends before it starts (now that its sentences changed); it was not applied.` });
      continue;
    }
    switch (edit.kind) {
      case 'cut': regions.push({ id, kind: 'remove', from, to, insertFrames: 0 }); break;
      case 'room_tone':
        regions.push(edit.durationMs === undefined ? { id, kind: 'silence', from, to } : { id, kind: 'remove', from, to, insertFrames: frames(edit.durationMs, sampleRate) });
        break;
      case 'silence': regions.push({ id, kind: 'silence', from, to }); break;
      case 'gain': regions.push({ id, kind: 'gain', from, to, gain: 10 ** (edit.gainDb / 20) }); break;
      case 'fade': regions.push({ id, kind: 'fade', from, to, direction: edit.direction }); break;
    }
  }
  // Overlapping removals become one: the union is dropped, their room tone insertions add up.
  const removals: ResolvedEdits['removals'] = [];
  for (const r of regions.filter((x) => x.kind === 'remove').sort((a, b) => a.from - b.from)) {
    const last = removals[removals.length - 1];
    if (last && r.from <= last.to) { last.to = Math.max(last.to, r.to); last.insertFrames += r.insertFrames; }
    else removals.push({ from: r.from, to: r.to, insertFrames: r.insertFrames });
  }
  const outputFrames = removals.reduce((n, r) => n - (r.to - r.from) + r.insertFrames, layout.totalFrames);
  return { layout, regions, removals, skipped, outputFrames };
}

/** Where unedited timeline frame `t` lands in the output; a frame inside a removal lands where the removal was. */
export function toOutputFrame(resolved: Pick<ResolvedEdits, 'removals'>, t: number): number {
  let shift = 0;
  for (const r of resolved.removals) {
    if (t < r.from) break;
    if (t < r.to) return r.from + shift;
    shift += r.insertFrames - (r.to - r.from);
  }
  return t + shift;
}

/**
 * Multiplies `mult` (speech gain for unedited frames [start, start + mult.length)) by every region's effect.
 * Region edges ramp over `edgeFrames` so nothing clicks; removals dip the speech on both sides of the join.
 */
export function applyRegionGains(resolved: Pick<ResolvedEdits, 'regions' | 'removals'>, start: number, mult: Float32Array, edgeFrames: number): void {
  const end = start + mult.length;
  const R = edgeFrames;
  const weight = (d: number): number => (R <= 0 ? 1 : Math.min(1, (d + 1) / (R + 1)));
  for (const r of resolved.regions) {
    if (r.kind === 'remove' || r.to <= start || r.from >= end) continue;
    const a = Math.max(r.from, start), b = Math.min(r.to, end);
    for (let t = a; t < b; t++) {
      const d = Math.min(t - r.from, r.to - 1 - t);
      let m: number;
      switch (r.kind) {
        case 'silence': m = 1 - weight(d); break;
        case 'gain': m = 1 + (r.gain - 1) * weight(d); break;
        case 'fade': m = r.direction === 'in' ? (t - r.from) / (r.to - r.from) : (r.to - t) / (r.to - r.from); break;
      }
      mult[t - start]! *= m;
    }
  }
  if (R <= 0) return;
  for (const r of resolved.removals) {
    for (let t = Math.max(start, r.from - R); t < Math.min(end, r.from); t++) mult[t - start]! *= (r.from - t) / (R + 1);
    for (let t = Math.max(start, r.to); t < Math.min(end, r.to + R); t++) mult[t - start]! *= (t - r.to + 1) / (R + 1);
  }
}
