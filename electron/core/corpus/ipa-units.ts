// IPA → phones and diphones for coverage: multi-letter phones (tʃ, aɪ, ts, pf), length and diacritics kept on their phone, '#' at word edges.

export type UnitLanguage = 'en' | 'de';

export interface PhoneOptions {
  language: UnitLanguage;
  /** Keep ˈ ˌ on the phone they precede (ˈaɪ is then a unit apart from aɪ). Default false. */
  keepStress?: boolean;
}

export interface SentenceUnits {
  /** Phones in order, '#' between words. */
  sequence: string[];
  /** Distinct phones (no '#'). */
  phones: string[];
  /** Distinct diphones 'a-b', including '#-a' and 'b-#' at word edges. */
  diphones: string[];
}

// Sounds written with two letters that the voices treat as one phone. English /ts/ is two phones (cats); German ts and pf are affricates.
const MULTI: Record<UnitLanguage, readonly string[]> = {
  en: ['tʃ', 'dʒ', 'aɪ', 'aʊ', 'ɔɪ', 'eɪ', 'oʊ', 'əʊ', 'ɪə', 'eə', 'ʊə'],
  de: ['tʃ', 'dʒ', 'ts', 'pf', 'aɪ', 'aʊ', 'ɔø', 'ɔʏ', 'ɔɪ', 'eɪ', 'oʊ'],
};

const STRESS = new Set(['ˈ', 'ˌ']);
const TIE = /[\u0361\u035C]/gu;
// Modifiers that belong to the phone before them: length, combining diacritics, superscript letters.
const MODIFIER = /^[ːˑ\p{M}ʰʲʷˠˤⁿˡ˞]$/u;
const SEPARATOR = /^[\s\p{P}\p{S}\p{N}]$/u;

const multiByLanguage = new Map<UnitLanguage, readonly string[]>();
function multiFor(language: UnitLanguage): readonly string[] {
  let list = multiByLanguage.get(language);
  if (!list) {
    list = [...MULTI[language]].sort((a, b) => b.length - a.length);
    multiByLanguage.set(language, list);
  }
  return list;
}

/** Phones of one word's IPA (stress marks dropped unless keepStress). Spaces or punctuation inside are ignored here. */
export function tokenizeIpa(ipa: string, options: PhoneOptions): string[] {
  return splitWords(ipa).flatMap((w) => tokenizeWord(w, options));
}

function splitWords(ipa: string): string[] {
  return ipa.normalize('NFC').replace(TIE, '').split(/[\s\p{P}\p{N}]+/u).filter((w) => w !== '');
}

// Corpora repeat words: tokenizing each distinct IPA word once makes 23k sentences cost milliseconds, not seconds.
const wordCache = new Map<string, readonly string[]>();
const WORD_CACHE_LIMIT = 200_000;

function tokenizeWord(word: string, options: PhoneOptions): readonly string[] {
  const key = `${options.language}${options.keepStress ? 'ˈ' : ''}\u0000${word}`;
  const hit = wordCache.get(key);
  if (hit) return hit;
  const multi = multiFor(options.language);
  const out: string[] = [];
  let stress = '';
  let i = 0;
  while (i < word.length) {
    const cp = word.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (STRESS.has(ch) || MODIFIER.test(ch) || SEPARATOR.test(ch)) {
      if (STRESS.has(ch) && options.keepStress) stress = ch;
      // A modifier attaches to the phone before it; at the very start of a word there is none, so it is dropped.
      else if (MODIFIER.test(ch) && out.length) out[out.length - 1] += ch;
      i += ch.length;
      continue;
    }
    const phone = multi.find((m) => word.startsWith(m, i)) ?? ch;
    i += phone.length;
    out.push(stress + phone);
    stress = '';
  }
  if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
  wordCache.set(key, out);
  return out;
}

/** Units of a sentence given the IPA of each of its words (as the G2P returns them). */
export function sentenceUnits(wordIpas: readonly string[], options: PhoneOptions): SentenceUnits {
  const sequence: string[] = [];
  const phones = new Set<string>();
  const diphones = new Set<string>();
  for (const ipa of wordIpas) {
    for (const w of splitWords(ipa)) {
      const ph = tokenizeWord(w, options);
      if (ph.length === 0) continue;
      let prev = '#';
      for (const p of ph) {
        phones.add(p);
        diphones.add(`${prev}-${p}`);
        prev = p;
      }
      diphones.add(`${prev}-#`);
      if (sequence.length) sequence.push('#');
      sequence.push(...ph);
    }
  }
  return { sequence, phones: [...phones], diphones: [...diphones] };
}
