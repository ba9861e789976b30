// Books, chapters, paragraphs, sentences, takes and flags: the SQL of the audiobook studio (lexicon SQL is in lexicon.repo.ts).
import type {
  BookDetail, ChapterPage, ChapterSummary, ImportReportEntry, Sentence, SentenceFlag, SentenceTake,
} from '../../shared/domains/books';
import type { ReadonlyDb, WritableDb } from './database';

type ChapterKind = ChapterSummary['kind'];
type SentenceState = Sentence['state'];

export interface NewBook {
  title: string;
  author: string;
  language: string;
  sourcePath: string;
  sourceKind: BookDetail['sourceKind'];
  importReport: readonly ImportReportEntry[];
}

export interface NewChapter {
  title: string;
  kind: ChapterKind;
  included: boolean;
  sourceRef: string;
  /** Paragraphs, each a list of sentences with the pause after each. */
  paragraphs: readonly (readonly { text: string; pauseAfterMs: number }[])[];
}

const now = (): string => new Date().toISOString();

/** Stores a whole imported book in one transaction: it is there complete or not at all. */
export function insertBook(db: WritableDb, book: NewBook, chapters: readonly NewChapter[]): number {
  return db.transaction(() => {
    const t = now();
    const bookId = Number(db.prepare(`INSERT INTO books(title, author, language, source_path, source_kind, import_report, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(book.title, book.author, book.language, book.sourcePath, book.sourceKind,
      JSON.stringify(book.importReport), t, t).lastInsertRowid);
    const chapter = db.prepare('INSERT INTO chapters(book_id, position, title, kind, included, source_ref) VALUES (?, ?, ?, ?, ?, ?)');
    const paragraph = db.prepare('INSERT INTO paragraphs(chapter_id, position) VALUES (?, ?)');
    const sentence = db.prepare('INSERT INTO sentences(chapter_id, paragraph_id, position, text, pause_after_ms, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    chapters.forEach((c, ci) => {
      const chapterId = Number(chapter.run(bookId, ci, c.title, c.kind, c.included ? 1 : 0, c.sourceRef).lastInsertRowid);
      let position = 0;
      c.paragraphs.forEach((p, pi) => {
        const paragraphId = Number(paragraph.run(chapterId, pi).lastInsertRowid);
        for (const s of p) sentence.run(chapterId, paragraphId, position++, s.text, s.pauseAfterMs, t);
      });
    });
    return bookId;
  })();
}

export function deleteBook(db: WritableDb, bookId: number): boolean {
  return db.prepare('DELETE FROM books WHERE id = ?').run(bookId).changes > 0;
}

interface BookRow {
  id: number; title: string; author: string; language: string; source_path: string; source_kind: BookDetail['sourceKind'];
  lexicon_version: number; voice_id: number | null; vocoder: string | null; import_report: string; created_at: string;
}

// Words are counted as runs of non-space (what a reader calls words, close enough for progress).
const CHAPTER_SUMMARY = `SELECT c.id, c.book_id AS bookId, c.position, c.title, c.kind, c.included,
    count(s.id) AS sentences,
    coalesce(sum(s.state = 'rendered'), 0) AS rendered,
    coalesce(sum(s.state = 'stale'), 0) AS stale,
    coalesce(sum(length(trim(s.text)) - length(replace(trim(s.text), ' ', '')) + 1), 0) AS words
  FROM chapters c LEFT JOIN sentences s ON s.chapter_id = c.id`;

interface ChapterSummaryRow extends Omit<ChapterSummary, 'included'> { bookId: number; included: number }

function toSummary(r: ChapterSummaryRow): ChapterSummary & { bookId: number } {
  return { ...r, included: r.included === 1 };
}

export function chapterSummaries(db: ReadonlyDb, bookId: number): ChapterSummary[] {
  return (db.prepare(`${CHAPTER_SUMMARY} WHERE c.book_id = ? GROUP BY c.id ORDER BY c.position`).all(bookId) as ChapterSummaryRow[])
    .map((r) => { const { bookId: _b, ...rest } = toSummary(r); return rest; });
}

export function chapterSummary(db: ReadonlyDb, chapterId: number): (ChapterSummary & { bookId: number }) | null {
  const r = db.prepare(`${CHAPTER_SUMMARY} WHERE c.id = ? GROUP BY c.id`).get(chapterId) as ChapterSummaryRow | undefined;
  return r ? toSummary(r) : null;
}

export function getBook(db: ReadonlyDb, bookId: number): BookDetail | null {
  const r = db.prepare('SELECT * FROM books WHERE id = ?').get(bookId) as BookRow | undefined;
  if (!r) return null;
  return {
    id: r.id, title: r.title, author: r.author, language: r.language, sourcePath: r.source_path, sourceKind: r.source_kind,
    lexiconVersion: r.lexicon_version, voiceId: r.voice_id, vocoder: r.vocoder, chapters: chapterSummaries(db, bookId),
    importReport: JSON.parse(r.import_report) as ImportReportEntry[], createdAt: r.created_at,
  };
}

/** Title, author, language; a changed language stales every rendered sentence of the book. Returns how many. */
export function updateBook(db: WritableDb, bookId: number, patch: { title?: string; author?: string; language?: string }): number {
  return db.transaction(() => {
    const t = now();
    if (patch.title !== undefined) db.prepare('UPDATE books SET title = ?, updated_at = ? WHERE id = ?').run(patch.title, t, bookId);
    if (patch.author !== undefined) db.prepare('UPDATE books SET author = ?, updated_at = ? WHERE id = ?').run(patch.author, t, bookId);
    if (patch.language === undefined) return 0;
    db.prepare('UPDATE books SET language = ?, updated_at = ? WHERE id = ?').run(patch.language, t, bookId);
    return db.prepare(`UPDATE sentences SET state = 'stale', updated_at = ? WHERE state = 'rendered'
      AND chapter_id IN (SELECT id FROM chapters WHERE book_id = ?)`).run(t, bookId).changes;
  })();
}

export function bookIds(db: ReadonlyDb): number[] {
  return (db.prepare('SELECT id FROM books ORDER BY id').all() as { id: number }[]).map((r) => r.id);
}

export function setChapter(db: WritableDb, chapterId: number, patch: { title?: string; included?: boolean }): void {
  if (patch.title !== undefined) db.prepare('UPDATE chapters SET title = ? WHERE id = ?').run(patch.title, chapterId);
  if (patch.included !== undefined) db.prepare('UPDATE chapters SET included = ? WHERE id = ?').run(patch.included ? 1 : 0, chapterId);
}

// ---- sentences ------------------------------------------------------------------------------------------

interface SentenceRow {
  id: number; chapter_id: number; paragraph_id: number; position: number; text: string; pause_after_ms: number;
  voice_id: number | null; vocoder: string | null; state: SentenceState; chosen_take_id: number | null;
}
interface TakeRow {
  id: number; sentence_id: number; path: string; text: string; seed: number; voice_id: number | null; vocoder: string;
  lexicon_version: number; cache_key: string; sample_rate: number; seconds: number; slip_report: string | null; created_at: string;
}
interface FlagRow {
  id: number; sentence_id: number; take_id: number | null; source: SentenceFlag['source']; kind: SentenceFlag['kind'];
  char_start: number | null; char_end: number | null; time_start: number | null; time_end: number | null; note: string; created_at: string;
}

function toTake(r: TakeRow): SentenceTake {
  return {
    id: r.id, sentenceId: r.sentence_id, path: r.path, text: r.text, seed: r.seed, voiceId: r.voice_id, vocoder: r.vocoder,
    lexiconVersion: r.lexicon_version, cacheKey: r.cache_key, sampleRate: r.sample_rate, seconds: r.seconds,
    slipReport: r.slip_report === null ? null : JSON.parse(r.slip_report) as unknown, createdAt: r.created_at,
  };
}

function toFlag(r: FlagRow): SentenceFlag {
  return {
    id: r.id, sentenceId: r.sentence_id, takeId: r.take_id, source: r.source, kind: r.kind,
    chars: r.char_start !== null && r.char_end !== null ? { start: r.char_start, end: r.char_end } : null,
    time: r.time_start !== null && r.time_end !== null ? { start: r.time_start, end: r.time_end } : null,
    note: r.note, createdAt: r.created_at,
  };
}

function toSentence(r: SentenceRow, takes: SentenceTake[], flags: SentenceFlag[]): Sentence {
  return {
    id: r.id, chapterId: r.chapter_id, paragraphId: r.paragraph_id, position: r.position, text: r.text, pauseAfterMs: r.pause_after_ms,
    voiceId: r.voice_id, vocoder: r.vocoder, state: r.state, chosenTakeId: r.chosen_take_id, takes, flags,
  };
}

function groupBy<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r); else m.set(k, [r]);
  }
  return m;
}

/** One page of a chapter: three queries whatever its length (sentences, their takes, their flags). */
export function chapterPage(db: ReadonlyDb, chapterId: number, offset: number, limit: number): ChapterPage | null {
  const chapter = chapterSummary(db, chapterId);
  if (!chapter) return null;
  const rows = db.prepare('SELECT * FROM sentences WHERE chapter_id = ? ORDER BY position LIMIT ? OFFSET ?').all(chapterId, limit, offset) as SentenceRow[];
  const first = rows[0]?.position ?? 0;
  const last = rows[rows.length - 1]?.position ?? -1;
  const inPage = `SELECT id FROM sentences WHERE chapter_id = ? AND position BETWEEN ? AND ?`;
  const takes = groupBy((db.prepare(`SELECT * FROM sentence_takes WHERE sentence_id IN (${inPage}) ORDER BY id`).all(chapterId, first, last) as TakeRow[]).map(toTake), (t) => t.sentenceId);
  const flags = groupBy((db.prepare(`SELECT * FROM sentence_flags WHERE sentence_id IN (${inPage}) ORDER BY id`).all(chapterId, first, last) as FlagRow[]).map(toFlag), (f) => f.sentenceId);
  const positions = new Map((db.prepare('SELECT id, position FROM paragraphs WHERE chapter_id = ?').all(chapterId) as { id: number; position: number }[]).map((p) => [p.id, p.position]));
  const paragraphs: ChapterPage['paragraphs'] = [];
  for (const r of rows) {
    let p = paragraphs[paragraphs.length - 1];
    if (!p || p.id !== r.paragraph_id) {
      p = { id: r.paragraph_id, position: positions.get(r.paragraph_id) ?? 0, sentences: [] };
      paragraphs.push(p);
    }
    p.sentences.push(toSentence(r, takes.get(r.id) ?? [], flags.get(r.id) ?? []));
  }
  return { chapter, total: chapter.sentences, offset, paragraphs };
}

export function getSentence(db: ReadonlyDb, sentenceId: number): Sentence | null {
  const r = db.prepare('SELECT * FROM sentences WHERE id = ?').get(sentenceId) as SentenceRow | undefined;
  if (!r) return null;
  const takes = (db.prepare('SELECT * FROM sentence_takes WHERE sentence_id = ? ORDER BY id').all(sentenceId) as TakeRow[]).map(toTake);
  const flags = (db.prepare('SELECT * FROM sentence_flags WHERE sentence_id = ? ORDER BY id').all(sentenceId) as FlagRow[]).map(toFlag);
  return toSentence(r, takes, flags);
}

/** The book a sentence belongs to (for its language and lexicon), or null when there is no such sentence. */
export function sentenceBook(db: ReadonlyDb, sentenceId: number): { bookId: number; chapterId: number } | null {
  return (db.prepare('SELECT c.book_id AS bookId, c.id AS chapterId FROM sentences s JOIN chapters c ON c.id = s.chapter_id WHERE s.id = ?')
    .get(sentenceId) as { bookId: number; chapterId: number } | undefined) ?? null;
}

/**
 * Every sentence of a book in reading order, text only: what lexicon changes and find/replace scan. `containing`:
 * only sentences with one of these fragments (ASCII case-insensitively with SQLite's LIKE, or exactly), a cheap first cut.
 */
export function bookSentenceTexts(
  db: ReadonlyDb, bookId: number, containing?: readonly string[], caseSensitive = false,
): { id: number; chapterId: number; text: string; state: SentenceState }[] {
  const test = caseSensitive ? 'instr(s.text, ?) > 0' : "s.text LIKE ? ESCAPE '\\'";
  const like = containing && containing.length > 0 ? ` AND (${containing.map(() => test).join(' OR ')})` : '';
  const args = (containing ?? []).map((f) => (caseSensitive ? f : `%${f.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`));
  return db.prepare(`SELECT s.id, s.chapter_id AS chapterId, s.text, s.state FROM sentences s JOIN chapters c ON c.id = s.chapter_id
    WHERE c.book_id = ?${like} ORDER BY c.position, s.position`).all(bookId, ...args) as { id: number; chapterId: number; text: string; state: SentenceState }[];
}

const STALE = "UPDATE sentences SET state = 'stale', updated_at = ? WHERE id = ? AND state = 'rendered'";

/** New texts for sentences, all in one transaction; a rendered sentence whose text changed becomes stale. Returns how many did. */
export function setSentenceTexts(db: WritableDb, edits: readonly { id: number; text: string }[]): number {
  return db.transaction(() => {
    const t = now();
    const update = db.prepare('UPDATE sentences SET text = ?, updated_at = ? WHERE id = ? AND text != ?');
    const stale = db.prepare(STALE);
    let staled = 0;
    for (const e of edits) {
      if (update.run(e.text, t, e.id, e.text).changes > 0) staled += stale.run(t, e.id).changes;
    }
    return staled;
  })();
}

/** Rendered sentences among `ids` become stale (new ones stay new); returns how many changed. */
export function markStale(db: WritableDb, ids: readonly number[]): number {
  return db.transaction(() => {
    const t = now();
    const stale = db.prepare(STALE);
    let n = 0;
    for (const id of ids) n += stale.run(t, id).changes;
    return n;
  })();
}

export function setPause(db: WritableDb, sentenceId: number, pauseAfterMs: number): void {
  db.prepare('UPDATE sentences SET pause_after_ms = ?, updated_at = ? WHERE id = ?').run(pauseAfterMs, now(), sentenceId);
}

/** A different voice or vocoder makes a rendered sentence stale; the same ones change nothing. */
export function setSentenceVoice(db: WritableDb, sentenceId: number, voiceId: number | null, vocoder: string | null): void {
  db.transaction(() => {
    const t = now();
    const changed = db.prepare('UPDATE sentences SET voice_id = ?, vocoder = ?, updated_at = ? WHERE id = ? AND (voice_id IS NOT ? OR vocoder IS NOT ?)')
      .run(voiceId, vocoder, t, sentenceId, voiceId, vocoder).changes;
    if (changed > 0) db.prepare(STALE).run(t, sentenceId);
  })();
}

export function voiceExists(db: ReadonlyDb, voiceId: number): boolean {
  return db.prepare('SELECT 1 FROM voices WHERE id = ?').get(voiceId) !== undefined;
}

// ---- flags ----------------------------------------------------------------------------------------------

export interface NewFlag {
  sentenceId: number; takeId: number | null; source: SentenceFlag['source']; kind: SentenceFlag['kind'];
  chars: { start: number; end: number } | null; time: { start: number; end: number } | null; note: string;
}

export function insertFlag(db: WritableDb, f: NewFlag): SentenceFlag {
  const id = Number(db.prepare(`INSERT INTO sentence_flags(sentence_id, take_id, source, kind, char_start, char_end, time_start, time_end, note, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(f.sentenceId, f.takeId, f.source, f.kind, f.chars?.start ?? null, f.chars?.end ?? null,
    f.time?.start ?? null, f.time?.end ?? null, f.note, now()).lastInsertRowid);
  return toFlag(db.prepare('SELECT * FROM sentence_flags WHERE id = ?').get(id) as FlagRow);
}

export function deleteFlag(db: WritableDb, flagId: number): boolean {
  return db.prepare('DELETE FROM sentence_flags WHERE id = ?').run(flagId).changes > 0;
}

export function takeOfSentence(db: ReadonlyDb, takeId: number, sentenceId: number): SentenceTake | null {
  const r = db.prepare('SELECT * FROM sentence_takes WHERE id = ? AND sentence_id = ?').get(takeId, sentenceId) as TakeRow | undefined;
  return r ? toTake(r) : null;
}

// ---- what the render queue shares with the books service (its own SQL is in book-render.repo.ts) ----------------

export function setBookVoice(db: WritableDb, bookId: number, voiceId: number | null, vocoder: string | null): void {
  db.prepare('UPDATE books SET voice_id = ?, vocoder = ?, updated_at = ? WHERE id = ?').run(voiceId, vocoder, now(), bookId);
}

/** The take files of a book that no take of another book shares (the render cache may reuse a file). */
export function bookOnlyTakePaths(db: ReadonlyDb, bookId: number): string[] {
  return (db.prepare(`SELECT DISTINCT t.path FROM sentence_takes t JOIN sentences s ON s.id = t.sentence_id JOIN chapters c ON c.id = s.chapter_id
    WHERE c.book_id = ? AND NOT EXISTS (
      SELECT 1 FROM sentence_takes o JOIN sentences os ON os.id = o.sentence_id JOIN chapters oc ON oc.id = os.chapter_id
      WHERE o.path = t.path AND oc.book_id != ?)`).all(bookId, bookId) as { path: string }[]).map((r) => r.path);
}

/** Render, preview or export jobs still queued or running on the book (their params name it, a chapter or a sentence of it). */
export function activeBookJobs(db: ReadonlyDb, bookId: number): { id: number; title: string }[] {
  return db.prepare(`SELECT j.id, j.title FROM jobs j WHERE j.state IN ('queued', 'running') AND j.kind LIKE 'books:%' AND (
      json_extract(j.params, '$.bookId') = @book
      OR json_extract(j.params, '$.chapterId') IN (SELECT id FROM chapters WHERE book_id = @book)
      OR json_extract(j.params, '$.sentenceId') IN (SELECT s.id FROM sentences s JOIN chapters c ON c.id = s.chapter_id WHERE c.book_id = @book))
    ORDER BY j.id`).all({ book: bookId }) as { id: number; title: string }[];
}
