// The chapter editor's backend: a 3,000-sentence chapter, edits that touch one sentence, pauses, voice overrides, flags, find/replace, delete.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BookDetail, ChapterPage, Sentence, SentenceFlag } from '../../shared/domains/books';
import { openDatabase, type WritableDb } from '../db/database';
import { recordTake } from '../db/book-render.repo';
import { insertVoice } from '../db/voices.repo';
import { ok, openHarness, type Harness } from '../testing/backend-harness';

let h: Harness;
let db: WritableDb;
beforeEach(async () => {
  h = await openHarness();
  // A second connection, as the render queue's writes would come: the same studio.sqlite.
  db = openDatabase(join(h.workspace, 'studio.sqlite'));
});
afterEach(async () => {
  db.close();
  await h.close();
});

const call = async <T>(name: string, input: unknown): Promise<T> => ok<T>(await h.backend.invoke(name, input));

async function importText(name: string, text: string): Promise<BookDetail> {
  const path = join(h.root, name);
  writeFileSync(path, text);
  const { bookId } = await call<{ bookId: number }>('books:import', { path });
  return call<BookDetail>('books:get', { bookId });
}

const sentencesOf = (page: ChapterPage): Sentence[] => page.paragraphs.flatMap((p) => p.sentences);

/** Renders a sentence as the render queue would: a take row, chosen, the sentence rendered. */
function render(s: Sentence, seconds = 1.5): number {
  const rel = `books/test/s${s.id}-${Date.now()}.wav`;
  mkdirSync(join(h.workspace, 'books', 'test'), { recursive: true });
  writeFileSync(join(h.workspace, rel), 'RIFF');
  return recordTake(db, { sentenceId: s.id, path: rel, text: s.text, seed: 1, voiceId: null, vocoder: 'hifigan', lexiconVersion: 1,
    cacheKey: `k${s.id}`, sampleRate: 22050, seconds, slipReport: null }, [], true)!;
}

describe('a chapter of 3,000 sentences', () => {
  it('comes back whole or in pages, quickly, with takes and flags', async () => {
    const paragraphs = Array.from({ length: 600 }, (_, p) => Array.from({ length: 5 }, (_, s) => `Sentence ${s + 1} of paragraph ${p + 1} is here.`).join(' '));
    const book = await importText('long.txt', `Chapter 1\n\n${paragraphs.join('\n\n')}\n`);
    const chapterId = book.chapters[0]!.id;
    expect(book.chapters[0]!.sentences).toBe(3001);
    const first = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId, limit: 10 }));
    render(first[3]!);
    await call('books:flag', { sentenceId: first[3]!.id, kind: 'noise', chars: { start: 0, end: 8 }, note: 'a click' });

    const t0 = performance.now();
    const whole = await call<ChapterPage>('books:chapter', { chapterId });
    const ms = performance.now() - t0;
    console.log(`books:chapter with 3,001 sentences: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1500);
    expect(whole.total).toBe(3001);
    expect(whole.paragraphs).toHaveLength(601);
    const all = sentencesOf(whole);
    expect(all.map((s) => s.position)).toEqual(all.map((_, i) => i));
    expect(all[3]).toMatchObject({ state: 'rendered', takes: [{ vocoder: 'hifigan', seconds: 1.5 }], flags: [{ kind: 'noise', source: 'producer', note: 'a click' }] });

    const page = await call<ChapterPage>('books:chapter', { chapterId, offset: 2998, limit: 100 });
    expect(page).toMatchObject({ total: 3001, offset: 2998 });
    expect(sentencesOf(page).map((s) => s.text)).toEqual(['Sentence 3 of paragraph 600 is here.', 'Sentence 4 of paragraph 600 is here.', 'Sentence 5 of paragraph 600 is here.']);
  });
});

describe('editing one sentence', () => {
  it('changes only its text and makes it stale; every other sentence keeps its id, text and state', async () => {
    const book = await importText('short.txt', 'Chapter 1\n\nOne fish. Two fish. Red fish.\n\nBlue fish.\n');
    const chapterId = book.chapters[0]!.id;
    const before = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId }));
    for (const s of before) render(s);
    const target = before[2]!;
    const edited = await call<Sentence>('books:editSentence', { sentenceId: target.id, text: '  Two   small fish. ' });
    expect(edited).toMatchObject({ id: target.id, text: 'Two small fish.', state: 'stale', chosenTakeId: target.takes[0]?.id ?? expect.any(Number) });
    const after = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId }));
    expect(after.map((s) => [s.id, s.state])).toEqual(before.map((s) => [s.id, s.id === target.id ? 'stale' : 'rendered']));
    expect(after.map((s) => s.text)).toEqual(['Chapter 1', 'One fish.', 'Two small fish.', 'Red fish.', 'Blue fish.']);
    // The same text again changes nothing; no words is refused.
    expect(await call<Sentence>('books:editSentence', { sentenceId: before[1]!.id, text: 'One fish.' })).toMatchObject({ state: 'rendered' });
    expect(await h.backend.invoke('books:editSentence', { sentenceId: before[1]!.id, text: '...' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/at least one word/) } });
    expect(await h.backend.invoke('books:editSentence', { sentenceId: 999_999, text: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('keeps a take rendered from the old text from marking the edited sentence rendered', async () => {
    const book = await importText('race.txt', 'Chapter 1\n\nThe old words.\n');
    const s = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id }))[1]!;
    await call('books:editSentence', { sentenceId: s.id, text: 'The new words.' });
    // A render that began before the edit finishes after it.
    expect(recordTake(db, { sentenceId: s.id, path: 'books/x.wav', text: 'The old words.', seed: 1, voiceId: null, vocoder: 'v', lexiconVersion: 1, cacheKey: 'old', sampleRate: 22050, seconds: 1, slipReport: null }, [], true)).not.toBeNull();
    expect(await call<Sentence>('books:setPause', { sentenceId: s.id, pauseAfterMs: 1500 })).toMatchObject({ state: 'new', chosenTakeId: null, pauseAfterMs: 1500, takes: [{ text: 'The old words.' }] });
  });
});

describe('pauses, voice overrides and flags', () => {
  it('a pause keeps the take; another voice or vocoder makes the sentence stale, the same one does not', async () => {
    const book = await importText('v.txt', 'Chapter 1\n\nHello there.\n');
    const s = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id }))[1]!;
    render(s);
    expect(await call<Sentence>('books:setPause', { sentenceId: s.id, pauseAfterMs: 2000 })).toMatchObject({ pauseAfterMs: 2000, state: 'rendered' });
    const voiceId = insertVoice(db, 'Narrator', 'en-US', 'voices/narrator');
    expect(await call<Sentence>('books:setSentenceVoice', { sentenceId: s.id, voiceId: null, vocoder: null })).toMatchObject({ state: 'rendered' });
    expect(await call<Sentence>('books:setSentenceVoice', { sentenceId: s.id, voiceId, vocoder: 'hifigan-v1' })).toMatchObject({ voiceId, vocoder: 'hifigan-v1', state: 'stale' });
    expect(await h.backend.invoke('books:setSentenceVoice', { sentenceId: s.id, voiceId: 4242, vocoder: null })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/no voice 4242/) } });
    expect(await h.backend.invoke('books:setPause', { sentenceId: s.id, pauseAfterMs: -5 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('flags a word range or a time range of a take with a note, refuses ranges outside them, and unflags', async () => {
    const book = await importText('f.txt', 'Chapter 1\n\nThe quick brown fox.\n');
    const s = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id }))[1]!;
    const takeId = render(s, 2);
    const word = await call<SentenceFlag>('books:flag', { sentenceId: s.id, kind: 'mispronounced', chars: { start: 4, end: 9 }, note: 'quick sounds like quack' });
    expect(word).toMatchObject({ source: 'producer', kind: 'mispronounced', chars: { start: 4, end: 9 }, time: null, takeId: null });
    const region = await call<SentenceFlag>('books:flag', { sentenceId: s.id, takeId, kind: 'noise', time: { start: 0.5, end: 0.8 } });
    expect(region).toMatchObject({ takeId, time: { start: 0.5, end: 0.8 }, note: '' });
    expect(await h.backend.invoke('books:flag', { sentenceId: s.id, kind: 'skipped', chars: { start: 10, end: 99 } })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/runs past the sentence's 20 characters/) } });
    expect(await h.backend.invoke('books:flag', { sentenceId: s.id, takeId, kind: 'noise', time: { start: 3, end: 4 } })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/after the take's end/) } });
    expect(await h.backend.invoke('books:flag', { sentenceId: s.id, kind: 'noise', time: { start: 0.1, end: 0.2 } })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/needs the take/) } });
    expect(await h.backend.invoke('books:flag', { sentenceId: s.id, kind: 'noise', chars: { start: 5, end: 5 } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await call('books:unflag', { flagId: word.id });
    const page = await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id });
    expect(sentencesOf(page)[1]!.flags.map((f) => f.id)).toEqual([region.id]);
    expect(await h.backend.invoke('books:unflag', { flagId: word.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('find and replace across a book', () => {
  it('previews exactly the sentences it touches, then edits only those and stales the rendered ones', async () => {
    const book = await importText('fr.txt', [
      'Chapter 1', '', 'Colour is everything. The colours faded.', '', 'COLOUR me surprised. Discolour nothing.', '',
      'Chapter 2', '', 'A colourful day. Colour again.', '',
    ].join('\n'));
    for (const c of book.chapters) for (const s of sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: c.id }))) render(s);
    type FR = { matches: { sentenceId: number; before: string; after: string; count: number }[]; applied: boolean; staled: number };
    const pv = await call<FR>('books:findReplace', { bookId: book.id, find: 'colour', replace: 'color', wholeWord: true });
    expect(pv.applied).toBe(false);
    expect(pv.matches.map((m) => [m.before, m.after])).toEqual([
      ['Colour is everything.', 'color is everything.'], ['COLOUR me surprised.', 'color me surprised.'], ['Colour again.', 'color again.'],
    ]);
    const cased = await call<FR>('books:findReplace', { bookId: book.id, find: 'Colour', replace: 'Color', matchCase: true, wholeWord: false });
    expect(cased.matches.map((m) => m.after)).toEqual(['Color is everything.', 'Color again.']);
    // Nothing was changed by the previews.
    const c1 = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id }));
    expect(c1.every((s) => s.state === 'rendered')).toBe(true);

    const applied = await call<FR>('books:findReplace', { bookId: book.id, find: 'colour', replace: 'color', matchCase: false, wholeWord: false, preview: false });
    expect(applied).toMatchObject({ applied: true, staled: 6 });
    const all = [...sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id })), ...sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[1]!.id }))];
    expect(all.map((s) => [s.text, s.state])).toEqual([
      ['Chapter 1', 'rendered'], ['color is everything.', 'stale'], ['The colors faded.', 'stale'], ['color me surprised.', 'stale'], ['Discolor nothing.', 'stale'],
      ['Chapter 2', 'rendered'], ['A colorful day.', 'stale'], ['color again.', 'stale'],
    ]);
    expect(applied.matches).toHaveLength(6);
    // A replacement that would empty a sentence is refused whole.
    expect(await h.backend.invoke('books:findReplace', { bookId: book.id, find: 'color again.', replace: '', preview: false })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/without words/) } });
    // Non-ASCII text is matched without regard to case too (ü and Ü), across the whole book.
    const de = await importText('de.txt', 'Kapitel 1\n\nHerr MÜLLER kam. Frau Müller ging.\n');
    const umlaut = await call<FR>('books:findReplace', { bookId: de.id, find: 'müller', replace: 'Meier', wholeWord: true });
    expect(umlaut.matches.map((m) => m.after)).toEqual(['Herr Meier kam.', 'Frau Meier ging.']);
    // "$&" in the replacement is literal text.
    const dollar = await call<FR>('books:findReplace', { bookId: book.id, find: 'Chapter 2', replace: 'Part $&' });
    expect(dollar.matches[0]!.after).toBe('Part $&');
  });
});

describe('changing a book after import', () => {
  it('renames it, and a new language stales every rendered sentence; the same language stales none', async () => {
    const book = await importText('u.txt', 'Chapter 1\n\nOne. Two.\n');
    const sentences = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id }));
    for (const s of sentences.slice(1)) render(s);
    type Upd = { book: BookDetail; staled: number };
    expect(await call<Upd>('books:update', { bookId: book.id, title: 'Renamed', author: 'Someone', language: 'en-US' })).toMatchObject({ book: { title: 'Renamed', author: 'Someone' }, staled: 0 });
    const r = await call<Upd>('books:update', { bookId: book.id, language: 'de-DE' });
    expect(r).toMatchObject({ book: { language: 'de-DE', title: 'Renamed' }, staled: 2 });
    expect(sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id })).map((s) => s.state)).toEqual(['new', 'stale', 'stale']);
    expect(await h.backend.invoke('books:update', { bookId: book.id, language: 'fr-FR' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('keeps the voice and vocoder it renders with; a new voice starts from its own vocoder; an unknown voice is refused', async () => {
    const book = await importText('w.txt', 'Chapter 1\n\nOne.\n');
    type Upd = { book: BookDetail; staled: number };
    const a = insertVoice(db, 'A', 'en-US', 'voices/a');
    const b = insertVoice(db, 'B', 'en-US', 'voices/b');
    expect((await call<Upd>('books:update', { bookId: book.id, voiceId: a, vocoder: 'hifigan-v1' })).book).toMatchObject({ voiceId: a, vocoder: 'hifigan-v1' });
    expect((await call<Upd>('books:update', { bookId: book.id, title: 'Kept' })).book).toMatchObject({ voiceId: a, vocoder: 'hifigan-v1' });
    expect((await call<Upd>('books:update', { bookId: book.id, voiceId: b })).book).toMatchObject({ voiceId: b, vocoder: null });
    expect(await call<BookDetail>('books:get', { bookId: book.id })).toMatchObject({ voiceId: b, vocoder: null });
    expect(await h.backend.invoke('books:update', { bookId: book.id, voiceId: 4242 })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/no voice 4242/) } });
    expect((await call<Upd>('books:update', { bookId: book.id, voiceId: null })).book).toMatchObject({ voiceId: null });
  });
});

describe('deleting a book', () => {
  it('removes its rows, its take files and its folder', async () => {
    const book = await importText('d.txt', 'Chapter 1\n\nGoodbye.\n');
    const s = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id }))[1]!;
    render(s);
    const take = sentencesOf(await call<ChapterPage>('books:chapter', { chapterId: book.chapters[0]!.id }))[1]!.takes[0]!;
    expect(existsSync(join(h.workspace, take.path))).toBe(true);
    const exported = join(h.workspace, 'books', `book-${book.id}`, 'export', 'chapter-1.mp3');
    mkdirSync(join(exported, '..'), { recursive: true });
    writeFileSync(exported, 'ID3');
    // Not while a job works on it: a render still running would write into rows that are gone.
    const job = Number(db.prepare("INSERT INTO jobs(kind, title, state, params, created_at, updated_at) VALUES ('books:renderChapter', 'Render Chapter 1', 'running', ?, 't', 't')")
      .run(JSON.stringify({ bookId: book.id, chapterId: book.chapters[0]!.id })).lastInsertRowid);
    expect(await h.backend.invoke('books:delete', { bookId: book.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/while a job works on it \(#\d+ Render Chapter 1\)/) } });
    db.prepare("UPDATE jobs SET state = 'cancelled' WHERE id = ?").run(job);
    expect(await call('books:delete', { bookId: book.id })).toBeNull();
    expect(existsSync(join(h.workspace, take.path))).toBe(false);
    expect(existsSync(join(h.workspace, 'books', `book-${book.id}`))).toBe(false);
    expect(await call('books:list', {})).toEqual([]);
    expect(await h.backend.invoke('books:get', { bookId: book.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
