// Symbol sets: NVIDIA Tacotron2 id order, ARPAbet braces, unknown-symbol reporting and round trips.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CMUDICT_SYMBOLS, IPA_ESPEAK, TACOTRON2_ENGLISH, idsToText, phonemesToIds, textToIds } from './symbols';

interface IpaVectors { symbolSet: string; symbols: number; cases: { name: string; phonemes: string; ids: number[]; unknown: string[] }[] }
const vectors = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'ipa-vectors.json'), 'utf8')) as IpaVectors;

describe('NVIDIA Tacotron2 English set', () => {
  it('has the 148 symbols in NVIDIA order', () => {
    const s = TACOTRON2_ENGLISH.symbols;
    expect(s).toHaveLength(148);
    expect(CMUDICT_SYMBOLS).toHaveLength(84);
    // symbols.py: [_pad] + list(_special) + list(_punctuation) + list(_letters) + _arpabet
    expect(s.slice(0, 12)).toEqual(['_', '-', '!', "'", '(', ')', ',', '.', ':', ';', '?', ' ']);
    expect(s.indexOf('A')).toBe(12);
    expect(s.indexOf('z')).toBe(63);
    expect(s.indexOf('@AA')).toBe(64);
    expect(s.indexOf('@ZH')).toBe(147);
  });

  it('encodes plain text like text_to_sequence', () => {
    expect(textToIds('Hi, you!', TACOTRON2_ENGLISH)).toEqual({ ids: [19, 46, 6, 11, 62, 52, 58, 2], unknown: [] });
  });

  it('maps braced ARPAbet to @-symbols', () => {
    const { ids, unknown } = textToIds('Say {HH AH0 L OW1} now.', TACOTRON2_ENGLISH);
    expect(unknown).toEqual([]);
    const s = TACOTRON2_ENGLISH.symbols;
    expect(ids.slice(4, 8).map((id) => s[id])).toEqual(['@HH', '@AH0', '@L', '@OW1']);
    expect(idsToText(ids, TACOTRON2_ENGLISH)).toBe('Say {HH AH0 L OW1} now.');
  });

  it('reports unknown characters and phones with offsets instead of dropping them', () => {
    const { ids, unknown } = textToIds('Café {HH XX1} 5_', TACOTRON2_ENGLISH);
    expect(unknown).toEqual([
      { symbol: 'é', offset: 3 },
      { symbol: 'XX1', offset: 9 },
      { symbol: '5', offset: 14 },
      { symbol: '_', offset: 15 },
    ]);
    expect(idsToText(ids, TACOTRON2_ENGLISH)).toBe('Caf {HH} ');
  });

  it('keeps an unclosed brace as text (and reports it)', () => {
    expect(textToIds('a{b', TACOTRON2_ENGLISH).unknown).toEqual([{ symbol: '{', offset: 1 }]);
  });

  it('round-trips every id and skips pad on decode', () => {
    const all = TACOTRON2_ENGLISH.symbols.map((_, i) => i).slice(1);
    const text = idsToText(all, TACOTRON2_ENGLISH);
    expect(textToIds(text, TACOTRON2_ENGLISH).ids).toEqual(all);
    expect(idsToText([0, 19, 0], TACOTRON2_ENGLISH)).toBe('H');
    expect(() => idsToText([148], TACOTRON2_ENGLISH)).toThrow(RangeError);
  });
});

describe('IPA set', () => {
  it('encodes espeak English and German IPA without unknowns and round-trips', () => {
    for (const ipa of ['həlˈoʊ wˈɜːld, ðə kwˈɪk bɹˈaʊn fˈɑːks!', 'ɡɾˈyːsə ˌaʊs mˈʏnçən; ʃtɾˈɑːsə ˈœltaŋk tsˈaɪt bᵻfˈɔːɹ']) {
      const { ids, unknown } = textToIds(ipa, IPA_ESPEAK);
      expect(unknown).toEqual([]);
      expect(idsToText(ids, IPA_ESPEAK)).toBe(ipa);
    }
  });

  it('gives the ids of the shared vectors, which the trainer checks too (resources/trainer/tests/test_ipa.py)', () => {
    expect(vectors.symbolSet).toBe(IPA_ESPEAK.name);
    expect(vectors.symbols).toBe(IPA_ESPEAK.symbols.length);
    expect(vectors.cases.length).toBeGreaterThanOrEqual(20);
    for (const c of vectors.cases) {
      const enc = phonemesToIds(c.phonemes);
      expect({ name: c.name, ids: enc.ids, unknown: enc.unknown.map((u) => u.symbol) }).toEqual({ name: c.name, ids: c.ids, unknown: c.unknown });
    }
  });

  it('keeps stress and length marks as symbols of their own, one per code point', () => {
    const { ids } = phonemesToIds('ɡɾˈøːsə');
    expect(ids.map((i) => IPA_ESPEAK.symbols[i])).toEqual(['ɡ', 'ɾ', 'ˈ', 'ø', 'ː', 's', 'ə']);
    expect(IPA_ESPEAK.symbols.every((s) => [...s].length === 1)).toBe(true);
  });

  it('has pad at 0, unique symbols, and reports what it lacks', () => {
    expect(IPA_ESPEAK.symbols[0]).toBe('_');
    expect(new Set(IPA_ESPEAK.symbols).size).toBe(IPA_ESPEAK.symbols.length);
    expect(textToIds('a{b}ʘ€', IPA_ESPEAK).unknown).toEqual([
      { symbol: '{', offset: 1 },
      { symbol: '}', offset: 3 },
      { symbol: '€', offset: 5 },
    ]);
  });
});
