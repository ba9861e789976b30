// The render calls through the real backend: an imported Markdown book rendered as one job with book-wide progress, a repeated sentence served by the cache, bad calls refused.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BookDetail } from '../../../shared/domains/books';
import type { RenderResult } from '../../../shared/domains/book-render';
import { ok, openHarness, type Harness } from '../../testing/backend-harness';
import { makeTempDir } from '../../testing/temp-dir';
import { closeEngineHost } from '../../synth/synthesis.service';
import { exportTinyVoice, noExporter } from '../../synth/testing-voice';

const BOOK = `# The First Chapter

The lamp was lit. A ship came in.

# The Second Chapter

The lamp was lit. Morning came slowly.
`;

describe.skipIf(noExporter !== null)('books render calls', () => {
  let voiceTmp: ReturnType<typeof makeTempDir>;
  let h: Harness;

  beforeAll(() => {
    voiceTmp = makeTempDir('voicewright-render-calls-');
    exportTinyVoice(join(voiceTmp.path, 'tiny'));
    writeFileSync(join(voiceTmp.path, 'book.md'), BOOK);
  }, 120_000);
  beforeEach(async () => { h = await openHarness(); });
  afterEach(async () => { await h.close(); });
  afterAll(async () => {
    await closeEngineHost();
    voiceTmp?.cleanup();
  });

  it('renders a whole book as one job: progress names the sentence, chapter and book position; a repeat comes from the cache', async () => {
    const voice = ok<{ id: number }>(await h.backend.invoke('voices:import', { path: join(voiceTmp.path, 'tiny') }));
    const { bookId } = ok<{ bookId: number }>(await h.backend.invoke('books:import', { path: join(voiceTmp.path, 'book.md') }));
    const book = ok<BookDetail>(await h.backend.invoke('books:get', { bookId }));
    expect(book.chapters.map((c) => c.title)).toEqual(['The First Chapter', 'The Second Chapter']);
    const progress: { step: string; current: number; total: number; etaSeconds: number | null }[] = [];
    const off = h.backend.onEvent((event, payload) => { if (event === 'jobs:progress') progress.push(payload as (typeof progress)[number]); });
    const { job } = ok<{ job: number }>(await h.backend.invoke('books:renderBook', { bookId, voiceId: voice.id, maxSteps: 40, batch: 4 }));
    // One render of a chapter at a time: the book job holds both.
    const busy = await h.backend.invoke('books:renderChapter', { bookId, chapterId: book.chapters[0]!.id, voiceId: voice.id });
    expect(busy).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already rendering/) } });
    const done = await h.settled(job);
    off();
    expect(done.state, done.error ?? '').toBe('succeeded');
    const r = done.result as RenderResult;
    const sentences = book.chapters.reduce((n, c) => n + c.sentences, 0);
    // "The lamp was lit." is in both chapters: rendered once, the second chapter's copy is the cache's.
    expect(r.chapters.reduce((n, c) => n + c.rendered, 0)).toBe(sentences - 1);
    expect(r.chapters[1]!.cached).toBe(1);
    expect(progress.at(-1)).toMatchObject({ current: sentences - 1, total: sentences - 1 });
    expect(progress.map((p) => p.step)).toContainEqual(expect.stringMatching(/^sentence \d+\/\d+ of The Second Chapter \(chapter 2\/2/));
    const status = ok<{ rendered: number; sentences: number; job: number | null }[]>(await h.backend.invoke('books:renderStatus', { bookId }));
    expect(status.map((c) => c.rendered)).toEqual(status.map((c) => c.sentences));
    expect(status.every((c) => c.job === null)).toBe(true);
    // The chapter view the editor shows sees the same takes.
    const page = ok<{ paragraphs: { sentences: { id: number; state: string; chosenTakeId: number | null }[] }[] }>(await h.backend.invoke('books:chapter', { chapterId: book.chapters[1]!.id }));
    const all = page.paragraphs.flatMap((p) => p.sentences);
    expect(all.every((s) => s.state === 'rendered' && s.chosenTakeId !== null)).toBe(true);
    const takes = ok<{ takes: { id: number }[]; chosenTakeId: number }>(await h.backend.invoke('books:takes', { sentenceId: all[0]!.id }));
    expect(takes.takes.map((t) => t.id)).toEqual([takes.chosenTakeId]);
  }, 120_000);

  it('refuses a render of a book or chapter that does not exist, and malformed input, with what was wrong', async () => {
    expect(await h.backend.invoke('books:renderBook', { bookId: 77 })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'There is no book 77' } });
    expect(await h.backend.invoke('books:renderChapter', { bookId: 1, chapterId: 2, batch: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.backend.invoke('books:takes', { sentenceId: 5 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.backend.invoke('books:regenerate', { sentenceId: 5 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

if (noExporter !== null) {
  describe('books render calls', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
