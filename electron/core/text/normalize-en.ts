// English normalization rules: numbers, years, dates, times, money, units, abbreviations and Roman numerals to words.
import { toCardinal, toOrdinal } from 'n2words/en-US';
import { g, MONTHS_EN, readsAsNumber, romanValue, wordAfter, wordBefore, type NumberWords, type Rule, alternation, abbreviationTable, type AbbreviationRow } from './normalize-core';

// n2words (forzagreen/n2words, MIT, zero dependencies, maintained: 4.x released 2026, en and de among 71 languages,
// pure functions, BigInt-safe, works offline). en-US without "and" matches the LJSpeech convention
// ("one hundred forty-five"). Decimals and years follow our own conventions below.
const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function cardinal(digits: string): string {
  return readsAsNumber(digits) ? toCardinal(digits) : digitByDigit(digits);
}

function digitByDigit(digits: string): string {
  return [...digits].map((d) => DIGIT_NAMES[Number(d)] ?? d).join(' ');
}

/** 1984 → nineteen eighty-four, 1905 → nineteen oh five, 1900 → nineteen hundred, 2005 → two thousand five. */
function year(digits: string): string {
  const n = Number(digits);
  if (digits.length !== 4 || n < 1000) return cardinal(digits);
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (n % 1000 === 0 || (n >= 2000 && n < 2010)) return toCardinal(n);
  if (lo === 0) return `${toCardinal(hi)} hundred`;
  return `${toCardinal(hi)} ${lo < 10 ? `oh ${toCardinal(lo)}` : toCardinal(lo)}`;
}

export const numbersEn: NumberWords = {
  cardinal,
  ordinal: (digits) => (readsAsNumber(digits) ? toOrdinal(digits) : digitByDigit(digits)),
  year,
  digitByDigit,
  decimal: (intPart, fraction) => `${intPart ? cardinal(intPart) : ''} point ${digitByDigit(fraction)}`.trim(),
};

const NUM = String.raw`(?<n>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<f>\d+))?`;
const START = String.raw`(?<![\p{L}\p{N}_.,])`;
const END = String.raw`(?![\p{L}\p{N}]|[.,]\d)`;
const MONTH_NAMES = MONTHS_EN.join('|');
const MONTH_ABBR = 'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';

function amount(m: RegExpExecArray): string {
  const n = g(m, 'n').replace(/,/g, '');
  const f = g(m, 'f');
  return f ? numbersEn.decimal(n, f) : cardinal(n);
}

function isOne(m: RegExpExecArray): boolean {
  return g(m, 'n') === '1' && !g(m, 'f');
}

const CURRENCIES: Record<string, [string, string, string, string]> = {
  $: ['dollar', 'dollars', 'cent', 'cents'],
  '£': ['pound', 'pounds', 'penny', 'pence'],
  '€': ['euro', 'euros', 'cent', 'cents'],
  '¥': ['yen', 'yen', 'sen', 'sen'],
  USD: ['dollar', 'dollars', 'cent', 'cents'],
  EUR: ['euro', 'euros', 'cent', 'cents'],
  GBP: ['pound', 'pounds', 'penny', 'pence'],
};

function money(sym: string, whole: string, frac: string, scale: string): string {
  const names = CURRENCIES[sym] ?? ['', '', '', ''];
  const w = whole.replace(/,/g, '');
  if (scale) return `${frac ? numbersEn.decimal(w, frac) : cardinal(w)} ${scale} ${names[1]}`;
  const cents = frac ? Number(frac.padEnd(2, '0').slice(0, 2)) : 0;
  const main = `${cardinal(w)} ${w === '1' ? names[0] : names[1]}`;
  if (!cents) return main;
  const sub = `${toCardinal(cents)} ${cents === 1 ? names[2] : names[3]}`;
  return w === '0' ? sub : `${main} and ${sub}`;
}

const UNITS: Record<string, [string, string]> = {
  km: ['kilometer', 'kilometers'], m: ['meter', 'meters'], cm: ['centimeter', 'centimeters'], mm: ['millimeter', 'millimeters'],
  kg: ['kilogram', 'kilograms'], g: ['gram', 'grams'], mg: ['milligram', 'milligrams'], l: ['liter', 'liters'],
  ml: ['milliliter', 'milliliters'], 'km/h': ['kilometer per hour', 'kilometers per hour'], mph: ['mile per hour', 'miles per hour'],
  '°C': ['degree Celsius', 'degrees Celsius'], '°F': ['degree Fahrenheit', 'degrees Fahrenheit'], '°': ['degree', 'degrees'],
  KB: ['kilobyte', 'kilobytes'], kB: ['kilobyte', 'kilobytes'], MB: ['megabyte', 'megabytes'], GB: ['gigabyte', 'gigabytes'],
  TB: ['terabyte', 'terabytes'], Hz: ['hertz', 'hertz'], kHz: ['kilohertz', 'kilohertz'], MHz: ['megahertz', 'megahertz'],
  GHz: ['gigahertz', 'gigahertz'], kW: ['kilowatt', 'kilowatts'], W: ['watt', 'watts'], ms: ['millisecond', 'milliseconds'],
  lb: ['pound', 'pounds'], lbs: ['pound', 'pounds'], oz: ['ounce', 'ounces'], ft: ['foot', 'feet'], mi: ['mile', 'miles'],
};
const UNIT_RE = alternation(Object.keys(UNITS));

const ABBREVIATIONS: AbbreviationRow[] = [
  // [abbreviation, expansion, may end a sentence]
  ['Mr.', 'mister', false], ['Mrs.', 'missus', false], ['Ms.', 'miz', false], ['Prof.', 'professor', false],
  ['Jr.', 'junior', true], ['Sr.', 'senior', true], ['Gen.', 'general', false], ['Capt.', 'captain', false],
  ['Lt.', 'lieutenant', false], ['Col.', 'colonel', false], ['Sgt.', 'sergeant', false], ['Gov.', 'governor', false],
  ['Mt.', 'mount', false], ['e.g.', 'for example', false], ['i.e.', 'that is', false], ['etc.', 'et cetera', true],
  ['vs.', 'versus', false], ['approx.', 'approximately', false], ['Messrs.', 'messieurs', false],
];
const { map: ABBR_MAP, re: ABBR_RE } = abbreviationTable(ABBREVIATIONS);

/** A period that ended the sentence as well as the abbreviation is kept. */
function keepsPeriod(input: string, end: number): boolean {
  return /^(\s*$|\s+["'”’)]*\s*\p{Lu})/u.test(input.slice(end, end + 8));
}

const REGNAL_NAMES = new Set([
  'Henry', 'Edward', 'George', 'William', 'Charles', 'James', 'Richard', 'Elizabeth', 'Mary', 'Louis', 'Ludwig', 'John',
  'Philip', 'Frederick', 'Friedrich', 'Pius', 'Leo', 'Gregory', 'Benedict', 'Paul', 'Innocent', 'Clement', 'Alexander',
  'Peter', 'Catherine', 'Napoleon', 'Wilhelm', 'Otto', 'Karl', 'Heinrich', 'Pope', 'King', 'Queen', 'Francis', 'Nicholas',
]);
const NOT_NAMES = new Set(['In', 'At', 'On', 'To', 'From', 'The', 'Of', 'And', 'Near', 'For', 'By', 'Via', 'A', 'An', 'Visit', 'Dear']);
const COUNTING_NOUNS = new Set(['Chapter', 'Book', 'Part', 'Volume', 'Vol', 'Act', 'Scene', 'Section', 'Article', 'Appendix', 'Canto', 'Psalm', 'War', 'Phase', 'Level', 'Class', 'Type', 'Stage']);

export const rulesEn: Rule[] = [
  {
    kind: 'currency',
    re: new RegExp(String.raw`${START}(?<sym>[$£€¥])\s?${NUM}(?:\s(?<scale>thousand|million|billion|trillion))?${END}`, 'gu'),
    replace: (m) => money(g(m, 'sym'), g(m, 'n'), g(m, 'f'), g(m, 'scale')),
  },
  {
    kind: 'currency',
    re: new RegExp(String.raw`${START}${NUM}\s?(?<sym>€|EUR|USD|GBP)(?![\p{L}\p{N}])`, 'gu'),
    replace: (m) => money(g(m, 'sym'), g(m, 'n'), g(m, 'f'), ''),
  },
  {
    kind: 'date',
    re: /(?<![\p{L}\p{N}])(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})(?![\p{L}\p{N}])/gu,
    replace: (m, ctx) => dateEn(g(m, 'y'), g(m, 'mo'), g(m, 'd'), ctx.options.dateDay),
  },
  {
    kind: 'date',
    re: /(?<![\p{L}\p{N}/.])(?<mo>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})(?![\p{L}\p{N}/])/gu,
    replace: (m, ctx) => dateEn(g(m, 'y'), g(m, 'mo'), g(m, 'd'), ctx.options.dateDay),
  },
  {
    kind: 'date',
    re: /(?<![\p{L}\p{N}.])(?<d>\d{1,2})\.(?<mo>\d{1,2})\.(?<y>\d{4})(?![\p{L}\p{N}]|\.\d)/gu,
    replace: (m, ctx) => dateEn(g(m, 'y'), g(m, 'mo'), g(m, 'd'), ctx.options.dateDay),
  },
  {
    kind: 'date',
    re: new RegExp(String.raw`(?<mo>\b(?:${MONTH_NAMES}|(?:${MONTH_ABBR})\.?))\s+(?<d>\d{1,2})(?:st|nd|rd|th)?(?![\p{L}\p{N}]|[.:]\d)`, 'gu'),
    replace: (m, ctx) => {
      const day = Number(g(m, 'd'));
      if (day < 1 || day > 31) return null;
      const mo = monthName(g(m, 'mo'));
      return `${mo} ${ctx.options.dateDay === 'ordinal' ? toOrdinal(day) : toCardinal(day)}`;
    },
  },
  {
    kind: 'time',
    re: /(?<![\p{L}\p{N}:.])(?<h>\d{1,2}):(?<mm>\d{2})(?:\s?(?<ap>[aApP]\.?[mM]\.?)(?![\p{L}]))?(?![\p{N}]|:\d)/gu,
    replace: (m) => {
      const h = Number(g(m, 'h'));
      const mm = Number(g(m, 'mm'));
      if (h > 24 || mm > 59) return null;
      const ap = g(m, 'ap') ? ` ${g(m, 'ap').replace(/\./g, '').toLowerCase().split('').join(' ')}` : '';
      const minutes = mm === 0 ? (ap ? '' : " o'clock") : mm < 10 ? ` oh ${toCardinal(mm)}` : ` ${toCardinal(mm)}`;
      return `${toCardinal(h)}${minutes}${ap}`;
    },
  },
  {
    kind: 'time',
    re: /(?<![\p{L}\p{N}:.,])(?<h>\d{1,2})\s?(?<ap>[aApP][mM])(?![\p{L}\p{N}])/gu,
    replace: (m) => (Number(g(m, 'h')) > 12 ? null : `${toCardinal(g(m, 'h'))} ${g(m, 'ap').toLowerCase().split('').join(' ')}`),
  },
  {
    kind: 'year',
    re: /(?<![\p{L}\p{N}.,$£€])(?<a>1[1-9]\d\d|20\d\d)\s?[-–]\s?(?<b>1[1-9]\d\d|20\d\d|\d\d)(?![\p{L}\p{N}]|[.,]\d)/gu,
    replace: (m) => `${year(g(m, 'a'))} to ${g(m, 'b').length === 2 ? toCardinal(Number(g(m, 'b'))) : year(g(m, 'b'))}`,
  },
  {
    kind: 'year',
    re: /(?<![\p{L}\p{N}.,$£€])(?:(?<full>1[1-9]\d0|20[0-9]0)|'(?<short>\d0))s(?![\p{L}\p{N}])/gu,
    replace: (m) => {
      const w = g(m, 'full') ? year(g(m, 'full')) : toCardinal(Number(g(m, 'short')));
      return w.endsWith('y') ? `${w.slice(0, -1)}ies` : `${w}s`;
    },
  },
  {
    kind: 'ordinal',
    re: /(?<![\p{L}\p{N}.,])(?<n>\d+)(?:st|nd|rd|th|ST|ND|RD|TH)(?![\p{L}\p{N}])/gu,
    replace: (m) => numbersEn.ordinal(g(m, 'n')),
  },
  {
    kind: 'percent',
    re: new RegExp(String.raw`${START}(?<neg>[-−])?${NUM}\s?(?:%|percent\b)`, 'gu'),
    replace: (m) => `${g(m, 'neg') ? 'minus ' : ''}${amount(m)} percent`,
  },
  {
    kind: 'unit',
    re: new RegExp(String.raw`${START}(?<neg>[-−])?${NUM}\s?(?<u>${UNIT_RE})(?![\p{L}\p{N}/])`, 'gu'),
    replace: (m) => {
      const u = UNITS[g(m, 'u')];
      if (!u) return null;
      return `${g(m, 'neg') ? 'minus ' : ''}${amount(m)} ${isOne(m) ? u[0] : u[1]}`;
    },
  },
  {
    kind: 'year',
    re: /(?<![\p{L}\p{N}.,$£€#])(?<y>1[1-9]\d\d|20\d\d)(?![\p{L}\p{N}]|[.,]\d)/gu,
    replace: (m, ctx) => (/^(No|Nos|number|Number|page|pages|p|pp)$/.test(wordBefore(ctx.input, m.index)) ? null : year(g(m, 'y'))),
  },
  {
    kind: 'decimal',
    re: /(?<![\p{L}\p{N}.,])(?<neg>[-−])?(?<n>\d{1,3}(?:,\d{3})+|\d*)\.(?<f>\d+)(?![\p{L}\p{N}]|[.,]\d)/gu,
    replace: (m) => `${g(m, 'neg') ? 'minus ' : ''}${numbersEn.decimal(g(m, 'n').replace(/,/g, ''), g(m, 'f'))}`,
  },
  {
    kind: 'digits',
    re: /(?<=\p{L})(?<n>\d+)|(?<![\p{L}\p{N}])(?<m>\d+)(?=\p{L})/gu,
    replace: (m, ctx) => {
      const n = g(m, 'n') || g(m, 'm');
      const words = n.length <= 2 ? cardinal(n) : digitByDigit(n);
      const end = m.index + m[0].length;
      return `${g(m, 'n') ? ' ' : ''}${words}${/\p{L}/u.test(ctx.input.charAt(end)) ? ' ' : ''}`;
    },
  },
  {
    kind: 'cardinal',
    re: /(?<![\p{L}\p{N}.,])(?:(?<=^|\s)(?<neg>[-−]))?(?<n>\d{1,3}(?:,\d{3})+|\d+)(?![\p{N}]|,\d{3})/gu,
    replace: (m) => `${g(m, 'neg') ? 'minus ' : ''}${cardinal(g(m, 'n').replace(/,/g, ''))}`,
  },
  {
    kind: 'roman',
    re: /(?<![\p{L}\p{N}])(?<r>[IVXLCDM]+)\b(?<dot>\.(?=,|\s+\p{Ll}))?/gu,
    replace: (m, ctx) => {
      const r = g(m, 'r');
      const v = romanValue(r);
      if (!v) return null;
      const before = wordBefore(ctx.input, m.index);
      if (COUNTING_NOUNS.has(before)) return toCardinal(v);
      // A lone C, D, L or M is an initial ("John D. Ready"); I, V, X only count after a ruler's name.
      const single = r.length === 1 && (!/[IVX]/.test(r) || /^\.\s+\p{Lu}/u.test(ctx.input.slice(m.index + 1, m.index + 4)));
      const regnal = !single && (REGNAL_NAMES.has(before) || (r.length > 1 && v < 40 && /^\p{Lu}\p{Ll}+$/u.test(before)));
      return regnal ? `the ${toOrdinal(v)}` : null;
    },
  },
  {
    kind: 'abbreviation',
    re: /(?<![\p{L}])(?:No|Nos)\.(?=\s?\d)/gu,
    replace: (m, ctx) => (ctx.options.expandAbbreviations ? (m[0] === 'No.' ? 'number' : 'numbers') : null),
  },
  {
    kind: 'abbreviation',
    re: /(?<![\p{L}.])(?<a>Dr|St)\.(?=\s)/gu,
    replace: (m, ctx) => {
      if (!ctx.options.expandAbbreviations) return null;
      // "St. Paul" / "Dr. Jones" lead a name; "Elm St." / "Mulholland Dr." follow one.
      const before = wordBefore(ctx.input, m.index);
      const afterName = /^\p{Lu}/u.test(before) && !NOT_NAMES.has(before);
      const title = /^\p{Lu}/u.test(wordAfter(ctx.input, m.index + m[0].length));
      if (g(m, 'a') === 'Dr') return title || !afterName ? 'doctor' : 'drive';
      return afterName ? 'street' : 'saint';
    },
  },
  {
    kind: 'abbreviation',
    re: new RegExp(String.raw`(?<![\p{L}.])(?:${ABBR_RE})(?![\p{L}])`, 'gu'),
    replace: (m, ctx) => {
      const a = ABBR_MAP.get(m[0]);
      if (!a || !ctx.options.expandAbbreviations) return null;
      return a[1] && keepsPeriod(ctx.input, m.index + m[0].length) ? `${a[0]}.` : a[0];
    },
  },
  { kind: 'symbol', re: /\s&\s/gu, replace: () => ' and ' },
  { kind: 'symbol', re: /(?<=\s)\+(?=\s)/gu, replace: () => 'plus' },
  { kind: 'symbol', re: /(?<=\s)=(?=\s)/gu, replace: () => 'equals' },
  { kind: 'symbol', re: /#(?=\d)/gu, replace: () => 'number ' },
];

function monthName(s: string): string {
  const key = s.replace('.', '').slice(0, 3).toLowerCase();
  return MONTHS_EN.find((mo) => mo.slice(0, 3).toLowerCase() === key) ?? s;
}

function dateEn(y: string, mo: string, d: string, day: 'ordinal' | 'cardinal'): string | null {
  const month = MONTHS_EN[Number(mo) - 1];
  const dn = Number(d);
  if (!month || dn < 1 || dn > 31) return null;
  return `${month} ${day === 'ordinal' ? toOrdinal(dn) : toCardinal(dn)}, ${year(y)}`;
}
