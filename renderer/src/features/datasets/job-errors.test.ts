// A failed import's error reads as a summary plus the problems it lists, and the hint fits what went wrong.
import { describe, expect, it } from 'vitest';
import { importHint, splitProblems } from './job-errors';

describe('job errors', () => {
  it('lists every problem after the summary, with the "and N more" tail apart', () => {
    const e = 'metadata.csv has 32 problems; nothing was imported. line 1: 2 columns, expected 3 (id|raw text|normalized text); line 2: 2 columns, expected 3 (id|raw text|normalized text); and 30 more';
    const split = splitProblems(e);
    expect(split.summary).toBe('metadata.csv has 32 problems; nothing was imported.');
    expect(split.problems).toEqual(['line 1: 2 columns, expected 3 (id|raw text|normalized text)', 'line 2: 2 columns, expected 3 (id|raw text|normalized text)']);
    expect(split.more).toBe('and 30 more');
  });

  it('keeps any other message whole', () => {
    expect(splitProblems('The worker crashed. Try again.')).toEqual({ summary: 'The worker crashed. Try again.', problems: [], more: null });
  });

  it('explains a two-column metadata.csv and broken clips differently', () => {
    expect(importHint('line 1: 2 columns, expected 3')).toContain('three columns');
    expect(importHint('LJ001-0007: LJ001-0007.wav is empty (0 bytes)')).toContain('Fix or remove the clips listed');
  });
});
