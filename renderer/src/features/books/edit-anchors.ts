// Converting between waveform seconds in the assembled chapter and sentence-anchored points ({sentenceId, part, offsetMs}) that survive re-rendering.
// Anchors are offsets on the chapter before its region edits: the waveform shows the edited chapter, so a point on it is first
// taken back through the cuts (toUnedited), else a cut earlier in the same sentence would shift every later anchor by its length.
import type { EditAnchor, UneditedTimeline, WaveformEdit } from '../../../../electron/shared/domains/book-edits';

export interface SentenceSpan { sentenceId: number; start: number; end: number }

/** The sentences of the unedited timeline as spans. */
export function uneditedSpans(u: UneditedTimeline): SentenceSpan[] {
  return u.sentences.map((s) => ({ sentenceId: Number(s.sentenceId), start: s.start, end: s.end }));
}

/** Where second `t` of the edited chapter was before the cuts; inside room tone a removal put in, where the removal was. */
export function toUnedited(removals: UneditedTimeline['removals'], t: number): number {
  let shift = 0; // edited − unedited, from the removals before t
  for (const r of removals) {
    const at = r.from + shift;
    if (t < at) break;
    if (t < at + r.insert) return r.from;
    shift += r.insert - (r.to - r.from);
  }
  return t - shift;
}

/** The sentence whose speech (or the pause after it) holds `t`; the head before the first sentence counts as its start. */
export function spanAt(spans: readonly SentenceSpan[], t: number): { index: number; part: 'speech' | 'pause' } | null {
  if (spans.length === 0) return null;
  if (t < spans[0]!.start) return { index: 0, part: 'speech' };
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    const next = spans[i + 1];
    if (t < s.end) return { index: i, part: 'speech' };
    if (!next || t < next.start) return { index: i, part: 'pause' };
  }
  return { index: spans.length - 1, part: 'pause' };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

export function toAnchor(spans: readonly SentenceSpan[], t: number): EditAnchor | null {
  const at = spanAt(spans, t);
  if (!at) return null;
  const s = spans[at.index]!;
  const offset = at.part === 'speech' ? Math.max(0, t - s.start) : Math.max(0, t - s.end);
  return { sentenceId: String(s.sentenceId), part: at.part, offsetMs: round(offset * 1000) };
}

/** Where an anchor sits in the assembled chapter now, or null when its sentence is not in it. */
export function fromAnchor(spans: readonly SentenceSpan[], a: EditAnchor): number | null {
  const s = spans.find((x) => String(x.sentenceId) === a.sentenceId);
  if (!s) return null;
  return (a.part === 'pause' ? s.end : s.start) + a.offsetMs / 1000;
}

export type RegionEditKind = 'cut' | 'silence' | 'room_tone' | 'gain' | 'fade';

/** A region edit over [start, end] seconds of the chapter; null when it has no sentence to hold on to. */
export function regionEdit(spans: readonly SentenceSpan[], start: number, end: number, kind: RegionEditKind, o: { gainDb?: number; direction?: 'in' | 'out' } = {}): WaveformEdit | null {
  const a = toAnchor(spans, Math.min(start, end));
  const b = toAnchor(spans, Math.max(start, end));
  if (!a || !b || Math.abs(end - start) < 0.005) return null;
  const region = { start: a, end: b };
  switch (kind) {
    case 'cut': return { kind: 'cut', ...region };
    case 'silence': return { kind: 'silence', ...region };
    case 'room_tone': return { kind: 'room_tone', ...region };
    case 'gain': return { kind: 'gain', ...region, gainDb: o.gainDb ?? -6 };
    case 'fade': return { kind: 'fade', ...region, direction: o.direction ?? 'out' };
  }
}

/** The pause after the sentence at `t`, as it is now in the assembled chapter (ms); the last one is the tail. */
export function pauseAt(spans: readonly SentenceSpan[], t: number, duration: number): { sentenceId: number; pauseMs: number } | null {
  const at = spanAt(spans, t);
  if (!at) return null;
  const s = spans[at.index]!;
  const next = spans[at.index + 1];
  return { sentenceId: s.sentenceId, pauseMs: Math.max(0, Math.round(((next ? next.start : duration) - s.end) * 1000)) };
}

/** A short human description of an edit for the edit list. */
export function describeEdit(e: WaveformEdit, sentenceNumber: (id: string) => string): string {
  const at = (a: EditAnchor): string => `${sentenceNumber(a.sentenceId)}${a.part === 'pause' ? ' pause' : ''} +${(a.offsetMs / 1000).toFixed(2)} s`;
  switch (e.kind) {
    case 'pause': return `Pause after ${sentenceNumber(e.sentenceId)} set to ${(e.pauseMs / 1000).toFixed(2)} s`;
    case 'cut': return `Cut ${at(e.start)} → ${at(e.end)}`;
    case 'silence': return `Silence ${at(e.start)} → ${at(e.end)}`;
    case 'room_tone': return `Room tone ${at(e.start)} → ${at(e.end)}`;
    case 'gain': return `Gain ${e.gainDb > 0 ? '+' : ''}${e.gainDb} dB ${at(e.start)} → ${at(e.end)}`;
    case 'fade': return `Fade ${e.direction} ${at(e.start)} → ${at(e.end)}`;
  }
}
