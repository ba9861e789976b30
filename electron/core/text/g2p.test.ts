// G2P through espeak-ng wasm: per-word IPA with offsets, English and German, lexicon overrides, cache reuse.
import { beforeAll, describe, expect, it } from 'vitest';
import { createG2p, cleanEspeakOutput, type G2p } from './g2p';
import { Lexicon } from './lexicon';
import { IPA_ESPEAK, textToIds } from './symbols';

let g2p: G2p;
beforeAll(async () => {
  g2p = await createG2p();
});

describe('phonemize', () => {
  it('gives IPA per word with offsets into the input', () => {
    const text = 'Hello,  world! Don\'t stop.';
    const out = g2p.phonemize(text, 'en-US');
    expect(out.words.map((w) => w.word)).toEqual(['Hello', 'world', "Don't", 'stop']);
    for (const w of out.words) expect(text.slice(w.start, w.end)).toBe(w.word);
    expect(out.words[0]?.ipa).toBe('həlˈoʊ');
    expect(out.words[1]?.ipa).toBe('wˈɜːld');
    expect(out.ipa).toBe('həlˈoʊ, wˈɜːld! dˈoʊnt stˈɑːp.');
  });

  it('tells US from British English', () => {
    expect(g2p.phonemize('tomato', 'en-US').ipa).toBe('təmˈeɪɾoʊ');
    expect(g2p.phonemize('tomato', 'en-GB').ipa).toBe('təmˈɑːtəʊ');
  });

  it('phonemizes German with umlauts and ß, composed or not', () => {
    const out = g2p.phonemize('Grüße aus München, Straße.', 'de-DE');
    expect(out.words.map((w) => w.ipa)).toEqual(['ɡɾˈyːsə', 'ˈaʊs', 'mˈʏnçən', 'ʃtɾˈɑːsə']);
    expect(g2p.phonemize('Gru\u0308ße', 'de-DE').words[0]?.ipa).toBe('ɡɾˈyːsə');
    expect(textToIds(out.ipa, IPA_ESPEAK).unknown).toEqual([]);
  });

  it('keeps language-switch marks out of the IPA', () => {
    expect(cleanEspeakOutput('s_m_ˈɪ_t (en)_ɒ_v_(de) | _ˈa_n')).toBe('smˈɪt ɒv ˈan');
  });

  it('accepts other espeak languages and refuses unknown ones', () => {
    expect(g2p.phonemize('bonjour', 'fr-FR').words[0]?.ipa).toMatch(/ʒ/);
    expect(() => g2p.phonemize('x', 'zz-ZZ')).toThrow(/no voice/);
  });

  it('caches per language and word', () => {
    g2p.clearCache();
    g2p.phonemize('the cat the cat', 'en-US');
    expect(g2p.cacheSize).toBe(2);
    g2p.phonemize('the cat', 'en-GB');
    expect(g2p.cacheSize).toBe(4);
  });

  it('shares one wasm instance between G2P objects', async () => {
    const other = await createG2p();
    expect(other.phonemize('Hello', 'en-US').ipa).toBe('həlˈoʊ');
  });
});

describe('lexicon overrides', () => {
  it('uses IPA entries verbatim and phonemizes respellings', () => {
    const lex = new Lexicon();
    lex.set('Nguyen', { ipa: 'wˈɪn' });
    lex.set('Voicewright', { respelling: 'voice right' });
    const out = g2p.phonemize('Ask NGUYEN about Voicewright.', 'en-US', { lexicon: lex });
    expect(out.words.map((w) => [w.ipa, w.source])).toEqual([
      ['ˈæsk', 'espeak'],
      ['wˈɪn', 'lexicon-ipa'],
      ['ɐbˈaʊt', 'espeak'],
      ['vˈɔɪs ɹˈaɪt', 'lexicon-respelling'],
    ]);
    expect(out.ipa).toBe('ˈæsk wˈɪn ɐbˈaʊt vˈɔɪs ɹˈaɪt.');
  });

  it('matches German entries case- and ß-insensitively', () => {
    const lex = new Lexicon();
    lex.set('Straße', { ipa: 'ʃtʁaːsə' });
    expect(g2p.phonemize('STRASSE', 'de-DE', { lexicon: lex }).words[0]?.ipa).toBe('ʃtʁaːsə');
  });
});
