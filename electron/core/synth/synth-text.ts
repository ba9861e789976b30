// Text → sentences of symbol ids for a voice, as the trainer's text.py cleans them (or as the dataset builder phonemized them), with each word's symbol span kept for slip detection.
import { normalizeText } from '../text/normalize';
import { segmentText } from '../text/sentences';
import { IPA_ESPEAK, TACOTRON2_ENGLISH, textToIds } from '../text/symbols';
import { createG2p, type G2p } from '../text/g2p';
import { encodePhonemes, lexiconFromEntries, phonemizeForModel } from '../text/g2p-phonemes';
import type { Lexicon } from '../text/lexicon';
import { ApiError } from '../../shared/errors';
import type { WordSpan } from './slip-detect';
import type { VoiceJson } from './voice-package';

export interface PreparedSentence {
  /** Position among the sentences that have something to say. */
  index: number;
  /** The sentence as written, and its offsets into the whole input. */
  source: string;
  start: number;
  end: number;
  /** The cleaned text the ids were made from (an IPA voice: the phoneme string). */
  spoken: string;
  ids: number[];
  /** Words with their symbol spans [start, end) into ids. */
  words: WordSpan[];
}

export interface SkippedSentence { source: string; start: number; reason: string }
export interface DroppedChar { char: string; offset: number }

export interface PreparedText {
  sentences: PreparedSentence[];
  skipped: SkippedSentence[];
  /** Characters the voice has no symbol for: left out, as NVIDIA's text_to_sequence does, and reported here. */
  dropped: DroppedChar[];
}

/** Longest input the studio takes in one request (about a long chapter). */
export const MAX_TEXT_CHARS = 2_000_000;

// NVIDIA text/cleaners.py _abbreviations, as resources/trainer/voicewright_trainer/text.py applies them.
const ABBREVIATIONS: [RegExp, string][] = ([
  ['mrs', 'misess'], ['mr', 'mister'], ['dr', 'doctor'], ['st', 'saint'], ['co', 'company'], ['jr', 'junior'], ['maj', 'major'],
  ['gen', 'general'], ['drs', 'doctors'], ['rev', 'reverend'], ['lt', 'lieutenant'], ['hon', 'honorable'], ['sgt', 'sergeant'],
  ['capt', 'captain'], ['esq', 'esquire'], ['ltd', 'limited'], ['col', 'colonel'], ['ft', 'fort'],
] as const).map(([a, b]) => [new RegExp(`\\b${a}\\.`, 'gi'), b]);

/** text.py english_cleaners (accents stripped, lowercase, abbreviations, whitespace collapsed), plus the dataset builder's
 * typographic quotes and dashes → ASCII, so what the model hears is what it was trained on. */
export function cleanEnglish(text: string): string {
  let s = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  s = s.replace(/[“”„«»]/g, '"').replace(/[‘’‚]/g, "'").replace(/[–—]/g, '-');
  for (const [re, word] of ABBREVIATIONS) s = s.replace(re, word);
  return s.replace(/\s+/g, ' ').trim();
}

const hasLetter = /\p{L}/u;

/** Longest piece one decode takes: Tacotron2's attention drifts on much longer inputs than it saw in training. */
export const MAX_SENTENCE_CHARS = 300;

/** Pieces of at most MAX_SENTENCE_CHARS, cut after a clause mark when there is one, else between words. */
export function chunkLong(spoken: string): string[] {
  const out: string[] = [];
  let rest = spoken;
  while (rest.length > MAX_SENTENCE_CHARS) {
    const head = rest.slice(0, MAX_SENTENCE_CHARS);
    let cut = Math.max(head.lastIndexOf(', '), head.lastIndexOf('; '), head.lastIndexOf(': '));
    if (cut < MAX_SENTENCE_CHARS / 3) cut = head.lastIndexOf(' ');
    if (cut <= 0) cut = MAX_SENTENCE_CHARS - 1;
    out.push(rest.slice(0, cut + 1).trim());
    rest = rest.slice(cut + 1).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** Ids and word spans for one cleaned sentence; unknown characters are dropped and returned. */
export function encodeSentence(spoken: string): { ids: number[]; words: WordSpan[]; unknown: { char: string; offset: number }[] } {
  const ids: number[] = [];
  const words: WordSpan[] = [];
  const unknown: { char: string; offset: number }[] = [];
  // Words are runs without spaces; each char's ids land in the word that holds it (punctuation stays with its word).
  for (const m of spoken.matchAll(/\S+/g)) {
    if (ids.length > 0) ids.push(...textToIds(' ', TACOTRON2_ENGLISH).ids);
    const enc = textToIds(m[0], TACOTRON2_ENGLISH);
    for (const u of enc.unknown) if (u.symbol !== '"') unknown.push({ char: u.symbol, offset: m.index + u.offset });
    if (enc.ids.length === 0) continue;
    const start = ids.length;
    ids.push(...enc.ids);
    const text = m[0].replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (text) words.push({ text, start, end: ids.length });
  }
  // A trailing space left by a word that had no symbols would be read as a pause: drop it.
  while (ids.length > 0 && ids[ids.length - 1] === TACOTRON2_ENGLISH.symbols.indexOf(' ')) ids.pop();
  return { ids, words, unknown };
}

/** Window for sentence splitting: segmentText's cost grows faster than its input (15 s for a 1 MB paragraph, 0.2 s in 20 kB windows). */
const BLOCK = 20_000;

/** The text in pieces of about BLOCK characters, cut at a line break, else after a sentence end before a capital. */
export function blocks(text: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let at = 0;
  while (text.length - at > BLOCK) {
    const window = text.slice(at, at + BLOCK);
    let cut = window.lastIndexOf('\n');
    if (cut < BLOCK / 2) {
      // After a lowercase word, so a title ("Dr. Smith") is not taken for a sentence end.
      const ends = [...window.matchAll(/\b[a-z]{2,}[.!?]["')\]]*\s+(?=[A-Z])/g)];
      const last = ends.at(-1);
      cut = last && last.index > BLOCK / 2 ? last.index + last[0].length - 1 : cut > 0 ? cut : BLOCK - 1;
    }
    out.push({ text: text.slice(at, at + cut + 1), at });
    at += cut + 1;
  }
  out.push({ text: text.slice(at), at });
  return out;
}

/** Word → how to say it, for voices that read letters: a respelling ("Nguyen" → "win"). */
export type Respellings = ReadonlyMap<string, string>;

/** Respellings from lexicon entries (IPA-only entries need a phoneme voice and are left out). */
export function respellingsOf(entries: readonly ({ word: string; respelling?: string; ipa?: string })[]): Map<string, string> {
  return new Map(entries.filter((e) => e.respelling).map((e) => [e.word.normalize('NFC').toLowerCase(), e.respelling!]));
}

function respell(text: string, lexicon: Respellings | undefined): string {
  if (!lexicon || lexicon.size === 0) return text;
  return text.replace(/[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu, (w) => lexicon.get(w.normalize('NFC').toLowerCase()) ?? w);
}

/** What an ipa-espeak voice needs besides the text: the G2P (espeak-ng) and the lexicon (IPA entries verbatim, respellings phonemized). */
export interface PhonemeFrontend { g2p: G2p; lexicon?: Lexicon }

type VoiceText = Pick<VoiceJson, 'text' | 'language' | 'name'>;

/** Splits, normalizes and encodes `text` for `voice` (words in `lexicon` respelled first; an IPA voice phonemizes through
 * `phonemes`, which it needs). Throws when nothing in it can be spoken. */
export function prepareText(text: string, voice: VoiceText, lexicon?: Respellings, phonemes?: PhonemeFrontend): PreparedText {
  const set = voice.text.frontend === 'ipa-espeak' ? IPA_ESPEAK : TACOTRON2_ENGLISH;
  if (voice.text.symbols.length !== set.symbols.length || voice.text.symbols.some((s, i) => s !== set.symbols[i])) {
    throw new ApiError('invalid_input', `Voice ${voice.name} lists a symbol table that differs from the ${set.name} symbols this studio uses for the ${voice.text.frontend} frontend`,
      'Re-export the voice with `python -m voicewright_trainer export` from this version of Voicewright.');
  }
  if (text.length > MAX_TEXT_CHARS) {
    throw new ApiError('invalid_input', `The text is ${text.length.toLocaleString('en')} characters; one request takes at most ${MAX_TEXT_CHARS.toLocaleString('en')}`,
      'Split the book into chapters and synthesize them one at a time.');
  }
  if (!text.trim()) throw new ApiError('invalid_input', 'There is no text to synthesize', 'Type or paste the text to speak.');
  if (voice.text.frontend === 'ipa-espeak') {
    if (!phonemes) throw new Error(`prepareText: voice ${voice.name} reads IPA and needs the G2P (pass phonemes)`);
    return preparePhonemes(text, voice, phonemes);
  }
  const sentences: PreparedSentence[] = [];
  const skipped: SkippedSentence[] = [];
  const dropped: DroppedChar[] = [];
  for (const block of blocks(text)) {
    for (const s of segmentText(block.text, 'en').flatMap((p) => p.sentences).map((x) => ({ ...x, start: x.start + block.at, end: x.end + block.at }))) {
      const norm = normalizeText(respell(s.text, lexicon), 'en');
      for (const u of norm.unknown) dropped.push({ char: u.char, offset: s.start + u.offset });
      for (const spoken of chunkLong(cleanEnglish(norm.text))) {
        const enc = encodeSentence(spoken);
        // Offsets of unknown chars in the cleaned text no longer point into the source; report the sentence start.
        for (const u of enc.unknown) if (!norm.unknown.some((n) => n.char === u.char)) dropped.push({ char: u.char, offset: s.start });
        if (!hasLetter.test(spoken) || enc.words.length === 0) {
          skipped.push({ source: s.text, start: s.start, reason: 'it has no letters the voice can say (only punctuation, symbols or unknown characters)' });
          continue;
        }
        sentences.push({ index: sentences.length, source: s.text, start: s.start, end: s.end, spoken, ids: enc.ids, words: enc.words });
      }
    }
  }
  if (sentences.length === 0) {
    const chars = [...new Set(dropped.map((d) => d.char))].slice(0, 10).join(' ');
    throw new ApiError('invalid_input', `Nothing in the text can be spoken by ${voice.name}: it has no words in the Latin alphabet${chars ? ` (characters it cannot say: ${chars})` : ''}`,
      'Write the text out in English words; numbers and abbreviations are expanded for you.');
  }
  return { sentences, skipped, dropped };
}

/** The dataset builder's rule: German text is normalized (and split) as German, everything else as English. */
function textLanguage(language: string): 'de' | 'en' {
  return language.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** An ipa-espeak voice: each sentence normalized as the dataset builder did, phonemized with the voice's espeak voice and the lexicon. */
function preparePhonemes(text: string, voice: VoiceText, frontend: PhonemeFrontend): PreparedText {
  const lang = textLanguage(voice.language);
  const espeak = voice.text.espeakVoice ?? voice.language;
  try {
    frontend.g2p.espeakVoice(espeak);
  } catch {
    throw new ApiError('invalid_input', `Voice ${voice.name} reads IPA made by the espeak-ng voice '${espeak}', which this studio's espeak-ng does not have`,
      'Update Voicewright, or use a voice trained on a language espeak-ng speaks.');
  }
  const sentences: PreparedSentence[] = [];
  const skipped: SkippedSentence[] = [];
  const dropped: DroppedChar[] = [];
  for (const block of blocks(text)) {
    for (const s of segmentText(block.text, lang).flatMap((p) => p.sentences).map((x) => ({ ...x, start: x.start + block.at, end: x.end + block.at }))) {
      const norm = normalizeText(s.text, lang);
      for (const u of norm.unknown) dropped.push({ char: u.char, offset: s.start + u.offset });
      for (const piece of chunkLong(norm.text.replace(/\s+/g, ' ').trim())) {
        const p = phonemizeForModel(piece, espeak, frontend.g2p, frontend.lexicon);
        const enc = encodePhonemes(p);
        for (const u of enc.unknown) {
          if (norm.unknown.some((n) => n.char === u.symbol)) continue;
          // A character the source still has points at itself; a sound espeak made points at the sentence.
          const at = s.text.indexOf(u.symbol);
          dropped.push({ char: u.symbol, offset: s.start + Math.max(0, at) });
        }
        if (enc.words.length === 0) {
          skipped.push({ source: s.text, start: s.start, reason: 'it has no words the voice can say (only punctuation, symbols or unknown characters)' });
          continue;
        }
        sentences.push({ index: sentences.length, source: s.text, start: s.start, end: s.end, spoken: p.phonemes, ids: enc.ids, words: enc.words });
      }
    }
  }
  if (sentences.length === 0) {
    const chars = [...new Set(dropped.map((d) => d.char))].slice(0, 10).join(' ');
    throw new ApiError('invalid_input', `Nothing in the text can be spoken by ${voice.name}${chars ? ` (characters it cannot say: ${chars})` : ''}`,
      `Write the text out in words of the voice's language (${voice.language}); numbers and abbreviations are expanded for you.`);
  }
  return { sentences, skipped, dropped };
}

let g2pLoading: Promise<G2p> | undefined;

/** One G2P per process for the engine (espeak-ng wasm loads once; its per-word cache is shared by every request). */
export function engineG2p(): Promise<G2p> {
  g2pLoading ??= createG2p().catch((err: unknown) => {
    g2pLoading = undefined;
    throw err;
  });
  return g2pLoading;
}

/** A Lexicon from request entries (an entry with IPA is used verbatim, else its respelling is phonemized). */
export function lexiconOf(entries: readonly { word: string; respelling?: string; ipa?: string }[]): Lexicon {
  try {
    return lexiconFromEntries(entries);
  } catch (err) {
    throw new ApiError('invalid_input', `${(err as Error).message.replace(/^the/, 'The')}`, 'A lexicon word has no spaces; add each word of a phrase on its own.');
  }
}
