// The books repository as the render queue uses it: what to render, takes recorded and chosen atomically, the cache, staleness.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type WritableDb } from './database';
import * as repo from './books.repo';
import { makeTempDir } from '../testing/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let db: WritableDb;
beforeEach(() => {
  tmp = makeTempDir();
  db = openDatabase(join(tmp.path, 'studio.sqlite'));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

function book(): { bookId: number; chapterId: number; ids: number[] } {
  const bookId = repo.insertBook(db, { title: 'B', author: '', language: 'en-US', sourcePath: '/x.txt', sourceKind: 'text', importReport: [] }, [
    { title: 'One', kind: 'chapter', included: true, sourceRef: 'lines 1–3', paragraphs: [[{ text: 'A.', pauseAfterMs: 400 }, { text: 'B.', pauseAfterMs: 900 }], [{ text: 'C.', pauseAfterMs: 900 }]] },
  ]);
  const chapterId = repo.getBook(db, bookId)!.chapters[0]!.id;
  return { bookId, chapterId, ids: repo.sentencesToRender(db, chapterId).map((s) => s.id) };
}

const take = (sentenceId: number, text: string, cacheKey: string): repo.NewTake => ({
  sentenceId, path: `books/1/${cacheKey}.wav`, text, seed: 7, voiceId: null, vocoder: 'hifigan', lexiconVersion: 1, cacheKey,
  sampleRate: 22050, seconds: 0.8, slipReport: { words: [] },
});

describe('the render side of the books repository', () => {
  it('lists new and stale sentences in reading order; a recorded take is chosen and the sentence rendered in one step', () => {
    const { bookId, chapterId, ids } = book();
    expect(repo.sentencesToRender(db, chapterId).map((s) => [s.text, s.state])).toEqual([['A.', 'new'], ['B.', 'new'], ['C.', 'new']]);
    const r = repo.recordTake(db, take(ids[1]!, 'B.', 'kb'));
    expect(r).toMatchObject({ chosen: true, take: { sentenceId: ids[1], cacheKey: 'kb', slipReport: { words: [] } } });
    expect(repo.getSentence(db, ids[1]!)).toMatchObject({ state: 'rendered', chosenTakeId: r.take.id });
    expect(repo.sentencesToRender(db, chapterId).map((s) => s.text)).toEqual(['A.', 'C.']);
    expect(repo.findCachedTake(db, 'kb')?.id).toBe(r.take.id);
    expect(repo.findCachedTake(db, 'nope')).toBeNull();

    expect(repo.markStale(db, [ids[0]!, ids[1]!])).toBe(1); // the new one stays new
    expect(repo.sentencesToRender(db, chapterId).map((s) => [s.text, s.state])).toEqual([['A.', 'new'], ['B.', 'stale'], ['C.', 'new']]);
    expect(repo.renderContext(db, bookId)).toEqual({ bookId, language: 'en-US', lexiconVersion: 1, voiceId: null, vocoder: null });
  });

  it('a second take can be chosen instead, but not a take of another sentence', () => {
    const { ids } = book();
    const first = repo.recordTake(db, take(ids[0]!, 'A.', 'k1')).take;
    const second = repo.recordTake(db, take(ids[0]!, 'A.', 'k2'), false).take;
    expect(repo.getSentence(db, ids[0]!)!.chosenTakeId).toBe(first.id);
    expect(repo.chooseTake(db, ids[0]!, second.id)).toBe(true);
    expect(repo.getSentence(db, ids[0]!)!.chosenTakeId).toBe(second.id);
    expect(repo.chooseTake(db, ids[1]!, second.id)).toBe(false);
    expect(repo.getSentence(db, ids[0]!)!.takes.map((t) => t.id)).toEqual([first.id, second.id]);
  });

  it('stores a whole book or nothing: a failing sentence rolls the book back', () => {
    expect(() => repo.insertBook(db, { title: 'Bad', author: '', language: 'en-US', sourcePath: '', sourceKind: 'text', importReport: [] },
      [{ title: 'X', kind: 'chapter', included: true, sourceRef: '', paragraphs: [[{ text: 'ok', pauseAfterMs: -1 }]] }])).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) AS n FROM books').get()).toEqual({ n: 0 });
  });
});
