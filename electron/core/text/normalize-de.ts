// German normalization rules: Zahlen, Jahre, Daten, Uhrzeiten, Beträge, Einheiten, Abkürzungen and Roman numerals to words.
import { toCardinal, toOrdinal } from 'n2words/de-DE';
import { g, MONTHS_DE, readsAsNumber, romanValue, wordAfter, wordBefore, type NumberWords, type Rule, alternation, abbreviationTable, type AbbreviationRow } from './normalize-core';

// Number words come from n2words (see normalize-en.ts for why); German writes them as one word.
const DIGIT_NAMES = ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun'];

function cardinal(digits: string): string {
  return readsAsNumber(digits) ? toCardinal(digits) : digitByDigit(digits);
}

function digitByDigit(digits: string): string {
  return [...digits].map((d) => DIGIT_NAMES[Number(d)] ?? d).join(' ');
}

/** 1984 → neunzehnhundertvierundachtzig; from 2000 on years read as plain numbers. */
function year(digits: string): string {
  const n = Number(digits);
  if (digits.length !== 4 || n < 1100 || n >= 2000) return cardinal(digits);
  const lo = n % 100;
  return `${toCardinal(Math.floor(n / 100))}hundert${lo ? toCardinal(lo) : ''}`;
}

export const numbersDe: NumberWords = {
  cardinal,
  ordinal: (digits) => (readsAsNumber(digits) ? toOrdinal(digits) : digitByDigit(digits)),
  year,
  digitByDigit,
  decimal: (intPart, fraction) => `${cardinal(intPart || '0')} Komma ${digitByDigit(fraction)}`,
};

// Ordinal endings follow the article or preposition before them: "am dritten", "der dritte", "ein dritter".
const EN_ENDING = new Set(['am', 'im', 'vom', 'zum', 'beim', 'den', 'dem', 'des', 'seit', 'ab', 'bis', 'zur', 'ihrem', 'seinem', 'seinen', 'ihren', 'jeden', 'jedem']);
const E_ENDING = new Set(['der', 'die', 'das', 'jede', 'jeder', 'jedes', 'seine', 'ihre']);

function ordinalDe(digits: string, before: string, defaultEnding: '' | 'n' | 'r'): string {
  const base = numbersDe.ordinal(digits);
  const b = before.toLowerCase();
  const ending = EN_ENDING.has(b) ? 'n' : E_ENDING.has(b) ? '' : defaultEnding;
  return base + ending;
}

const NUM = String.raw`(?<n>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?<f>\d+))?`;
const START = String.raw`(?<![\p{L}\p{N}_.,])`;
const END = String.raw`(?![\p{L}\p{N}]|[.,]\d)`;
const MONTH_RE = `${MONTHS_DE.join('|')}|Jänner`;

function amount(m: RegExpExecArray): string {
  const n = g(m, 'n').replace(/\./g, '');
  const f = g(m, 'f');
  return f ? numbersDe.decimal(n, f) : cardinal(n);
}

const CURRENCIES: Record<string, [string, string]> = {
  '€': ['Euro', 'Cent'], EUR: ['Euro', 'Cent'], $: ['Dollar', 'Cent'], USD: ['Dollar', 'Cent'], '£': ['Pfund', 'Pence'],
  GBP: ['Pfund', 'Pence'], CHF: ['Franken', 'Rappen'], '¥': ['Yen', 'Sen'],
};

function money(sym: string, whole: string, frac: string, scale: string): string {
  const [unit, sub] = CURRENCIES[sym] ?? ['', ''];
  const w = whole.replace(/\./g, '');
  if (scale) return `${frac ? numbersDe.decimal(w, frac) : cardinal(w)} ${scale} ${unit}`;
  const cents = frac && frac !== '-' && frac !== '–' ? Number(frac.padEnd(2, '0').slice(0, 2)) : 0;
  const main = `${w === '1' ? 'ein' : cardinal(w)} ${unit}`;
  if (!cents) return main;
  return w === '0' ? `${cardinal(String(cents))} ${sub}` : `${main} ${cardinal(String(cents))}`;
}

const UNITS: Record<string, string> = {
  km: 'Kilometer', m: 'Meter', cm: 'Zentimeter', mm: 'Millimeter', kg: 'Kilogramm', g: 'Gramm', mg: 'Milligramm',
  l: 'Liter', ml: 'Milliliter', 'km/h': 'Kilometer pro Stunde', '°C': 'Grad Celsius', '°F': 'Grad Fahrenheit', '°': 'Grad',
  KB: 'Kilobyte', kB: 'Kilobyte', MB: 'Megabyte', GB: 'Gigabyte', TB: 'Terabyte', Hz: 'Hertz', kHz: 'Kilohertz',
  MHz: 'Megahertz', GHz: 'Gigahertz', kW: 'Kilowatt', W: 'Watt', ms: 'Millisekunden', h: 'Stunden', min: 'Minuten',
  t: 'Tonnen', qm: 'Quadratmeter', 'm²': 'Quadratmeter', 'km²': 'Quadratkilometer',
};
const UNIT_RE = alternation(Object.keys(UNITS));

const ABBREVIATIONS: AbbreviationRow[] = [
  // [abbreviation as written, expansion, may end a sentence]; spaced variants ("z. B.") are matched too.
  ['z.B.', 'zum Beispiel', false], ['z. B.', 'zum Beispiel', false], ['d.h.', 'das heißt', false], ['d. h.', 'das heißt', false],
  ['u.a.', 'unter anderem', true], ['u. a.', 'unter anderem', true], ['usw.', 'und so weiter', true], ['bzw.', 'beziehungsweise', false],
  ['ca.', 'circa', false], ['Nr.', 'Nummer', false], ['Dr.', 'Doktor', false], ['Prof.', 'Professor', false],
  ['Hr.', 'Herr', false], ['Hrn.', 'Herrn', false], ['Fr.', 'Frau', false], ['etc.', 'et cetera', true],
  ['vgl.', 'vergleiche', false], ['Vgl.', 'Vergleiche', false], ['Str.', 'Straße', true], ['St.', 'Sankt', false],
  ['inkl.', 'inklusive', false], ['evtl.', 'eventuell', false], ['ggf.', 'gegebenenfalls', false], ['Mio.', 'Millionen', true],
  ['Mrd.', 'Milliarden', true], ['sog.', 'sogenannte', false], ['z.T.', 'zum Teil', false], ['z. T.', 'zum Teil', false],
  ['u.U.', 'unter Umständen', false], ['Jh.', 'Jahrhundert', true], ['v. Chr.', 'vor Christus', true], ['n. Chr.', 'nach Christus', true],
  ['Tel.', 'Telefon', false], ['Abs.', 'Absatz', false], ['S.', 'Seite', false],
];
const { map: ABBR_MAP, re: ABBR_RE } = abbreviationTable(ABBREVIATIONS);

function keepsPeriod(input: string, end: number): boolean {
  return /^(\s*$|\s+["'“”‘’»«)]*\s*\p{Lu}\p{Ll}*\s+\p{Ll})/u.test(input.slice(end, end + 40)) || /^\s*$/u.test(input.slice(end));
}

const REGNAL_NAMES = new Set([
  'Ludwig', 'Karl', 'Friedrich', 'Wilhelm', 'Heinrich', 'Otto', 'Konrad', 'Maximilian', 'Leopold', 'Franz', 'Joseph',
  'Johannes', 'Benedikt', 'Pius', 'Leo', 'Gregor', 'Elisabeth', 'Maria', 'Georg', 'Eduard', 'Richard', 'Heinrich', 'Papst', 'König',
  'Henry', 'Louis', 'Charles', 'George', 'Edward', 'Napoleon', 'Peter', 'Katharina', 'Philipp', 'Rudolf', 'Albrecht',
]);
const COUNTING_NOUNS = new Set(['Kapitel', 'Band', 'Teil', 'Akt', 'Szene', 'Abschnitt', 'Artikel', 'Anhang', 'Buch', 'Weltkrieg', 'Klasse', 'Stufe', 'Phase']);

export const rulesDe: Rule[] = [
  {
    kind: 'currency',
    re: new RegExp(String.raw`${START}(?<sym>[$£€¥])\s?${NUM}(?:\s(?<scale>Millionen|Million|Mio\.|Milliarden|Mrd\.))?${END}`, 'gu'),
    replace: (m) => money(g(m, 'sym'), g(m, 'n'), g(m, 'f'), expandScale(g(m, 'scale'))),
  },
  {
    kind: 'currency',
    re: new RegExp(String.raw`${START}(?<n>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?<f>\d\d|[-–]))?(?:\s(?<scale>Millionen|Million|Mio\.|Milliarden|Mrd\.))?\s?(?<sym>€|EUR|USD|GBP|CHF|\$)(?![\p{L}\p{N}])`, 'gu'),
    replace: (m) => money(g(m, 'sym'), g(m, 'n'), g(m, 'f'), expandScale(g(m, 'scale'))),
  },
  {
    kind: 'date',
    re: /(?<![\p{L}\p{N}])(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})(?![\p{L}\p{N}])/gu,
    replace: (m, ctx) => dateDe(g(m, 'y'), g(m, 'mo'), g(m, 'd'), wordBefore(ctx.input, m.index)),
  },
  {
    kind: 'date',
    re: /(?<![\p{L}\p{N}.])(?<d>\d{1,2})\.\s?(?<mo>\d{1,2})\.\s?(?<y>\d{4}|\d{2})?(?![\p{L}\p{N}]|\.\d)/gu,
    replace: (m, ctx) => dateDe(g(m, 'y'), g(m, 'mo'), g(m, 'd'), wordBefore(ctx.input, m.index)),
  },
  {
    kind: 'date',
    re: new RegExp(String.raw`(?<![\p{L}\p{N}.,])(?<d>\d{1,2})\.\s+(?<mo>${MONTH_RE})(?![\p{L}])`, 'gu'),
    replace: (m, ctx) => `${ordinalDe(g(m, 'd'), wordBefore(ctx.input, m.index), 'n')} ${g(m, 'mo')}`,
  },
  {
    kind: 'time',
    re: /(?<![\p{L}\p{N}:.,])(?<h>\d{1,2})[:.](?<mm>\d{2})(?<uhr>\s?Uhr)?(?![\p{N}]|[:.]\d)/gu,
    replace: (m) => {
      const h = Number(g(m, 'h'));
      const mm = Number(g(m, 'mm'));
      if (h > 24 || mm > 59) return null;
      if (!g(m, 'uhr') && m[0].includes('.')) return null; // 3.45 without "Uhr" is not a time
      return `${h === 1 ? 'ein' : toCardinal(h)} Uhr${mm ? ` ${toCardinal(mm)}` : ''}`;
    },
  },
  {
    kind: 'time',
    re: /(?<![\p{L}\p{N}:.,])(?<h>\d{1,2})\s?Uhr(?![\p{L}])/gu,
    replace: (m) => (Number(g(m, 'h')) > 24 ? null : `${g(m, 'h') === '1' ? 'ein' : toCardinal(g(m, 'h'))} Uhr`),
  },
  {
    kind: 'year',
    re: /(?<![\p{L}\p{N}.,$£€])(?<a>1[1-9]\d\d|20\d\d)\s?[-–]\s?(?<b>1[1-9]\d\d|20\d\d)(?![\p{L}\p{N}]|[.,]\d)/gu,
    replace: (m) => `${year(g(m, 'a'))} bis ${year(g(m, 'b'))}`,
  },
  {
    kind: 'year',
    re: /(?<![\p{L}\p{N}.,$£€])(?<d>1[1-9]\d0|20\d0)er(?<end>(?:jahren?|n|s)?)(?![\p{L}\p{N}])/gu,
    replace: (m) => `${year(g(m, 'd'))}er${g(m, 'end')}`,
  },
  {
    kind: 'percent',
    re: new RegExp(String.raw`${START}(?<neg>[-−])?${NUM}\s?(?:%|Prozent\b)`, 'gu'),
    replace: (m) => `${g(m, 'neg') ? 'minus ' : ''}${amount(m)} Prozent`,
  },
  {
    kind: 'unit',
    re: new RegExp(String.raw`${START}(?<neg>[-−])?${NUM}\s?(?<u>${UNIT_RE})(?![\p{L}\p{N}/²])`, 'gu'),
    replace: (m) => {
      const u = UNITS[g(m, 'u')];
      if (!u) return null;
      const one = g(m, 'n') === '1' && !g(m, 'f');
      return `${g(m, 'neg') ? 'minus ' : ''}${one ? 'ein' : amount(m)} ${one && u === 'Stunden' ? 'Stunde' : one && u === 'Minuten' ? 'Minute' : u}`;
    },
  },
  {
    // "3." is an ordinal when an article or preposition asks for one, or when a lowercase word or noun follows mid-sentence.
    kind: 'ordinal',
    re: /(?<![\p{L}\p{N}.,])(?<n>\d{1,4})\.(?=\s+[\p{L}])/gu,
    replace: (m, ctx) => {
      const before = wordBefore(ctx.input, m.index);
      const b = before.toLowerCase();
      const next = wordAfter(ctx.input, m.index + m[0].length);
      const context = EN_ENDING.has(b) || E_ENDING.has(b) || /^\p{Ll}/u.test(next);
      return context ? ordinalDe(g(m, 'n'), before, '') : null;
    },
  },
  {
    kind: 'year',
    re: /(?<![\p{L}\p{N}.,$£€#])(?<y>1[1-9]\d\d)(?![\p{L}\p{N}]|[.,]\d)/gu,
    replace: (m, ctx) => (/^(Nr|Nummer|Seite|S)$/.test(wordBefore(ctx.input, m.index)) ? null : year(g(m, 'y'))),
  },
  {
    kind: 'decimal',
    re: /(?<![\p{L}\p{N}.,])(?<neg>[-−])?(?<n>\d{1,3}(?:\.\d{3})+|\d+),(?<f>\d+)(?![\p{L}\p{N}]|[.,]\d)/gu,
    replace: (m) => `${g(m, 'neg') ? 'minus ' : ''}${numbersDe.decimal(g(m, 'n').replace(/\./g, ''), g(m, 'f'))}`,
  },
  {
    kind: 'digits',
    re: /(?<=\p{L})(?<n>\d+)|(?<![\p{L}\p{N}])(?<m>\d+)(?=\p{L})/gu,
    replace: (m, ctx) => {
      const n = g(m, 'n') || g(m, 'm');
      const words = n.length <= 2 ? cardinal(n) : digitByDigit(n);
      return `${g(m, 'n') ? ' ' : ''}${words}${/\p{L}/u.test(ctx.input.charAt(m.index + m[0].length)) ? ' ' : ''}`;
    },
  },
  {
    kind: 'cardinal',
    re: /(?<![\p{L}\p{N}.,])(?:(?<=^|\s)(?<neg>[-−]))?(?<n>\d{1,3}(?:\.\d{3})+|\d+)(?![\p{N}]|\.\d{3})/gu,
    replace: (m, ctx) => {
      const n = g(m, 'n').replace(/\./g, '');
      // "1 Stunde" is "eine Stunde": before a noun the article form is closer than "eins" (gender is not known).
      const one = n === '1' && /^\s\p{Lu}/u.test(ctx.input.slice(m.index + m[0].length));
      return `${g(m, 'neg') ? 'minus ' : ''}${one ? 'ein' : cardinal(n)}`;
    },
  },
  {
    kind: 'roman',
    re: /(?<![\p{L}\p{N}])(?<r>[IVXLCDM]+)\b(?<dot>\.)?/gu,
    replace: (m, ctx) => {
      const r = g(m, 'r');
      const v = romanValue(r);
      if (!v) return null;
      const before = wordBefore(ctx.input, m.index);
      const dot = g(m, 'dot');
      if (COUNTING_NOUNS.has(before)) return toCardinal(v) + dot;
      // A lone C, D, L or M is an initial ("John D. Ready"); I, V, X only count after a ruler's name.
      const single = r.length === 1 && (!/[IVX]/.test(r) || /^\.\s+\p{Lu}/u.test(ctx.input.slice(m.index + 1, m.index + 4)));
      const regnal = !single && (REGNAL_NAMES.has(before) || (r.length > 1 && v < 40 && /^\p{Lu}\p{Ll}+$/u.test(before)));
      // The case of "der Vierzehnte" depends on the sentence; nominative is the common reading.
      return regnal ? `der ${capitalize(toOrdinal(v))}${dot && keepsPeriod(ctx.input, m.index + m[0].length) ? '.' : ''}` : null;
    },
  },
  {
    kind: 'abbreviation',
    re: new RegExp(String.raw`(?<![\p{L}.])(?:${ABBR_RE})(?![\p{L}])`, 'gu'),
    replace: (m, ctx) => {
      const a = ABBR_MAP.get(m[0]);
      if (!a || !ctx.options.expandAbbreviations) return null;
      if (m[0] === 'S.' && !/^\s?\d/u.test(ctx.input.slice(m.index + 2))) return null;
      return a[1] && keepsPeriod(ctx.input, m.index + m[0].length) ? `${a[0]}.` : a[0];
    },
  },
  { kind: 'symbol', re: /\s&\s/gu, replace: () => ' und ' },
  { kind: 'symbol', re: /(?<=\s)\+(?=\s)/gu, replace: () => 'plus' },
  { kind: 'symbol', re: /(?<=\s)=(?=\s)/gu, replace: () => 'gleich' },
];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function expandScale(s: string): string {
  if (s === 'Mio.') return 'Millionen';
  if (s === 'Mrd.') return 'Milliarden';
  return s;
}

function dateDe(y: string, mo: string, d: string, before: string): string | null {
  const month = MONTHS_DE[Number(mo) - 1];
  const dn = Number(d);
  if (!month || dn < 1 || dn > 31) return null;
  const yearWords = y ? ` ${year(y.length === 2 ? `${Number(y) > 30 ? '19' : '20'}${y}` : y)}` : '';
  return `${ordinalDe(String(dn), before, 'r')} ${month}${yearWords}`;
}
