// Which sentences a lexicon change touches: those where some word now reads differently, word by word as the engine looks words up.
import type { LexiconEntry as StoredEntry } from '../../../shared/domains/books';
import { Lexicon, type LexiconEntry } from '../../text/lexicon';

// The two tokenizers that consult the lexicon: the G2P (IPA voices) and the respelling pass of the letter voices.
const G2P_WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const RESPELL_WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu;

/** The key under which Lexicon.get may find a word: NFC, lower case, ß folded to ss. */
export function foldWord(word: string): string {
  return word.normalize('NFC').toLowerCase().normalize('NFC').replace(/ß/gu, 'ss');
}

export function toLexicon(entries: readonly StoredEntry[]): Lexicon {
  const lex = new Lexicon();
  for (const e of entries) {
    if (e.ipa !== null) lex.set(e.word, { ipa: e.ipa });
    else if (e.respelling !== null) lex.set(e.word, { respelling: e.respelling });
  }
  return lex;
}

function same(a: LexiconEntry | undefined, b: LexiconEntry | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return ('ipa' in a ? `i:${a.ipa}` : `r:${a.respelling}`) === ('ipa' in b ? `i:${b.ipa}` : `r:${b.respelling}`);
}

/** True when the changed words read differently for this book after the change than before. */
export function readingChanged(before: Lexicon, after: Lexicon, words: readonly string[]): boolean {
  return words.some((w) => !same(before.get(w), after.get(w)));
}

/**
 * The ids of the sentences containing a word (whole word, any case, Unicode-aware) whose lexicon reading differs
 * between `before` and `after`. `changed` are the words the change was about; only tokens folding to them are checked.
 */
export function affectedSentences(
  sentences: readonly { id: number; text: string }[], before: Lexicon, after: Lexicon, changed: readonly string[],
): number[] {
  const folds = [...new Set(changed.map(foldWord))];
  if (folds.length === 0) return [];
  const out: number[] = [];
  const foldSet = new Set(folds);
  // For a few words a substring test skips most sentences untokenized; for a PLS import of thousands it would cost
  // words × sentences, so every sentence is tokenized once instead.
  const prefilter = folds.length <= 8;
  for (const s of sentences) {
    if (prefilter) {
      const folded = foldWord(s.text);
      if (!folds.some((f) => folded.includes(f))) continue;
    }
    if (touches(s.text, before, after, foldSet)) out.push(s.id);
  }
  return out;
}

function touches(text: string, before: Lexicon, after: Lexicon, folds: ReadonlySet<string>): boolean {
  for (const re of [G2P_WORD, RESPELL_WORD]) {
    for (const m of text.matchAll(re)) {
      const token = m[0];
      if (folds.has(foldWord(token)) && !same(before.get(token), after.get(token))) return true;
    }
  }
  return false;
}
