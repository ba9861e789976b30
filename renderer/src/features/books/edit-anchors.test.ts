// Waveform seconds ↔ sentence anchors: the editor's selection lands on the sentence (or pause) the producer heard, and back.
import { describe, expect, it } from 'vitest';
import { fromAnchor, pauseAt, regionEdit, spanAt, toAnchor, toUnedited, uneditedSpans } from './edit-anchors';

// Head 0.75 s, sentence 11 speaks 0.75–2.0, a 0.5 s pause, sentence 12 speaks 2.5–4.0, tail to 6.0.
const spans = [{ sentenceId: 11, start: 0.75, end: 2 }, { sentenceId: 12, start: 2.5, end: 4 }];

describe('edit anchors', () => {
  it('puts a point in the speech or in the pause after a sentence', () => {
    expect(spanAt(spans, 1)).toEqual({ index: 0, part: 'speech' });
    expect(spanAt(spans, 2.2)).toEqual({ index: 0, part: 'pause' });
    expect(spanAt(spans, 3)).toEqual({ index: 1, part: 'speech' });
    expect(spanAt(spans, 5)).toEqual({ index: 1, part: 'pause' });
    expect(spanAt([], 1)).toBeNull();
  });

  it('anchors the head before the first sentence to its start', () => {
    expect(toAnchor(spans, 0.2)).toEqual({ sentenceId: '11', part: 'speech', offsetMs: 0 });
  });

  it('round-trips a point through its anchor', () => {
    for (const t of [0.9, 1.999, 2.1, 2.5, 3.3, 4.7]) {
      const a = toAnchor(spans, t)!;
      expect(fromAnchor(spans, a)).toBeCloseTo(t, 3);
    }
  });

  it('keeps an anchor on its sentence when an earlier sentence got longer', () => {
    const a = toAnchor(spans, 3)!; // 0.5 s into sentence 12
    const longer = [{ sentenceId: 11, start: 0.75, end: 3 }, { sentenceId: 12, start: 3.5, end: 5 }];
    expect(fromAnchor(longer, a)).toBeCloseTo(4, 6);
    expect(fromAnchor([{ sentenceId: 11, start: 0, end: 1 }], a)).toBeNull();
  });

  it('orders a region selected right to left and refuses an empty one', () => {
    const e = regionEdit(spans, 3.5, 1.5, 'gain', { gainDb: 3 });
    expect(e).toEqual({ kind: 'gain', start: { sentenceId: '11', part: 'speech', offsetMs: 750 }, end: { sentenceId: '12', part: 'speech', offsetMs: 1000 }, gainDb: 3 });
    expect(regionEdit(spans, 1, 1.001, 'cut')).toBeNull();
  });

  it('measures the pause after a sentence, the last one up to the end', () => {
    expect(pauseAt(spans, 1, 6)).toEqual({ sentenceId: 11, pauseMs: 500 });
    expect(pauseAt(spans, 4.5, 6)).toEqual({ sentenceId: 12, pauseMs: 2000 });
  });

  it('takes a point on the edited waveform back through the cuts before anchoring it', () => {
    // Sentence 12 (2.5–4.0) had 2.7–3.2 cut; sentence 11 had 1.0–1.2 replaced by 0.5 s of room tone.
    const removals = [{ from: 1, to: 1.2, insert: 0.5 }, { from: 2.7, to: 3.2, insert: 0 }];
    expect(toUnedited(removals, 0.9)).toBeCloseTo(0.9, 9);
    expect(toUnedited(removals, 1.2)).toBe(1); // inside the room tone: where the removal was
    expect(toUnedited(removals, 1.6)).toBeCloseTo(1.3, 9);
    expect(toUnedited(removals, 2.95)).toBeCloseTo(2.65, 9);
    expect(toUnedited(removals, 3.0)).toBeCloseTo(3.2, 9); // the join (2.7 + 0.3): the audio goes on from the cut's end
    expect(toUnedited(removals, 3.3)).toBeCloseTo(3.5, 9);
    const u = uneditedSpans({ sentences: spans.map((s) => ({ ...s, sentenceId: String(s.sentenceId) })), removals, durationSeconds: 6 });
    expect(u).toEqual(spans);
    // A second cut selected after the first in the same sentence lands where the producer heard it, not 0.5 s early.
    expect(toAnchor(u, toUnedited(removals, 3.3))).toEqual({ sentenceId: '12', part: 'speech', offsetMs: 1000 });
  });
});
