// Bytes → text for prompt files: BOM sniffing, strict UTF-8, and a clear verdict (with a preview) when a file is in a legacy encoding.
import { z } from 'zod';

export const PromptEncodingSchema = z.enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252']);
export type PromptEncoding = z.infer<typeof PromptEncodingSchema>;

export type DecodedText = { ok: true; text: string; encoding: Exclude<PromptEncoding, 'auto'>; bom: boolean };
export type DecodeFailure = {
  ok: false;
  code: 'not-utf8' | 'utf16-without-bom';
  message: string;
  /** 1-based line of the first byte that is not valid UTF-8. */
  line: number;
  /** The encoding the user can pick to import the file anyway, with what the first lines read as in it. */
  suggestedEncoding?: 'windows-1252' | 'utf-16le' | 'utf-16be';
  preview?: string[];
};

const PREVIEW_LINES = 5;

export function decodePromptBytes(bytes: Uint8Array, encoding: PromptEncoding = 'auto'): DecodedText | DecodeFailure {
  const bom = sniffBom(bytes);
  if (encoding === 'auto') {
    if (bom) return { ok: true, text: decode(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding, bom: true };
    return decodeStrictUtf8(bytes);
  }
  // An explicit choice wins, but a BOM of that same encoding is still not part of the text.
  const skip = bom && bom.encoding === encoding ? bom.length : 0;
  return { ok: true, text: decode(bytes.subarray(skip), encoding), encoding, bom: skip > 0 };
}

function sniffBom(b: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function decode(bytes: Uint8Array, encoding: Exclude<PromptEncoding, 'auto'>): string {
  // ignoreBOM: the BOM has been handled above; a second one would be a real character.
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

function decodeStrictUtf8(bytes: Uint8Array): DecodedText | DecodeFailure {
  const utf16 = guessUtf16WithoutBom(bytes);
  if (utf16) {
    return {
      ok: false,
      code: 'utf16-without-bom',
      line: 1,
      message: `The file looks like ${utf16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} without a byte-order mark. Save it as UTF-8, or import it with the encoding ${utf16}.`,
      suggestedEncoding: utf16,
      preview: previewLines(decode(bytes, utf16)),
    };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const line = 1 + countNewlines(bytes, bad);
    const shown = Array.from(bytes.subarray(bad, bad + 1), (x) => `0x${x.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
    const sample = decode(bytes, 'windows-1252');
    return {
      ok: false,
      code: 'not-utf8',
      line,
      message:
        `The file is not UTF-8 (byte ${shown} on line ${line} is not valid UTF-8); it looks like Windows-1252/Latin-1. ` +
        'Save it as UTF-8, or import it with the encoding windows-1252 after checking the preview.',
      suggestedEncoding: 'windows-1252',
      preview: previewLines(sample),
    };
  }
}

/** UTF-16 text in Latin script has a zero byte in every other position; UTF-8 text has none. */
function guessUtf16WithoutBom(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length - (b.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    let need = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return b.length;
}

function countNewlines(b: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (b[i] === 0x0a) n++;
  return n;
}

function previewLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').slice(0, PREVIEW_LINES);
}

/** UTF-8 read twice ("Ã¤" for "ä"): the file decodes, but the text is garbled. */
export function looksDoubleEncoded(text: string): boolean {
  const hits = text.match(/[ÂÃ][\u0080-\u00BF]/g);
  return hits !== null && hits.length >= 2;
}
