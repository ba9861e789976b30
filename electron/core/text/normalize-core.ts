// Shared types and helpers for the per-language TTS text normalizers (rules run over the input, offsets preserved).

export type NormalizeLanguage = 'en' | 'de';

export type ChangeKind =
  | 'cardinal' | 'decimal' | 'ordinal' | 'year' | 'date' | 'time' | 'currency' | 'percent' | 'unit'
  | 'abbreviation' | 'roman' | 'digits' | 'symbol' | 'removed';

export interface NormalizeChange {
  start: number;
  end: number;
  original: string;
  replacement: string;
  kind: ChangeKind;
}

/** A character the language's voice cannot pronounce; reported, never silently dropped. */
export interface UnknownChar {
  char: string;
  codePoint: number;
  offset: number;
}

export interface NormalizeResult {
  text: string;
  changes: NormalizeChange[];
  unknown: UnknownChar[];
}

export interface NormalizeOptions {
  /** Expand Mr., z.B., etc. (default true). LJSpeech's own normalized column keeps them. */
  expandAbbreviations?: boolean;
  /** How the day of a month is read: "March twelfth" (default) or "March twelve" as LJSpeech writes it. */
  dateDay?: 'ordinal' | 'cardinal';
}

export interface RuleContext {
  input: string;
  options: Required<NormalizeOptions>;
}

/** One rewrite: a global regex over the whole input and a function that returns the spoken form, or null to pass. */
export interface Rule {
  kind: ChangeKind;
  re: RegExp;
  replace: (m: RegExpExecArray, ctx: RuleContext) => string | null;
}

/** Number-to-words for one language, from the number library plus our year/decimal/digit conventions. */
export interface NumberWords {
  cardinal: (digits: string) => string;
  ordinal: (digits: string) => string;
  year: (digits: string) => string;
  digitByDigit: (digits: string) => string;
  decimal: (intPart: string, fraction: string) => string;
}

export function g(m: RegExpExecArray, name: string): string {
  return m.groups?.[name] ?? '';
}

/** Word before `index` in the input (letters only), for context decisions like "am 3. Oktober". */
export function wordBefore(input: string, index: number): string {
  const m = /([\p{L}]+)[^\p{L}\p{N}]{0,3}$/u.exec(input.slice(Math.max(0, index - 40), index));
  return m?.[1] ?? '';
}

export function wordAfter(input: string, index: number): string {
  const m = /^[\s,]*([\p{L}]+)/u.exec(input.slice(index, index + 40));
  return m?.[1] ?? '';
}

/** Canonical Roman numeral value, or 0 when the string is not one. */
export function romanValue(s: string): number {
  if (!/^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/.test(s) || s.length === 0) return 0;
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = v[s.charAt(i)] ?? 0;
    const next = v[s.charAt(i + 1)] ?? 0;
    total += cur < next ? -cur : cur;
  }
  return total;
}

/** Whether the digits read as a number (no leading zero, not absurdly long) or should be spelled digit by digit. */
export function readsAsNumber(digits: string): boolean {
  return digits.length <= 15 && !(digits.length > 1 && digits.startsWith('0'));
}

export const MONTHS_EN = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
];
export const MONTHS_DE = [
  'Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember',
];

/** A regex alternation of literal strings, longest first so "Mrs." wins over "Mr.". */
export function alternation(literals: readonly string[]): string {
  return [...literals].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
}

/** [abbreviation as written, expansion, may end a sentence] rows, indexed and as one regex alternation. */
export type AbbreviationRow = [abbreviation: string, expansion: string, mayEndSentence: boolean];
export function abbreviationTable(rows: readonly AbbreviationRow[]): { map: Map<string, readonly [string, boolean]>; re: string } {
  return { map: new Map(rows.map(([a, e, f]) => [a, [e, f] as const])), re: alternation(rows.map(([a]) => a)) };
}
