// The books repository's transactions as the render queue relies on them: staleness, and takes recorded and chosen atomically.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type WritableDb } from './database';
import * as repo from './books.repo';
import { chooseSentenceTake, listRenderSentences, recordTake, type NewTake } from './book-render.repo';
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

function book(): { chapterId: number; ids: number[] } {
  const bookId = repo.insertBook(db, { title: 'B', author: '', language: 'en-US', sourcePath: '/x.txt', sourceKind: 'text', importReport: [] }, [
    { title: 'One', kind: 'chapter', included: true, sourceRef: 'lines 1–3', paragraphs: [[{ text: 'A.', pauseAfterMs: 400 }, { text: 'B.', pauseAfterMs: 900 }], [{ text: 'C.', pauseAfterMs: 900 }]] },
  ]);
  const chapterId = repo.getBook(db, bookId)!.chapters[0]!.id;
  return { chapterId, ids: listRenderSentences(db, chapterId).map((s) => s.id) };
}

const take = (sentenceId: number, text: string, cacheKey: string): NewTake => ({
  sentenceId, path: `books/1/${cacheKey}.wav`, text, seed: 7, voiceId: null, vocoder: 'hifigan', lexiconVersion: 1, cacheKey,
  sampleRate: 22050, seconds: 0.8, slipReport: JSON.stringify({ words: [] }),
});
const states = (chapterId: number): [string, string][] => listRenderSentences(db, chapterId).map((s) => [s.text, s.state]);

describe('the books repository under the render queue', () => {
  it('a recorded take is chosen and its sentence rendered in one step; only rendered sentences go stale', () => {
    const { chapterId, ids } = book();
    expect(states(chapterId)).toEqual([['A.', 'new'], ['B.', 'new'], ['C.', 'new']]);
    const id = recordTake(db, take(ids[1]!, 'B.', 'kb'), [{ kind: 'skipped', charStart: 0, charEnd: 1, timeStart: 0.1, timeEnd: 0.2, note: '' }], true);
    expect(repo.getSentence(db, ids[1]!)).toMatchObject({ state: 'rendered', chosenTakeId: id, takes: [{ cacheKey: 'kb', slipReport: { words: [] } }] });
    expect(repo.markStale(db, [ids[0]!, ids[1]!])).toBe(1); // the new one stays new
    expect(states(chapterId)).toEqual([['A.', 'new'], ['B.', 'stale'], ['C.', 'new']]);
  });

  it('a take rendered from text the producer has since edited is kept but not chosen; a deleted sentence records nothing', () => {
    const { ids } = book();
    repo.setSentenceTexts(db, [{ id: ids[0]!, text: 'A, edited.' }]);
    const id = recordTake(db, take(ids[0]!, 'A.', 'k-old'), [], true);
    expect(id).not.toBeNull();
    expect(repo.getSentence(db, ids[0]!)).toMatchObject({ text: 'A, edited.', state: 'new', chosenTakeId: null, takes: [{ id }] });
    db.prepare('DELETE FROM sentences WHERE id = ?').run(ids[2]!);
    expect(recordTake(db, take(ids[2]!, 'C.', 'kc'), [], true)).toBeNull();
  });

  it('choosing another take: rendered when it reads the current text, stale when it reads older text', () => {
    const { ids } = book();
    const first = recordTake(db, take(ids[0]!, 'A.', 'k1'), [], true)!;
    const second = recordTake(db, take(ids[0]!, 'A.', 'k2'), [], false)!;
    expect(repo.getSentence(db, ids[0]!)!.chosenTakeId).toBe(first);
    chooseSentenceTake(db, ids[0]!, second);
    expect(repo.getSentence(db, ids[0]!)).toMatchObject({ chosenTakeId: second, state: 'rendered' });
    repo.setSentenceTexts(db, [{ id: ids[0]!, text: 'A again.' }]);
    chooseSentenceTake(db, ids[0]!, first);
    expect(repo.getSentence(db, ids[0]!)).toMatchObject({ chosenTakeId: first, state: 'stale' });
    expect(repo.getSentence(db, ids[0]!)!.takes.map((t) => t.id).sort()).toEqual([first, second].sort());
  });

  it('stores a whole book or nothing: a failing sentence rolls the book back', () => {
    expect(() => repo.insertBook(db, { title: 'Bad', author: '', language: 'en-US', sourcePath: '', sourceKind: 'text', importReport: [] },
      [{ title: 'X', kind: 'chapter', included: true, sourceRef: '', paragraphs: [[{ text: 'ok', pauseAfterMs: -1 }]] }])).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) AS n FROM books').get()).toEqual({ n: 0 });
  });
});
