// Sentence and paragraph splitting for English and German with exact character offsets into the source.

export type TextLanguage = 'en' | 'de';

/** A piece of the source: `source.slice(start, end) === text`, never empty, never padded by whitespace. */
export interface TextSpan {
  text: string;
  start: number;
  end: number;
}

export interface Paragraph extends TextSpan {
  sentences: TextSpan[];
}

// Abbreviations that practically never end a sentence (titles, "e.g.", "Nr." before a number).
const NEVER_FINAL: Record<TextLanguage, ReadonlySet<string>> = {
  en: new Set([
    'Mr', 'Mrs', 'Ms', 'Messrs', 'Mme', 'Mlle', 'Dr', 'Prof', 'St', 'Mt', 'Ft', 'Rev', 'Hon', 'Gen', 'Col', 'Capt',
    'Lt', 'Sgt', 'Maj', 'Cmdr', 'Adm', 'Gov', 'Sen', 'Rep', 'Pres', 'Supt', 'Insp', 'e.g', 'i.e', 'E.g', 'I.e', 'cf',
    'vs', 'viz', 'approx', 'No', 'Nos', 'no', 'Vol', 'vol', 'Fig', 'fig', 'pp', 'Ch', 'ch', 'Sec', 'Art', 'Mart',
  ]),
  de: new Set([
    'z.B', 'Z.B', 'z.b', 'Nr', 'bzw', 'Dr', 'Prof', 'ca', 'Ca', 'd.h', 'D.h', 'Hr', 'Hrn', 'Fr', 'vgl', 'Vgl', 'sog',
    'evtl', 'ggf', 'inkl', 'exkl', 'St', 'Abs', 'Bd', 'Str', 'S', 'Tel', 'geb', 'gest', 'u.U', 'o.Ä', 'z.T', 'bzgl',
    'Dipl', 'Ing', 'Dipl.-Ing', 'Mr', 'Mrs', 'e.g', 'i.e', 'vs',
  ]),
};

// Abbreviations that may close a sentence: they keep the sentence going only when a lowercase word or a digit follows.
const MAYBE_FINAL: Record<TextLanguage, ReadonlySet<string>> = {
  en: new Set(['etc', 'Inc', 'Ltd', 'Co', 'Corp', 'Jr', 'Sr', 'Bros', 'a.m', 'p.m', 'A.M', 'P.M', 'U.S', 'U.K', 'U.N', 'D.C', 'B.C', 'A.D']),
  de: new Set(['usw', 'etc', 'u.a', 'Jh', 'Jhd', 'Mio', 'Mrd', 'Chr', 'u.Ä', 'o.ä', 'Std', 'Min', 'Sek', 'U.S', 'USA']),
};

// German words after which "3." reads as an ordinal ("am 3. Oktober", "der 2. Weltkrieg").
const DE_ORDINAL_CONTEXT = new Set([
  'am', 'Am', 'im', 'Im', 'vom', 'Vom', 'zum', 'Zum', 'zur', 'Zur', 'beim', 'der', 'Der', 'die', 'Die', 'das', 'Das',
  'den', 'Den', 'dem', 'Dem', 'des', 'Des', 'ab', 'Ab', 'bis', 'seit', 'Seit', 'ihr', 'sein', 'seine', 'ihre', 'jeder',
  'jede', 'jedes', 'jeden',
]);
export const GERMAN_MONTHS = [
  'Januar', 'Jänner', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember',
];
const DE_MONTH_SET = new Set(GERMAN_MONTHS);

const TERMINAL_END = /[.!?…‼⁇⁈⁉。！？][\p{Pf}\p{Pi}\p{Pe}"'»«›‹]*$/u;
// A free-standing « opens (French spacing); a free-standing » ” ’ “ closes (“ is the German closing quote).
const CLOSING_ONLY = /^[\p{Pf}\p{Pe}"'“]+(?=\s|$)/u;
const STRANDED_OPEN = /\s[\p{Ps}\p{Pi}\p{Pf}"'„‚«»‹›]+\s*$/u;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const OPENING_PUNCT = /^[\p{Ps}\p{Pi}\p{Pf}"'„‚«»‹›]+/u;
const PARAGRAPH_BREAK = /\n[^\S\n]*\n\s*|\u2029\s*/gu;
const segmenters = new Map<TextLanguage, Intl.Segmenter>();

function segmenter(lang: TextLanguage): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity: 'sentence' });
    segmenters.set(lang, s);
  }
  return s;
}

/** Trim [start, end) of source to its non-whitespace core; null when nothing is left. */
function trimmed(source: string, start: number, end: number): TextSpan | null {
  let s = start;
  let e = end;
  while (s < e && isSpace(source.charCodeAt(s))) s++;
  while (e > s && isSpace(source.charCodeAt(e - 1))) e--;
  if (s === e) return null;
  return { text: source.slice(s, e), start: s, end: e };
}

function isSpace(code: number): boolean {
  // Whitespace plus C0 controls other than the ones that carry text meaning; controls count as padding at span edges.
  return code <= 0x20 || code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Paragraphs are separated by blank lines (or U+2029). Offsets are exact. */
export function splitParagraphs(source: string): TextSpan[] {
  const out: TextSpan[] = [];
  let from = 0;
  PARAGRAPH_BREAK.lastIndex = 0;
  for (let m = PARAGRAPH_BREAK.exec(source); m; m = PARAGRAPH_BREAK.exec(source)) {
    const span = trimmed(source, from, m.index);
    if (span) out.push(span);
    from = m.index + m[0].length;
  }
  const last = trimmed(source, from, source.length);
  if (last) out.push(last);
  return out;
}

function lastToken(prev: string): { token: string; before: string } {
  const m = /(\S+)\s+(\S*)$/u.exec(prev) ?? /()(\S*)$/u.exec(prev);
  const token = (m?.[2] ?? '').replace(OPENING_PUNCT, '');
  return { token, before: m?.[1] ?? '' };
}

function firstWord(next: string): string {
  return (/^\s*[\p{Ps}\p{Pi}"'„‚«»‹›]*(\S*)/u.exec(next)?.[1] ?? '');
}

/** Whether the segmenter's boundary between `prev` and `next` is wrong and the two belong to one sentence. */
function shouldJoin(prev: string, next: string, lang: TextLanguage): boolean {
  const p = prev.trimEnd();
  if (p.length === 0 || !HAS_WORD_CHAR.test(next)) return true;
  if (!HAS_WORD_CHAR.test(p)) return true; // a lone quote or bullet is not a sentence of its own
  if (!TERMINAL_END.test(p)) return true; // hard-wrapped line inside a paragraph
  const word = firstWord(next);
  const startsLower = /^\p{Ll}/u.test(word);
  if (startsLower) return true; // "Wait... what?", "“Go!” and left", "etc. and more"
  if (!p.endsWith('.') || p.endsWith('..')) return false;
  const { token, before } = lastToken(p);
  const bare = token.slice(0, -1);
  if (NEVER_FINAL[lang].has(bare)) return true;
  if (MAYBE_FINAL[lang].has(bare)) return false; // next starts uppercase here
  if (/^\p{L}$/u.test(bare)) return true; // initials: "J. R. R. Tolkien", "z. B."
  if (lang === 'de' && /^\d{1,4}$/u.test(bare)) {
    return DE_MONTH_SET.has(word.replace(/[^\p{L}]+$/u, '')) || DE_ORDINAL_CONTEXT.has(before);
  }
  return false;
}

/** Sentences of one paragraph (or any text), each trimmed, with offsets into `source`. */
export function splitSentences(source: string, lang: TextLanguage = 'en', from = 0, to = source.length): TextSpan[] {
  const slice = source.slice(from, to);
  const bounds: number[] = [];
  for (const seg of segmenter(lang).segment(slice)) if (seg.index > 0) bounds.push(seg.index);
  bounds.push(slice.length);

  const pieces: Array<[number, number]> = [];
  let curStart = 0;
  let curEnd = bounds[0] ?? slice.length;
  for (let i = 1; i < bounds.length; i++) {
    let next = bounds[i] ?? slice.length;
    const prevText = slice.slice(curStart, curEnd);
    const nextText = slice.slice(curEnd, next);
    if (shouldJoin(prevText, nextText, lang)) {
      curEnd = next;
      continue;
    }
    // A closing quote stranded at the head of the next segment (« Oui. » Non.) belongs to this sentence.
    const lead = /^\s*/u.exec(nextText)?.[0].length ?? 0;
    const close = CLOSING_ONLY.exec(nextText.slice(lead));
    if (close) {
      curEnd += lead + close[0].length;
      if (curEnd >= next) next = curEnd;
    } else {
      // An opening quote left at the tail of this segment (er. « Oui.) belongs to the next sentence.
      const open = STRANDED_OPEN.exec(prevText);
      if (open && TERMINAL_END.test(prevText.slice(0, open.index).trimEnd())) curEnd = curStart + open.index + 1;
    }
    pieces.push([curStart, curEnd]);
    curStart = curEnd;
    curEnd = next;
  }
  pieces.push([curStart, curEnd]);

  const out: TextSpan[] = [];
  for (const [s, e] of pieces) {
    const span = trimmed(source, from + s, from + e);
    if (span) out.push(span);
  }
  return out;
}

/** Paragraphs (split on blank lines), each with its sentences. */
export function segmentText(source: string, lang: TextLanguage = 'en'): Paragraph[] {
  return splitParagraphs(source).map((p) => ({ ...p, sentences: splitSentences(source, lang, p.start, p.end) }));
}
