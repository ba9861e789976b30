// The render queue's SQL over the books schema: what a render needs to read, takes recorded the moment they are written, the chosen take.
import type { ReadonlyDb, WritableDb } from './database';

export interface RenderBook { id: number; title: string; voiceId: number | null; vocoder: string | null; lexiconVersion: number }
export interface RenderChapter { id: number; bookId: number; title: string; position: number; included: boolean }
export type SentenceState = 'new' | 'stale' | 'rendered';
export interface RenderSentence {
  id: number;
  chapterId: number;
  position: number;
  text: string;
  voiceId: number | null;
  vocoder: string | null;
  state: SentenceState;
  chosenTakeId: number | null;
  chosenKey: string | null;
  chosenPath: string | null;
  chosenSeed: number | null;
}
export interface LexiconRow { wordKey: string; word: string; ipa: string | null; respelling: string | null; bookId: number | null }
export interface TakeRow {
  id: number;
  sentenceId: number;
  path: string;
  text: string;
  seed: number;
  voiceId: number | null;
  vocoder: string;
  lexiconVersion: number;
  cacheKey: string;
  sampleRate: number;
  seconds: number;
  slipReport: string | null;
  createdAt: string;
}
export interface NewTake {
  sentenceId: number;
  path: string;
  text: string;
  seed: number;
  voiceId: number | null;
  vocoder: string;
  lexiconVersion: number;
  cacheKey: string;
  sampleRate: number;
  seconds: number;
  slipReport: string | null;
}
export interface NewFlag { kind: string; charStart: number | null; charEnd: number | null; timeStart: number | null; timeEnd: number | null; note: string }

const now = (): string => new Date().toISOString();

export function getRenderBook(db: ReadonlyDb, bookId: number): RenderBook | null {
  return (db.prepare(`SELECT id, title, voice_id AS voiceId, vocoder, lexicon_version AS lexiconVersion FROM books WHERE id = ?`)
    .get(bookId) as RenderBook | undefined) ?? null;
}

type ChapterRow = Omit<RenderChapter, 'included'> & { included: number };
const chapterCols = 'id, book_id AS bookId, title, position, included';
const toChapter = (r: ChapterRow): RenderChapter => ({ ...r, included: r.included === 1 });

export function getRenderChapter(db: ReadonlyDb, chapterId: number): RenderChapter | null {
  const r = db.prepare(`SELECT ${chapterCols} FROM chapters WHERE id = ?`).get(chapterId) as ChapterRow | undefined;
  return r ? toChapter(r) : null;
}

export function listRenderChapters(db: ReadonlyDb, bookId: number): RenderChapter[] {
  return (db.prepare(`SELECT ${chapterCols} FROM chapters WHERE book_id = ? ORDER BY position`).all(bookId) as ChapterRow[]).map(toChapter);
}

const sentenceSelect = `SELECT s.id, s.chapter_id AS chapterId, s.position, s.text, s.voice_id AS voiceId, s.vocoder, s.state,
    s.chosen_take_id AS chosenTakeId, t.cache_key AS chosenKey, t.path AS chosenPath, t.seed AS chosenSeed
  FROM sentences s LEFT JOIN sentence_takes t ON t.id = s.chosen_take_id`;

/** The chapter's sentences in reading order, each with its chosen take's key. */
export function listRenderSentences(db: ReadonlyDb, chapterId: number): RenderSentence[] {
  return db.prepare(`${sentenceSelect} WHERE s.chapter_id = ? ORDER BY s.position`).all(chapterId) as RenderSentence[];
}

export function getRenderSentence(db: ReadonlyDb, sentenceId: number): (RenderSentence & { bookId: number }) | null {
  return (db.prepare(`SELECT x.*, c.book_id AS bookId FROM (${sentenceSelect} WHERE s.id = ?) x JOIN chapters c ON c.id = x.chapterId`)
    .get(sentenceId) as (RenderSentence & { bookId: number }) | undefined) ?? null;
}

/** The workspace lexicon and the book's; for a word in both, the book's entry wins. */
export function listRenderLexicon(db: ReadonlyDb, bookId: number): LexiconRow[] {
  const rows = db.prepare(`SELECT word_key AS wordKey, word, ipa, respelling, book_id AS bookId FROM lexicon_entries
    WHERE book_id IS NULL OR book_id = ? ORDER BY book_id IS NOT NULL`).all(bookId) as LexiconRow[];
  const byKey = new Map<string, LexiconRow>();
  for (const r of rows) byKey.set(r.wordKey, r);
  return [...byKey.values()];
}

const takeCols = `id, sentence_id AS sentenceId, path, text, seed, voice_id AS voiceId, vocoder, lexicon_version AS lexiconVersion,
  cache_key AS cacheKey, sample_rate AS sampleRate, seconds, slip_report AS slipReport, created_at AS createdAt`;

/** Takes with this cache key, the given sentence's own first. */
export function findTakesByKey(db: ReadonlyDb, cacheKey: string, preferSentence: number): TakeRow[] {
  return db.prepare(`SELECT ${takeCols} FROM sentence_takes WHERE cache_key = ? ORDER BY sentence_id != ?, id DESC LIMIT 8`)
    .all(cacheKey, preferSentence) as TakeRow[];
}

export function getTake(db: ReadonlyDb, takeId: number): TakeRow | null {
  return (db.prepare(`SELECT ${takeCols} FROM sentence_takes WHERE id = ?`).get(takeId) as TakeRow | undefined) ?? null;
}

export function listTakes(db: ReadonlyDb, sentenceId: number): TakeRow[] {
  return db.prepare(`SELECT ${takeCols} FROM sentence_takes WHERE sentence_id = ? ORDER BY id DESC`).all(sentenceId) as TakeRow[];
}

export function getSentenceState(db: ReadonlyDb, sentenceId: number): { state: SentenceState; chosenTakeId: number | null; text: string } | null {
  return (db.prepare('SELECT state, chosen_take_id AS chosenTakeId, text FROM sentences WHERE id = ?').get(sentenceId) as
    { state: SentenceState; chosenTakeId: number | null; text: string } | undefined) ?? null;
}

/** Makes `takeId` the sentence's take: rendered when it was made from the sentence's current text, else stale. */
export function chooseSentenceTake(db: WritableDb, sentenceId: number, takeId: number): void {
  db.prepare(`UPDATE sentences SET chosen_take_id = ?, updated_at = ?,
      state = CASE WHEN text = (SELECT text FROM sentence_takes WHERE id = ?) THEN 'rendered' ELSE 'stale' END
    WHERE id = ?`).run(takeId, now(), takeId, sentenceId);
}

/** Makes an existing take (current, or from the cache) the sentence's take, unless its text changed since the render planned it. */
export function setSentenceRendered(db: WritableDb, sentenceId: number, takeId: number, plannedText: string): void {
  db.prepare(`UPDATE sentences SET chosen_take_id = ?, state = 'rendered', updated_at = ? WHERE id = ? AND text = ?`).run(takeId, now(), sentenceId, plannedText);
}

/** Records a finished take and its slip flags in one transaction (optionally choosing it); null when the sentence was deleted meanwhile. */
export function recordTake(db: WritableDb, take: NewTake, flags: readonly NewFlag[], choose: boolean): number | null {
  return db.transaction((): number | null => {
    if (!db.prepare('SELECT 1 FROM sentences WHERE id = ?').get(take.sentenceId)) return null;
    const t = now();
    const takeId = Number(db.prepare(`INSERT INTO sentence_takes(sentence_id, path, text, seed, voice_id, vocoder, lexicon_version, cache_key,
        sample_rate, seconds, slip_report, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      take.sentenceId, take.path, take.text, take.seed, take.voiceId, take.vocoder, take.lexiconVersion, take.cacheKey,
      take.sampleRate, take.seconds, take.slipReport, t).lastInsertRowid);
    const flag = db.prepare(`INSERT INTO sentence_flags(sentence_id, take_id, source, kind, char_start, char_end, time_start, time_end, note, created_at)
      VALUES (?, ?, 'slip', ?, ?, ?, ?, ?, ?, ?)`);
    for (const f of flags) flag.run(take.sentenceId, takeId, f.kind, f.charStart, f.charEnd, f.timeStart, f.timeEnd, f.note, t);
    // Chosen only while the sentence still reads what was rendered: an edit during the render keeps it stale.
    if (choose) db.prepare(`UPDATE sentences SET chosen_take_id = ?, state = 'rendered', updated_at = ? WHERE id = ? AND text = ?`).run(takeId, t, take.sentenceId, take.text);
    return takeId;
  })();
}

/** A sentence with nothing a voice can say (only punctuation or symbols): rendered, with no take. */
export function markSentenceSilent(db: WritableDb, sentenceId: number, text: string): void {
  db.prepare(`UPDATE sentences SET chosen_take_id = NULL, state = 'rendered', updated_at = ? WHERE id = ? AND text = ?`).run(now(), sentenceId, text);
}

export interface ChapterCounts { chapterId: number; sentences: number; rendered: number; stale: number; fresh: number }

export function chapterCounts(db: ReadonlyDb, bookId: number): ChapterCounts[] {
  return db.prepare(`SELECT c.id AS chapterId, count(s.id) AS sentences,
      coalesce(sum(s.state = 'rendered'), 0) AS rendered, coalesce(sum(s.state = 'stale'), 0) AS stale, coalesce(sum(s.state = 'new'), 0) AS fresh
    FROM chapters c LEFT JOIN sentences s ON s.chapter_id = c.id WHERE c.book_id = ? GROUP BY c.id ORDER BY c.position`).all(bookId) as ChapterCounts[];
}
