// The phoneme strings of IPA voices: German and English sentences, word spans, the lexicon, folded punctuation, unknown symbols.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createG2p, type G2p } from './g2p';
import { encodePhonemes, phonemizeForModel } from './g2p-phonemes';
import { Lexicon } from './lexicon';
import { normalizeText } from './normalize';
import { IPA_ESPEAK } from './symbols';

let g2p: G2p;
beforeAll(async () => { g2p = await createG2p(); });

const say = (text: string, language = 'de-DE', lexicon?: Lexicon) =>
  phonemizeForModel(normalizeText(text, language.startsWith('de') ? 'de' : 'en').text, language, g2p, lexicon);

describe('phoneme strings for IPA voices', () => {
  it('phonemizes German with each word spanning its own IPA', () => {
    const p = say('Größe, Straße und 12 Äpfel.');
    expect(p.phonemes).toBe('ɡɾˈøːsə, ʃtɾˈɑːsə ˈʊnt tsvˈœlf ˈɛpfəl.');
    expect(p.words.map((w) => [w.text, p.phonemes.slice(w.start, w.end)])).toEqual([
      ['Größe', 'ɡɾˈøːsə'], ['Straße', 'ʃtɾˈɑːsə'], ['und', 'ˈʊnt'], ['zwölf', 'tsvˈœlf'], ['Äpfel', 'ˈɛpfəl'],
    ]);
    const enc = encodePhonemes(p);
    expect(enc.unknown).toEqual([]);
    expect(enc.ids.length).toBe([...p.phonemes].length);
    // Symbol spans: the ids of each word decode back to its IPA.
    for (const [i, w] of enc.words.entries()) {
      expect(enc.ids.slice(w.start, w.end).map((id) => IPA_ESPEAK.symbols[id]).join('')).toBe(p.phonemes.slice(p.words[i]!.start, p.words[i]!.end));
    }
  });

  it('folds typographic quotes and dashes and reports symbols outside the inventory with their offset', () => {
    const p = say('„Hallo“ – sagte sie, und/oder € nicht?');
    expect(p.phonemes.startsWith('"hˈaloː" - zˈɑːɡtə')).toBe(true);
    const enc = encodePhonemes(p);
    expect(enc.unknown.map((u) => [u.symbol, p.phonemes[u.offset]])).toEqual([['/', '/'], ['€', '€']]);
    expect(enc.words.map((w) => w.text)).toEqual(['Hallo', 'sagte', 'sie', 'und', 'oder', 'nicht']);
  });

  it('uses a lexicon IPA entry verbatim and changes the ids of exactly that word', () => {
    const plain = encodePhonemes(say('Größe, Straße und Äpfel.'));
    const lexicon = new Lexicon();
    lexicon.set('Straße', { ipa: 'ʃtʁaːsə' });
    const p = say('Größe, Straße und Äpfel.', 'de-DE', lexicon);
    expect(p.words[1]).toMatchObject({ text: 'Straße', source: 'lexicon-ipa' });
    const mine = encodePhonemes(p);
    const [pb, mb] = [plain.words[1]!, mine.words[1]!];
    expect(mine.ids.slice(0, mb.start)).toEqual(plain.ids.slice(0, pb.start));
    expect(mine.ids.slice(mb.end)).toEqual(plain.ids.slice(pb.end));
    expect(mine.ids.slice(mb.start, mb.end)).not.toEqual(plain.ids.slice(pb.start, pb.end));
    expect(mine.ids.slice(mb.start, mb.end).map((i) => IPA_ESPEAK.symbols[i]).join('')).toBe('ʃtʁaːsə');
  });

  it('phonemizes a respelling entry through espeak', () => {
    const lexicon = new Lexicon();
    lexicon.set('Äpfel', { respelling: 'Birnen' });
    const p = say('Äpfel.', 'de-DE', lexicon);
    expect(p.words[0]!.source).toBe('lexicon-respelling');
    expect(p.phonemes).toBe(`${say('Birnen').phonemes}.`);
  });

  it('still produces the phoneme strings committed in the shared vectors', () => {
    const vectors = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'ipa-vectors.json'), 'utf8')) as
      { cases: { text?: string; language?: string; phonemes: string }[] };
    const sentences = vectors.cases.filter((c) => c.text !== undefined && c.language !== undefined);
    expect(sentences.length).toBeGreaterThanOrEqual(20);
    for (const c of sentences) expect(say(c.text!, c.language!).phonemes).toBe(c.phonemes);
  });
});
