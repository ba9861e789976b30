// Which sentences a lexicon change touches, for a few words and for a PLS-sized batch of them.
import { describe, expect, it } from 'vitest';
import type { LexiconEntry } from '../../../shared/domains/books';
import { affectedSentences, toLexicon } from './lexicon-match';

const entry = (word: string, respelling: string): LexiconEntry => ({ id: 1, bookId: null, word, ipa: null, respelling, createdAt: '' });
const sentences = [
  { id: 1, text: 'Die Straße war leer.' },
  { id: 2, text: 'STRASSE steht auf dem Schild.' },
  { id: 3, text: 'Eine Strassenbahn fuhr.' },
  { id: 4, text: "Smith's dog barked at Smith." },
  { id: 5, text: "Smith's dog only." },
];

describe('sentences a lexicon change touches', () => {
  it('folds ß to ss like the lexicon lookups, and matches whole tokens only', () => {
    const after = toLexicon([entry('Straße', 'Strahse')]);
    expect(affectedSentences(sentences, toLexicon([]), after, ['Straße'])).toEqual([1, 2]);
    expect(affectedSentences(sentences, toLexicon([]), toLexicon([entry('Smith', 'Smyth')]), ['Smith'])).toEqual([4]);
  });

  it('gives the same answer for a batch of thousands of words (no substring prefilter) as for each word alone', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`).concat(['Straße', 'Smith']);
    const after = toLexicon(words.map((w) => entry(w, 'x')));
    expect(affectedSentences(sentences, toLexicon([]), after, words)).toEqual([1, 2, 4]);
  });
});
