// Literal find/replace over sentence texts: case and whole-word options, Unicode-aware word edges.

export interface FindOptions { find: string; replace: string; matchCase: boolean; wholeWord: boolean }
export interface Replacement { id: number; chapterId: number; before: string; after: string; count: number }

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

export function findPattern(o: Pick<FindOptions, 'find' | 'matchCase' | 'wholeWord'>): RegExp {
  const body = escapeRe(o.find.normalize('NFC'));
  // A word edge is where a letter, mark or digit meets something that is none of them (works for ä, é, ß, Cyrillic…).
  const src = o.wholeWord ? `(?<![\\p{L}\\p{M}\\p{N}])${body}(?![\\p{L}\\p{M}\\p{N}])` : body;
  return new RegExp(src, o.matchCase ? 'gu' : 'giu');
}

/** The sentences the replacement changes, with their text before and after; a sentence that would become empty is reported by the caller. */
export function planReplacements(sentences: readonly { id: number; chapterId: number; text: string }[], o: FindOptions): Replacement[] {
  const re = findPattern(o);
  const out: Replacement[] = [];
  for (const s of sentences) {
    const text = s.text.normalize('NFC');
    let count = 0;
    // A function replacement keeps "$&" and friends in the user's text literal.
    const after = text.replace(re, () => { count++; return o.replace; });
    if (count > 0 && after !== s.text) out.push({ id: s.id, chapterId: s.chapterId, before: s.text, after: after.replace(/\s+/gu, ' ').trim(), count });
  }
  return out;
}
