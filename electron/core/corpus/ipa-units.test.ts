// Cutting G2P output into the phones and diphones that coverage counts.
import { describe, expect, it } from 'vitest';
import { sentenceUnits, tokenizeIpa } from './ipa-units';

const en = { language: 'en' } as const;
const de = { language: 'de' } as const;

describe('tokenizeIpa', () => {
  it('keeps affricates and diphthongs whole and length marks on their vowel, dropping stress', () => {
    expect(tokenizeIpa('tʃˈɜːtʃ', en)).toEqual(['tʃ', 'ɜː', 'tʃ']);
    expect(tokenizeIpa('dʒˈʌdʒ', en)).toEqual(['dʒ', 'ʌ', 'dʒ']);
    expect(tokenizeIpa('bˈɔɪ', en)).toEqual(['b', 'ɔɪ']);
    expect(tokenizeIpa('həlˈoʊ', en)).toEqual(['h', 'ə', 'l', 'oʊ']);
    expect(tokenizeIpa('ˈaɪ', en)).toEqual(['aɪ']);
    expect(tokenizeIpa('hˈaʊs', en)).toEqual(['h', 'aʊ', 's']);
    expect(tokenizeIpa('tˈeɪk', en)).toEqual(['t', 'eɪ', 'k']);
  });

  it('treats German ts and pf as affricates but English ts as two phones', () => {
    expect(tokenizeIpa('tsˈaɪt', de)).toEqual(['ts', 'aɪ', 't']);
    expect(tokenizeIpa('pfˈɛɾt', de)).toEqual(['pf', 'ɛ', 'ɾ', 't']);
    expect(tokenizeIpa('dˈɔøtʃlant', de)).toEqual(['d', 'ɔø', 'tʃ', 'l', 'a', 'n', 't']);
    expect(tokenizeIpa('kˈæts', en)).toEqual(['k', 'æ', 't', 's']);
  });

  it('keeps stress on the following phone when asked', () => {
    expect(tokenizeIpa('ɡɾˈyːsə', { language: 'de', keepStress: true })).toEqual(['ɡ', 'ɾ', 'ˈyː', 's', 'ə']);
    expect(tokenizeIpa('ˌʌndɚˈaɪ', { language: 'en', keepStress: true })).toEqual(['ˌʌ', 'n', 'd', 'ɚ', 'ˈaɪ']);
  });

  it('keeps diacritics and tie bars with their phone', () => {
    expect(tokenizeIpa('bˈʌʔn̩', en)).toEqual(['b', 'ʌ', 'ʔ', 'n̩']);
    expect(tokenizeIpa('t͡ʃˈɪn', en)).toEqual(['tʃ', 'ɪ', 'n']);
    expect(tokenizeIpa('ʃɑ̃ˈsɔ̃', de)).toEqual(['ʃ', 'ɑ̃', 's', 'ɔ̃']);
    expect(tokenizeIpa('pʰˈɪn', en)).toEqual(['pʰ', 'ɪ', 'n']);
  });
});

describe('sentenceUnits', () => {
  it('marks word edges with # in diphones, also where one G2P word holds several', () => {
    const u = sentenceUnits(['ɪn', 'ðə hˈaʊs', ''], en);
    expect(u.sequence).toEqual(['ɪ', 'n', '#', 'ð', 'ə', '#', 'h', 'aʊ', 's']);
    expect(u.phones).toEqual(['ɪ', 'n', 'ð', 'ə', 'h', 'aʊ', 's']);
    expect(u.diphones).toEqual(['#-ɪ', 'ɪ-n', 'n-#', '#-ð', 'ð-ə', 'ə-#', '#-h', 'h-aʊ', 'aʊ-s', 's-#']);
  });

  it('lists each unit once however often it occurs', () => {
    const u = sentenceUnits(['nˈoʊ', 'nˈoʊ'], en);
    expect(u.phones).toEqual(['n', 'oʊ']);
    expect(u.diphones).toEqual(['#-n', 'n-oʊ', 'oʊ-#']);
  });
});
