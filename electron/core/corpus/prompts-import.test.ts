// Importing a recording script: the shipped prompt lists, wrong encodings, CSV quoting, prose chapters, and nothing imported half-way.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPrompts, type PromptImport, type PromptImportOptions, type PromptImportOutcome } from './prompts-import';

const PROMPTS = join(process.cwd(), '..', 'shared', 'data', 'prompts');
const enc = new TextEncoder();

function ok(outcome: PromptImportOutcome): PromptImport {
  if (!outcome.ok) throw new Error(`expected an import, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

function importText(text: string, options?: PromptImportOptions): PromptImportOutcome {
  return importPrompts(enc.encode(text), options);
}

describe('the shipped prompt lists', () => {
  const shipped = (name: string): Uint8Array | null => {
    const path = join(PROMPTS, name);
    return existsSync(path) ? readFileSync(path) : null;
  };
  const has = (name: string): boolean => existsSync(join(PROMPTS, name));

  it.skipIf(!has('cmuarctic.data'))('reads all 1,132 CMU ARCTIC prompts from cmuarctic.data with their ids', () => {
    const r = ok(importPrompts(shipped('cmuarctic.data') ?? new Uint8Array()));
    expect(r.format).toBe('festvox');
    expect(r.prompts).toHaveLength(1132);
    expect(r.prompts[0]).toEqual({ id: 'arctic_a0001', text: 'Author of the danger trail, Philip Steels, etc.', line: 1 });
    expect(r.prompts.at(-1)?.id).toBe('arctic_b0539');
    console.log(`cmuarctic.data: ${r.prompts.length} prompts, ${r.duplicates} duplicates`);
  });

  for (const lang of ['en', 'de'] as const) {
    it.skipIf(!has(`${lang}/general-550.txt`))(`reads the ${lang} general-550 list (id TAB sentence) with its ids`, () => {
      const r = ok(importPrompts(shipped(`${lang}/general-550.txt`) ?? new Uint8Array(), { language: lang }));
      expect(r.format).toBe('tsv');
      expect(r.prompts).toHaveLength(550);
      expect(r.prompts[0]?.id).toBe('0000000001');
      expect(r.prompts.every((p) => p.text === p.text.trim() && !p.text.includes('\t'))).toBe(true);
    });
  }

  it.skipIf(!has('de/thorsten-corpus.tsv'))('reads the 23,304-line Thorsten list (sentence TAB length), generating ids and dropping duplicates', () => {
    const r = ok(importPrompts(shipped('de/thorsten-corpus.tsv') ?? new Uint8Array(), { language: 'de' }));
    expect(r.format).toBe('tsv');
    expect(r.entries).toBe(23304);
    expect(r.prompts.length + r.duplicates).toBe(23304);
    expect(r.prompts[0]).toEqual({ id: 'prompt_00001', text: 'Zählen', line: 1 });
    expect(r.warnings.some((w) => w.code === 'ignored-column' && w.message.includes('Column 2'))).toBe(true);
    expect(r.warnings.filter((w) => w.code === 'duplicate')).toHaveLength(r.duplicates);
    expect(new Set(r.prompts.map((p) => p.id)).size).toBe(r.prompts.length);
    console.log(`thorsten-corpus.tsv: ${r.entries} lines → ${r.prompts.length} prompts, ${r.duplicates} duplicates dropped`);
  });
});

describe('encodings', () => {
  // "Grüße aus Köln, schön heiß." in Windows-1252: ü FC, ß DF, ö F6, ä E4 — none of them valid UTF-8 on its own.
  const latin1 = Uint8Array.from([
    ...enc.encode('Erste Zeile.\nGr'), 0xfc, 0xdf, ...enc.encode('e aus K'), 0xf6, ...enc.encode('ln, sch'), 0xf6, ...enc.encode('n hei'), 0xdf,
    ...enc.encode('.\nM'), 0xe4, ...enc.encode('rchen\n'),
  ]);

  it('refuses a Windows-1252 German file with a message that names the problem, the line and the fix', () => {
    const r = importPrompts(latin1);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('not-utf8');
    expect(r.error.message).toMatch(/not UTF-8/);
    expect(r.error.message).toMatch(/Windows-1252\/Latin-1/);
    expect(r.error.message).toMatch(/Save it as UTF-8/);
    expect(r.error.lines).toEqual([2]);
    expect(r.error.suggestedEncoding).toBe('windows-1252');
    expect(r.error.preview?.[1]).toBe('Grüße aus Köln, schön heiß.');
  });

  it('imports the same file when the user picks windows-1252', () => {
    const r = ok(importPrompts(latin1, { encoding: 'windows-1252' }));
    expect(r.encoding).toBe('windows-1252');
    expect(r.prompts.map((p) => p.text)).toEqual(['Erste Zeile.', 'Grüße aus Köln, schön heiß.', 'Märchen']);
  });

  it('reads UTF-16 LE and BE with a byte-order mark, and UTF-8 with one', () => {
    const text = 'Über Stock und Stein.\nNoch ein Satz.\n';
    const units = Array.from(text, (c) => c.charCodeAt(0));
    const le = Uint8Array.from([0xff, 0xfe, ...units.flatMap((u) => [u & 0xff, u >> 8])]);
    const be = Uint8Array.from([0xfe, 0xff, ...units.flatMap((u) => [u >> 8, u & 0xff])]);
    const utf8bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode(text)]);
    for (const [bytes, encoding] of [[le, 'utf-16le'], [be, 'utf-16be'], [utf8bom, 'utf-8']] as const) {
      const r = ok(importPrompts(bytes));
      expect(r.encoding).toBe(encoding);
      expect(r.prompts.map((p) => p.text)).toEqual(['Über Stock und Stein.', 'Noch ein Satz.']);
    }
  });

  it('spots UTF-16 without a byte-order mark instead of reporting garbage', () => {
    const bytes = Uint8Array.from(Array.from('Hello there.\nSecond line.\n', (c) => [c.charCodeAt(0), 0]).flat());
    const r = importPrompts(bytes);
    expect(!r.ok && r.error.code).toBe('utf16-without-bom');
    expect(ok(importPrompts(bytes, { encoding: 'utf-16le' })).prompts).toHaveLength(2);
  });

  it('warns about text that was converted to UTF-8 twice', () => {
    const r = ok(importText('GrÃ¼ÃŸe aus MÃ¼nchen.\n'));
    expect(r.warnings.map((w) => w.code)).toContain('double-encoded');
  });
});

describe('formats', () => {
  it('reads a plain list, one prompt per line, skipping blank lines and numbering ids by line order', () => {
    const r = ok(importText('First prompt.\n\n  Second   prompt.  \r\nThird prompt.'));
    expect(r.format).toBe('lines');
    expect(r.prompts).toEqual([
      { id: 'prompt_0001', text: 'First prompt.', line: 1 },
      { id: 'prompt_0002', text: 'Second prompt.', line: 3 },
      { id: 'prompt_0003', text: 'Third prompt.', line: 4 },
    ]);
    expect(ok(importText('One.\nTwo.', { idPrefix: 'anna_' })).prompts[1]?.id).toBe('anna_0002');
  });

  it('reads CSV with a header, quoted commas, doubled quotes and a line break inside quotes', () => {
    const csv = 'id,text\nutt_001,"Hello, world."\nutt_002,"She said ""no"", twice."\nutt_003,"Two\nlines."\nutt_004,Plain text here.\n';
    const r = ok(importText(csv));
    expect(r.format).toBe('csv');
    expect(r.prompts).toEqual([
      { id: 'utt_001', text: 'Hello, world.', line: 2 },
      { id: 'utt_002', text: 'She said "no", twice.', line: 3 },
      { id: 'utt_003', text: 'Two lines.', line: 4 },
      { id: 'utt_004', text: 'Plain text here.', line: 6 },
    ]);
  });

  it('reads semicolon CSV without a header, and TSV with the text column first', () => {
    expect(ok(importText('a1;Guten Tag, Welt.\na2;"Noch; einer."\n')).prompts.map((p) => [p.id, p.text])).toEqual([
      ['a1', 'Guten Tag, Welt.'],
      ['a2', 'Noch; einer.'],
    ]);
    const tsv = ok(importText('The first sentence is here.\tx1\nAnd here is the second one.\tx2\n'));
    expect(tsv.prompts.map((p) => p.id)).toEqual(['x1', 'x2']);
  });

  it('does not mistake a plain list with commas for CSV', () => {
    const r = ok(importText('Well, this is a sentence.\nYes, and another.\nNo commas here.\n'));
    expect(r.format).toBe('lines');
    expect(r.prompts[0]?.text).toBe('Well, this is a sentence.');
  });

  it('splits a chapter of prose into one prompt per sentence, keeping the heading apart', () => {
    const chapter = [
      'Chapter One',
      '',
      'It was a bright cold day in April, and the clocks were striking thirteen. Mr. Smith walked',
      'slowly home along the river. He did not look back!',
      '',
      'The house stood at the end of the lane. "Who is there?" he asked. Nobody answered.',
    ].join('\n');
    const r = ok(importText(chapter));
    expect(r.format).toBe('prose');
    expect(r.prompts.map((p) => [p.text, p.line])).toEqual([
      ['Chapter One', 1],
      ['It was a bright cold day in April, and the clocks were striking thirteen.', 3],
      ['Mr. Smith walked slowly home along the river.', 3],
      ['He did not look back!', 4],
      ['The house stood at the end of the lane.', 6],
      ['"Who is there?" he asked.', 6],
      ['Nobody answered.', 6],
    ]);
  });

  it('splits German prose with German abbreviation rules', () => {
    const r = ok(importText('Am 3. Oktober kam er z. B. spät nach Hause. Dann schlief er ein.', { format: 'prose', language: 'de' }));
    expect(r.prompts.map((p) => p.text)).toEqual(['Am 3. Oktober kam er z. B. spät nach Hause.', 'Dann schlief er ein.']);
  });
});

describe('problems', () => {
  it('refuses an empty or blank file', () => {
    for (const bytes of [new Uint8Array(), enc.encode(' \n\n\t\n'), Uint8Array.from([0xef, 0xbb, 0xbf])]) {
      const r = importPrompts(bytes);
      expect(!r.ok && r.error.code).toBe('empty');
      expect(!r.ok && r.error.message).toMatch(/empty/);
    }
  });

  it('reports duplicates (same words, other case or punctuation) with both lines and keeps the first', () => {
    const r = ok(importText('Hello there.\nSomething else.\nhello, there!\nHello there.\n'));
    expect(r.prompts.map((p) => p.text)).toEqual(['Hello there.', 'Something else.']);
    expect(r.duplicates).toBe(2);
    expect(r.warnings.filter((w) => w.code === 'duplicate').map((w) => w.message)).toEqual([
      'Line 3 repeats the prompt on line 1; dropped.',
      'Line 4 repeats the prompt on line 1; dropped.',
    ]);
  });

  it('reports overlong prompts against a configurable limit but keeps them', () => {
    const r = ok(importText(`Short one.\n${'word '.repeat(30).trim()}.\n`, { maxChars: 100 }));
    expect(r.prompts).toHaveLength(2);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'overlong', line: 2 })]);
  });

  it('refuses a festvox file with a broken line, naming the line, and imports nothing', () => {
    const r = importText('( a_0001 "One." )\n( a_0002 "Two." \n( a_0003 "Three." )\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'malformed', lines: [2] });
    expect(r.error.message).toMatch(/line 2/);
  });

  it('refuses CSV with an unterminated quote or missing text, and ids given twice', () => {
    expect(importText('u1,"Open quote\nu2,Fine.\n')).toMatchObject({ ok: false, error: { code: 'malformed', lines: [1] } });
    expect(importText('id\ttext\nu1\tFine.\nu2\t \n')).toMatchObject({ ok: false, error: { code: 'malformed', lines: [3] } });
    expect(importText('u1\tOne thing.\nu1\tAnother thing.\n')).toMatchObject({ ok: false, error: { code: 'duplicate-id', lines: [2] } });
  });

  it('refuses ids that cannot name an audio file', () => {
    const r = importText('( a/01 "One." )\n( a_02 "Two." )\n');
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-id', lines: [1] } });
  });

  it('refuses invalid options with a typed error', () => {
    expect(importText('x', { maxChars: -1 })).toMatchObject({ ok: false, error: { code: 'bad-options' } });
  });
});
