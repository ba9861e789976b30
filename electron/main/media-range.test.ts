// Seeking in audio: the media protocol answers byte ranges the way a browser's <audio> expects.
import { describe, expect, it } from 'vitest';
import { parseByteRange } from './media-range';

describe('parseByteRange', () => {
  it('serves the whole file when no range is asked for', () => {
    expect(parseByteRange(null, 100)).toBeNull();
    expect(parseByteRange('items=0-1', 100)).toBeNull();
    expect(parseByteRange('bytes=-', 100)).toBeNull();
  });

  it('serves an explicit range, clamped to the file', () => {
    expect(parseByteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseByteRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
  });

  it('serves open-ended and suffix ranges', () => {
    expect(parseByteRange('bytes=10-', 100)).toEqual({ start: 10, end: 99 });
    expect(parseByteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
  });

  it('refuses ranges past the end of the file', () => {
    expect(parseByteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=5-2', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
  });

  it('serves multi-range requests whole', () => {
    expect(parseByteRange('bytes=0-1,5-6', 100)).toBeNull();
  });
});
