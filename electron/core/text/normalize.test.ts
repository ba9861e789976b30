// Tests for TTS text normalization: the ugly cases in English and German, change reports, unknown characters, LJSpeech agreement.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize';

const en = (s: string): string => normalizeText(s, 'en').text;
const de = (s: string): string => normalizeText(s, 'de').text;

describe('English normalization', () => {
  it.each([
    ['I have 3 cats and 1,234 dogs.', 'I have three cats and one thousand two hundred thirty-four dogs.'],
    ['Pi is 3.14 and -5 is less.', 'Pi is three point one four and minus five is less.'],
    ['the 1st, 2nd, 23rd and 100th', 'the first, second, twenty-third and one hundredth'],
    ['In 1984 and 1905 and 1900 and 2005 and 2024.', 'In nineteen eighty-four and nineteen oh five and nineteen hundred and two thousand five and twenty twenty-four.'],
    ['From 1914-1918 in the 1960s', 'From nineteen fourteen to nineteen eighteen in the nineteen sixties'],
    ['on 2024-03-12.', 'on March twelfth, twenty twenty-four.'],
    ['on March 12, 2024 and 3/12/2024', 'on March twelfth, twenty twenty-four and March twelfth, twenty twenty-four'],
    ['at 3:45 pm, 12:00 and 1:05 a.m.', 'at three forty-five p m, twelve o\'clock and one oh five a m'],
    ['$5.20, $1, €3, 5 €, £1.50, $0.99 and $2.5 million', 'five dollars and twenty cents, one dollar, three euros, five euros, one pound and fifty pence, ninety-nine cents and two point five million dollars'],
    ['50% and 2.5 %', 'fifty percent and two point five percent'],
    ['5 km, 1 kg, 20 cm, 3mm, 20 °C, 60 km/h, 10 MB', 'five kilometers, one kilogram, twenty centimeters, three millimeters, twenty degrees Celsius, sixty kilometers per hour, ten megabytes'],
    ['Mr. Smith and Mrs. Jones met Dr. Who on Elm St. He went to St. Paul.', 'mister Smith and missus Jones met doctor Who on Elm street He went to saint Paul.'],
    ['Fruit, e.g. apples, i.e. red ones, vs. pears etc. Then No. 5.', 'Fruit, for example apples, that is red ones, versus pears et cetera. Then number five.'],
    ['Chapter IV. Henry VIII and Louis XIV met George I, then World War II. John D. Ready came.', 'Chapter four. Henry the eighth and Louis the fourteenth met George the first, then World War two. John D. Ready came.'],
    ['I think I will. Then I left.', 'I think I will. Then I left.'],
    ['grip C2766 and 007', 'grip C two seven six six and zero zero seven'],
    ['Smith & Wesson', 'Smith and Wesson'],
  ])('%s', (input, expected) => {
    expect(en(input)).toBe(expected);
  });

  it('reports every change with offsets into the input', () => {
    const input = 'Mr. Smith paid $5 in 1984.';
    const r = normalizeText(input, 'en');
    expect(r.changes.map((c) => c.kind)).toEqual(['abbreviation', 'currency', 'year']);
    for (const c of r.changes) expect(input.slice(c.start, c.end)).toBe(c.original);
    expect(r.changes[1]).toEqual({ start: 15, end: 17, original: '$5', replacement: 'five dollars', kind: 'currency' });
  });

  it('reports emoji and control characters, removes them, and keeps other unknown characters', () => {
    const input = 'Hi 😀 there 👍🏽\u0007 from 東京 and 🇩🇪.';
    const r = normalizeText(input, 'en');
    expect(r.unknown.map((u) => u.char)).toEqual(['😀', '👍🏽', '\u0007', '東', '京', '🇩🇪']);
    expect(r.unknown[0]).toEqual({ char: '😀', codePoint: 0x1f600, offset: 3 });
    expect(r.text).toBe('Hi  there  from 東京 and .');
    expect(r.changes.filter((c) => c.kind === 'removed')).toHaveLength(4);
  });

  it('leaves plain prose, RTL text and empty input alone', () => {
    expect(normalizeText('', 'en')).toEqual({ text: '', changes: [], unknown: [] });
    expect(en('It was a dark and stormy night.')).toBe('It was a dark and stormy night.');
    expect(normalizeText('Hello שלום', 'en').unknown).toHaveLength(4);
  });

  it('can keep abbreviations and read date days as cardinals (LJSpeech style)', () => {
    const r = normalizeText('Mr. Oswald, November 22, 1963.', 'en', { expandAbbreviations: false, dateDay: 'cardinal' });
    expect(r.text).toBe('Mr. Oswald, November twenty-two, nineteen sixty-three.');
  });
});

describe('German normalization', () => {
  it.each([
    ['Ich habe 3 Katzen und 1.234 Hunde.', 'Ich habe drei Katzen und eintausendzweihundertvierunddreißig Hunde.'],
    ['Pi ist 3,14.', 'Pi ist drei Komma eins vier.'],
    ['Im Jahr 1984 und 2024.', 'Im Jahr neunzehnhundertvierundachtzig und zweitausendvierundzwanzig.'],
    ['Am 3. Oktober 1990 war es so.', 'Am dritten Oktober neunzehnhundertneunzig war es so.'],
    ['Der 2. Weltkrieg dauerte von 1939-1945.', 'Der zweite Weltkrieg dauerte von neunzehnhundertneununddreißig bis neunzehnhundertfünfundvierzig.'],
    ['Am 12.03.2024 und 2024-03-12.', 'Am zwölften März zweitausendvierundzwanzig und zwölfter März zweitausendvierundzwanzig.'],
    ['um 14:30 Uhr, um 9 Uhr und 8.15 Uhr', 'um vierzehn Uhr dreißig, um neun Uhr und acht Uhr fünfzehn'],
    ['5 €, 3,50 €, €3, $5 und 1 €', 'fünf Euro, drei Euro fünfzig, drei Euro, fünf Dollar und ein Euro'],
    ['25 % und 3,5 Prozent', 'fünfundzwanzig Prozent und drei Komma fünf Prozent'],
    ['3,14 km, 1 kg, 20 °C, 50 km/h, 10 MB', 'drei Komma eins vier Kilometer, ein Kilogramm, zwanzig Grad Celsius, fünfzig Kilometer pro Stunde, zehn Megabyte'],
    ['z.B. Äpfel, d. h. rote, bzw. Nr. 5 von Prof. Dr. Meier, ca. 5 usw.', 'zum Beispiel Äpfel, das heißt rote, beziehungsweise Nummer fünf von Professor Doktor Meier, circa fünf und so weiter.'],
    ['Ludwig XIV. war König. Kapitel IV beginnt.', 'Ludwig der Vierzehnte war König. Kapitel vier beginnt.'],
    ['in den 1920er Jahren', 'in den neunzehnhundertzwanziger Jahren'],
  ])('%s', (input, expected) => {
    expect(de(input)).toBe(expected);
  });
});

// LJSpeech: id|raw|normalized. Its normalized column keeps "Mr." and reads "November 22" as "November twenty-two".
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const LJSPEECH = join(repoRoot, '..', 'shared', 'data', 'text', 'ljspeech-metadata.csv');
const fold = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

describe.skipIf(!existsSync(LJSPEECH))(`LJSpeech transcripts (${existsSync(LJSPEECH) ? LJSPEECH : `skipped: ${LJSPEECH} is absent`})`, () => {
  const rows = existsSync(LJSPEECH)
    ? readFileSync(LJSPEECH, 'utf8').split('\n').filter(Boolean).map((l) => l.split('|'))
    : [];

  it('normalizes all 13,100 transcripts quickly and mostly as LJSpeech does', () => {
    expect(rows.length).toBe(13100);
    const t0 = performance.now();
    let matchLj = 0;
    let matchDefault = 0;
    let changed = 0;
    let changedMatch = 0;
    let unknown = 0;
    for (const [, raw = '', ref = ''] of rows) {
      const lj = normalizeText(raw, 'en', { expandAbbreviations: false, dateDay: 'cardinal' });
      const ok = fold(lj.text) === fold(ref);
      if (ok) matchLj++;
      if (fold(raw) !== fold(ref)) {
        changed++;
        if (ok) changedMatch++;
      }
      unknown += lj.unknown.length;
    }
    const ljMs = performance.now() - t0;
    const t1 = performance.now();
    for (const [, raw = '', ref = ''] of rows) {
      // Defaults expand abbreviations; the reference gets the same treatment so only number reading is compared.
      if (fold(normalizeText(raw, 'en').text) === fold(normalizeText(ref, 'en').text)) matchDefault++;
    }
    const defMs = performance.now() - t1;
    const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(2)}%`;
    console.log(
      `LJSpeech: LJSpeech-style options match ${matchLj}/${rows.length} (${pct(matchLj, rows.length)}); ` +
        `rows LJSpeech changed: ${changedMatch}/${changed} (${pct(changedMatch, changed)}); ` +
        `defaults vs normalized reference ${matchDefault}/${rows.length} (${pct(matchDefault, rows.length)}); ` +
        `unknown chars ${unknown}; time ${ljMs.toFixed(0)} ms (LJSpeech-style), ${defMs.toFixed(0)} ms (defaults, both columns)`,
    );
    expect(matchLj / rows.length).toBeGreaterThanOrEqual(0.97);
    expect(changedMatch / changed).toBeGreaterThanOrEqual(0.75);
    expect(matchDefault / rows.length).toBeGreaterThanOrEqual(0.95);
    expect(ljMs).toBeLessThan(10_000);
  });
});
