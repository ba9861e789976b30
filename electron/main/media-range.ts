// Parses a single HTTP byte range, so audio served from disk can be seeked (Electron's file:// loader ignores Range).

export type ByteRange = { start: number; end: number };

/**
 * The inclusive byte range a `Range` header asks for in a file of `size` bytes.
 * null: no usable range (serve the whole file); 'unsatisfiable': answer 416.
 * Multi-range requests are served whole, which HTTP allows.
 */
export function parseByteRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return 'unsatisfiable';
  return { start, end };
}
