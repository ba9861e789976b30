// Lexicon: case-insensitive, NFC and ß-aware lookup, and validated JSON round trips.
import { describe, expect, it } from 'vitest';
import { Lexicon } from './lexicon';

describe('Lexicon', () => {
  it('finds words regardless of case', () => {
    const lex = new Lexicon();
    lex.set('Nguyen', { ipa: 'wˈɪn' });
    expect(lex.get('NGUYEN')).toEqual({ word: 'Nguyen', ipa: 'wˈɪn' });
    expect(lex.get('nguyen')?.word).toBe('Nguyen');
  });

  it('matches composed and decomposed umlauts and folds ß to ss', () => {
    const lex = new Lexicon();
    lex.set('Mädchen', { respelling: 'Maedchen' });
    expect(lex.get('Ma\u0308dchen')).toBeDefined();
    expect(lex.get('MÄDCHEN')).toBeDefined();
    lex.set('Straße', { ipa: 'ʃtɾˈaːsə' });
    expect(lex.get('STRASSE')?.word).toBe('Straße');
    expect(lex.get('strasse')?.word).toBe('Straße');
  });

  it('prefers an exact entry over a ß-folded one', () => {
    const lex = new Lexicon();
    lex.set('Maße', { ipa: 'mˈaːsə' });
    lex.set('Masse', { ipa: 'mˈasə' });
    expect(lex.get('maße')).toMatchObject({ ipa: 'mˈaːsə' });
    expect(lex.get('MASSE')).toMatchObject({ ipa: 'mˈasə' });
  });

  it('replaces, deletes and lists entries', () => {
    const lex = new Lexicon();
    lex.set('read', { ipa: 'ɹˈiːd' });
    lex.set('READ', { ipa: 'ɹˈɛd' });
    expect(lex.size).toBe(1);
    expect(lex.get('read')).toMatchObject({ ipa: 'ɹˈɛd' });
    expect(lex.delete('Read')).toBe(true);
    expect(lex.delete('read')).toBe(false);
    expect(lex.entries()).toEqual([]);
  });

  it('rejects empty or multi-word entries', () => {
    const lex = new Lexicon();
    expect(() => lex.set('', { ipa: 'a' })).toThrow();
    expect(() => lex.set('New York', { ipa: 'a' })).toThrow();
    expect(() => lex.set('x', { ipa: '  ' })).toThrow();
  });

  it('round-trips through JSON and refuses malformed JSON', () => {
    const lex = new Lexicon();
    lex.set('Voicewright', { respelling: 'voice right' });
    lex.set('Straße', { ipa: 'ʃtɾˈaːsə' });
    const restored = Lexicon.fromJSON(JSON.parse(JSON.stringify(lex)));
    expect(restored.entries()).toEqual(lex.entries());
    expect(restored.get('STRASSE')).toBeDefined();
    expect(() => Lexicon.fromJSON({ version: 2, entries: [] })).toThrow();
    expect(() => Lexicon.fromJSON({ version: 1, entries: [{ word: 'a', ipa: 'b', respelling: 'c' }] })).toThrow();
    expect(() => Lexicon.fromJSON({ version: 1, entries: [{ word: 'a' }] })).toThrow();
  });
});
