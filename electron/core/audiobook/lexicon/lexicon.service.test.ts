// The pronunciation lexicon: a change stales exactly the sentences with that word, book entries win, G2P suggestions, PLS in and out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BookDetail, ChapterPage, LexiconEntry, Sentence, StaleReport } from '../../../shared/domains/books';
import { openDatabase, type WritableDb } from '../../db/database';
import { recordTake } from '../../db/book-render.repo';
import { ok, openHarness, type Harness } from '../../testing/backend-harness';

let h: Harness;
let db: WritableDb;
beforeEach(async () => {
  h = await openHarness();
  db = openDatabase(join(h.workspace, 'studio.sqlite'));
});
afterEach(async () => {
  db.close();
  await h.close();
});

const call = async <T>(name: string, input: unknown): Promise<T> => ok<T>(await h.backend.invoke(name, input));

async function book(name: string, text: string, language = 'de-DE'): Promise<{ detail: BookDetail; sentences: Sentence[] }> {
  const path = join(h.root, name);
  writeFileSync(path, text);
  const { bookId } = await call<{ bookId: number }>('books:import', { path, language });
  const detail = await call<BookDetail>('books:get', { bookId });
  const sentences = (await call<ChapterPage>('books:chapter', { chapterId: detail.chapters[0]!.id })).paragraphs.flatMap((p) => p.sentences);
  return { detail, sentences };
}

function renderAll(sentences: readonly Sentence[]): void {
  for (const s of sentences) {
    recordTake(db, { sentenceId: s.id, path: `books/t/${s.id}.wav`, text: s.text, seed: 1, voiceId: null, vocoder: 'v', lexiconVersion: 1,
      cacheKey: `k${s.id}`, sampleRate: 22050, seconds: 1, slipReport: null }, [], true);
  }
}

async function states(chapterId: number): Promise<[string, string][]> {
  const page = await call<ChapterPage>('books:chapter', { chapterId });
  return page.paragraphs.flatMap((p) => p.sentences).map((s) => [s.text, s.state]);
}

const TEXT = [
  'Kapitel 1', '',
  'Herr Müller kam spät.', // 1: the word
  'Die Müllers wohnten nebenan.', // 2: another word that starts the same
  'MÜLLER rief laut.', // 3: the word in capitals
  'Ein Müllerwagen fuhr vorbei.', // 4: a compound
  'Niemand sonst war da.', '', // 5
  'Dann sprach Frau Müller-Lüdenscheidt.', '', // 6: a hyphenated name is one word for the engine
].join(' ').replace(/ {2}/gu, '\n\n');

describe('a lexicon change', () => {
  it('stales exactly the rendered sentences containing the word, any case, whole word only, and bumps the lexicon version', async () => {
    const { detail, sentences } = await book('m.txt', TEXT);
    renderAll(sentences);
    const r = await call<{ entry: LexiconEntry; stale: StaleReport }>('books:lexiconAdd', { bookId: detail.id, word: 'müller', ipa: 'ˈmʏlɐ' });
    expect(r.entry).toMatchObject({ bookId: detail.id, word: 'müller', ipa: 'ˈmʏlɐ', respelling: null });
    expect(r.stale.sentenceIds).toEqual([sentences[1]!.id, sentences[3]!.id]);
    expect(r.stale).toMatchObject({ staled: 2, lexiconVersions: [{ bookId: detail.id, lexiconVersion: 2 }] });
    expect((await states(detail.chapters[0]!.id)).filter(([, st]) => st === 'stale').map(([t]) => t)).toEqual(['Herr Müller kam spät.', 'MÜLLER rief laut.']);
    expect((await call<BookDetail>('books:get', { bookId: detail.id })).lexiconVersion).toBe(2);

    // The same pronunciation again touches nothing; another one touches the same two; removing it too.
    const same = await call<{ stale: StaleReport }>('books:lexiconAdd', { bookId: detail.id, word: 'Müller', ipa: 'ˈmʏlɐ' });
    expect(same.stale).toEqual({ sentenceIds: [], staled: 0, lexiconVersions: [] });
    const other = await call<{ stale: StaleReport }>('books:lexiconAdd', { bookId: detail.id, word: 'MÜLLER', respelling: 'Miller' });
    expect(other.stale.sentenceIds).toEqual([sentences[1]!.id, sentences[3]!.id]);
    expect(other.stale.staled).toBe(0); // already stale
    expect(await call<LexiconEntry[]>('books:lexiconList', { bookId: detail.id })).toMatchObject([{ word: 'MÜLLER', respelling: 'Miller', ipa: null }]);
    const removed = await call<StaleReport>('books:lexiconRemove', { bookId: detail.id, word: 'müller' });
    expect(removed).toMatchObject({ sentenceIds: [sentences[1]!.id, sentences[3]!.id], lexiconVersions: [{ bookId: detail.id, lexiconVersion: 4 }] });
    expect(await h.backend.invoke('books:lexiconRemove', { bookId: detail.id, word: 'müller' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('an English word: whole word, any case; its longer relatives and the same letters inside other words are left alone', async () => {
    const { detail, sentences } = await book('en.txt', 'Chapter 1\n\nI read it. Reading is fun. She READ aloud. Fresh bread. A well-read man.\n', 'en-US');
    renderAll(sentences);
    const r = await call<{ stale: StaleReport }>('books:lexiconAdd', { bookId: detail.id, word: 'read', respelling: 'red' });
    expect(r.stale).toMatchObject({ sentenceIds: [sentences[1]!.id, sentences[3]!.id], staled: 2 });
    const hyphen = await call<{ stale: StaleReport }>('books:lexiconAdd', { bookId: detail.id, word: 'well-read', respelling: 'well red' });
    expect(hyphen.stale.sentenceIds).toEqual([sentences[5]!.id]);
  });

  it('a hyphenated word is its own entry; new sentences are reported but stay new', async () => {
    const { detail, sentences } = await book('h.txt', TEXT);
    const r = await call<{ stale: StaleReport }>('books:lexiconAdd', { bookId: detail.id, word: 'Müller-Lüdenscheidt', respelling: 'Miller Luedenscheid' });
    expect(r.stale).toMatchObject({ sentenceIds: [sentences[6]!.id], staled: 0 });
    expect((await states(detail.chapters[0]!.id)).every(([, st]) => st === 'new')).toBe(true);
  });

  it('a workspace entry reaches every book, except one whose own entry for the word wins', async () => {
    const a = await book('a.txt', TEXT);
    const b = await book('b.txt', TEXT);
    renderAll([...a.sentences, ...b.sentences]);
    await call('books:lexiconAdd', { bookId: b.detail.id, word: 'Müller', ipa: 'ˈmʏlɐ' });
    const ws = await call<{ entry: LexiconEntry; stale: StaleReport }>('books:lexiconAdd', { bookId: null, word: 'müller', respelling: 'Mueller' });
    expect(ws.entry.bookId).toBeNull();
    expect(ws.stale).toMatchObject({ sentenceIds: [a.sentences[1]!.id, a.sentences[3]!.id], staled: 2, lexiconVersions: [{ bookId: a.detail.id, lexiconVersion: 2 }] });
    // Book b still reads its own entry: nothing of it changed by the workspace entry.
    expect((await states(b.detail.chapters[0]!.id)).filter(([, st]) => st === 'stale')).toHaveLength(2); // from its own entry, before
    expect(await call<LexiconEntry[]>('books:lexiconList', { bookId: null })).toMatchObject([{ word: 'müller', respelling: 'Mueller' }]);
  });

  it('refuses an entry with both or neither pronunciation, a word with spaces, and an unknown book', async () => {
    expect(await h.backend.invoke('books:lexiconAdd', { bookId: null, word: 'x', ipa: 'a', respelling: 'b' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/exactly one of ipa and respelling/) } });
    expect(await h.backend.invoke('books:lexiconAdd', { bookId: null, word: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.backend.invoke('books:lexiconAdd', { bookId: null, word: 'two words', ipa: 'a' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/single token/) } });
    expect(await h.backend.invoke('books:lexiconAdd', { bookId: 77, word: 'x', ipa: 'a' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/no book 77/) } });
  });
});

describe('G2P suggestions', () => {
  it('gives the IPA espeak-ng reads for a word, in English and German', async () => {
    expect(await call('books:lexiconSuggest', { word: 'tomato', language: 'en-US' })).toEqual({ word: 'tomato', ipa: expect.stringMatching(/^tə.*m.*eɪ[tɾ]oʊ$/u) });
    const de = await call<{ ipa: string }>('books:lexiconSuggest', { word: 'Straße', language: 'de-DE' });
    expect(de.ipa).toMatch(/^ʃt[ʁrɾ]ˈ?ɑːs/u);
  });
});

describe('PLS files', () => {
  it('round-trip: exported entries import into another scope unchanged', async () => {
    const { detail } = await book('p.txt', TEXT);
    await call('books:lexiconAdd', { bookId: detail.id, word: 'Müller', ipa: 'ˈmʏlɐ' });
    await call('books:lexiconAdd', { bookId: detail.id, word: 'Nguyen&Co', respelling: 'win <and> co' });
    const file = join(h.root, 'out.pls');
    expect(await call('books:lexiconExport', { bookId: detail.id, path: file })).toEqual({ path: file, entries: 2 });
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="de-DE">');
    expect(xml).toContain('<grapheme>Nguyen&amp;Co</grapheme>');
    const r = await call<{ added: number; replaced: number; warnings: string[] }>('books:lexiconImport', { bookId: null, path: file });
    expect(r).toMatchObject({ added: 2, replaced: 0, warnings: [] });
    const strip = (l: LexiconEntry[]): unknown[] => l.map(({ word, ipa, respelling }) => ({ word, ipa, respelling }));
    expect(strip(await call('books:lexiconList', { bookId: null }))).toEqual(strip(await call('books:lexiconList', { bookId: detail.id })));
  });

  it('reads graphemes, preferred phonemes and aliases, and warns about what it cannot use', async () => {
    const file = join(h.root, 'in.pls');
    writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>tomato</grapheme><grapheme>Tomato</grapheme><phoneme>təˈmeɪtoʊ</phoneme><phoneme prefer="true">təˈmɑːtəʊ</phoneme></lexeme>
  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>
  <lexeme><grapheme>sampa</grapheme><phoneme alphabet="x-sampa">s{mp@</phoneme></lexeme>
  <lexeme><grapheme>New York</grapheme><alias>Noo York</alias></lexeme>
</lexicon>`);
    const r = await call<{ added: number; replaced: number; warnings: string[] }>('books:lexiconImport', { bookId: null, path: file });
    expect(r.added).toBe(2); // tomato and Tomato are one word
    expect(r.replaced).toBe(1);
    expect(r.warnings).toEqual([expect.stringMatching(/"sampa".*x-sampa/), expect.stringMatching(/"New York" is several words/)]);
    expect((await call<LexiconEntry[]>('books:lexiconList', { bookId: null })).map((e) => [e.word, e.ipa ?? e.respelling]))
      .toEqual([['Tomato', 'təˈmɑːtəʊ'], ['W3C', 'World Wide Web Consortium']]);
  });

  it('refuses malformed XML and XML that is not PLS, saying what it found', async () => {
    const bad = join(h.root, 'bad.pls');
    writeFileSync(bad, '<lexicon><lexeme><grapheme>a</lexeme></lexicon>');
    expect(await h.backend.invoke('books:lexiconImport', { bookId: null, path: bad })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/bad\.pls is not well-formed XML/) } });
    const svg = join(h.root, 'pic.pls');
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(await h.backend.invoke('books:lexiconImport', { bookId: null, path: svg })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not a PLS lexicon \(its root is <svg>/) } });
  });
});
