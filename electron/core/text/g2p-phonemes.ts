// Normalized text → the phoneme string an ipa-espeak voice is trained on and reads, with each word's symbol span.
//
// One function for the dataset builder (phonemes.csv) and the engine, so a voice hears at synthesis exactly the
// kind of string it was trained on. The string is NFC IPA: each word's espeak (or lexicon) IPA, the punctuation
// between words with typographic quotes and dashes folded to their ASCII forms, whitespace collapsed to one space.
import type { G2p, PhonemizedWord } from './g2p';
import { Lexicon } from './lexicon';
import { IPA_ESPEAK, textToIds, type UnknownSymbol } from './symbols';

export interface PhonemeWord {
  /** The word as written in the normalized text. */
  text: string;
  /** UTF-16 offsets of the word's IPA in `phonemes`. */
  start: number;
  end: number;
  source: PhonemizedWord['source'];
}

export interface PhonemeString {
  phonemes: string;
  words: PhonemeWord[];
}

export interface EncodedPhonemes {
  ids: number[];
  /** Symbol index spans [start, end) into ids, one per word that kept at least one symbol. */
  words: { text: string; start: number; end: number }[];
  /** Symbols outside the inventory with their offset into the phoneme string; they get no id. */
  unknown: UnknownSymbol[];
}

/** The same folding as cleanEnglish does for letter voices, so quotes and dashes of any style are one symbol each. */
export function foldPunctuation(s: string): string {
  return s.replace(/[“”„«»‹›″]/g, '"').replace(/[‘’‚′]/g, "'").replace(/[–—―]/g, '-');
}

/** Phonemizes one normalized sentence (the lexicon overrides words: IPA entries verbatim, respellings through espeak). */
export function phonemizeForModel(normalized: string, language: string, g2p: G2p, lexicon?: Lexicon): PhonemeString {
  const found = g2p.phonemize(normalized, language, lexicon ? { lexicon } : {}).words;
  let out = '';
  const words: PhonemeWord[] = [];
  // Spaces are added only between pieces, never first or doubled, so a word's offsets never move afterwards.
  const append = (piece: string): void => {
    for (const part of piece.split(/(\s+)/)) {
      if (part === '') continue;
      if (/^\s+$/.test(part)) {
        if (out !== '' && !out.endsWith(' ')) out += ' ';
      } else {
        out += part;
      }
    }
  };
  let cursor = 0;
  for (const w of found) {
    append(foldPunctuation(normalized.slice(cursor, w.start)).normalize('NFC'));
    const ipa = w.ipa.normalize('NFC').replace(/\s+/g, ' ').trim();
    cursor = w.end;
    if (ipa === '') continue;
    const start = out.length;
    append(ipa);
    words.push({ text: w.word, start, end: out.length, source: w.source });
  }
  append(foldPunctuation(normalized.slice(cursor)).normalize('NFC'));
  return { phonemes: out.trimEnd(), words };
}

/** Phoneme string → ids of the IPA inventory; unknown symbols are dropped and reported, never silently. */
export function encodePhonemes(p: PhonemeString): EncodedPhonemes {
  const ids: number[] = [];
  const unknown: UnknownSymbol[] = [];
  const words: EncodedPhonemes['words'] = [];
  // idAt[k]: how many ids precede code unit k, so each word's character span becomes a symbol span.
  const idAt = new Int32Array(p.phonemes.length + 1);
  let unit = 0;
  for (const ch of p.phonemes) {
    const enc = textToIds(ch, IPA_ESPEAK);
    for (let k = 0; k < ch.length; k++) idAt[unit + k] = ids.length;
    if (enc.unknown.length > 0) unknown.push({ symbol: ch, offset: unit });
    ids.push(...enc.ids);
    unit += ch.length;
  }
  idAt[unit] = ids.length;
  for (const w of p.words) {
    const start = idAt[w.start]!;
    const end = idAt[w.end]!;
    if (end > start) words.push({ text: w.text, start, end });
  }
  return { ids, words, unknown };
}

/** A Lexicon from stored or requested entries: IPA wins over a respelling; entries with neither are skipped.
 * Throws (naming the word) on an entry the Lexicon refuses, such as a word with spaces. */
export function lexiconFromEntries(entries: Iterable<{ word: string; ipa?: string | null; respelling?: string | null }>): Lexicon {
  const lexicon = new Lexicon();
  for (const e of entries) {
    const pronunciation = e.ipa?.trim() ? { ipa: e.ipa } : e.respelling?.trim() ? { respelling: e.respelling } : null;
    if (!pronunciation) continue;
    try {
      lexicon.set(e.word, pronunciation);
    } catch {
      throw new Error(`the lexicon entry "${e.word.slice(0, 60)}" is not a single word`);
    }
  }
  return lexicon;
}
