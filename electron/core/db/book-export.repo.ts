// The SQL of a chapter's edit list (entries in seq order, an undo cursor on the chapter) and of what export reads: chosen takes in reading order.
import type { EditEntry, WaveformEdit } from '../../shared/domains/book-edits';
import type { ReadonlyDb, WritableDb } from './database';

export interface StoredEdit { id: number; seq: number; payload: EditEntry['edit']; createdAt: string }

export function chapterExists(db: ReadonlyDb, chapterId: number): { bookId: number; title: string; position: number; included: boolean } | null {
  const row = db.prepare('SELECT book_id AS bookId, title, position, included FROM chapters WHERE id = ?').get(chapterId) as
    { bookId: number; title: string; position: number; included: number } | undefined;
  return row ? { bookId: row.bookId, title: row.title, position: row.position, included: row.included === 1 } : null;
}

export function editCursor(db: ReadonlyDb, chapterId: number): number {
  return (db.prepare('SELECT edit_cursor AS c FROM chapters WHERE id = ?').get(chapterId) as { c: number } | undefined)?.c ?? 0;
}

export function listEdits(db: ReadonlyDb, chapterId: number): StoredEdit[] {
  const rows = db.prepare('SELECT id, seq, payload, created_at AS createdAt FROM chapter_edits WHERE chapter_id = ? ORDER BY seq').all(chapterId) as
    { id: number; seq: number; payload: string; createdAt: string }[];
  return rows.map((r) => ({ id: r.id, seq: r.seq, payload: JSON.parse(r.payload) as EditEntry['edit'], createdAt: r.createdAt }));
}

/** Sentence ids an edit is anchored to (a removal refers to another edit, anchored to the first sentence it names). */
function anchors(edit: EditEntry['edit'], fallback: number): { start: number; startOffset: number; end: number | null; endOffset: number | null } {
  if (edit.kind === 'remove') return { start: fallback, startOffset: 0, end: null, endOffset: null };
  if (edit.kind === 'pause') return { start: Number(edit.sentenceId), startOffset: 0, end: null, endOffset: null };
  const e = edit as Exclude<WaveformEdit, { kind: 'pause' }>;
  return { start: Number(e.start.sentenceId), startOffset: e.start.offsetMs / 1000, end: Number(e.end.sentenceId), endOffset: e.end.offsetMs / 1000 };
}

/** Appends an edit after the cursor (dropping the undone ones past it, as any editor's redo history) and moves the cursor onto it. */
export function appendEdit(db: WritableDb, chapterId: number, edit: EditEntry['edit'], fallbackSentence: number): number {
  return db.transaction(() => {
    const cursor = editCursor(db, chapterId);
    db.prepare('DELETE FROM chapter_edits WHERE chapter_id = ? AND seq > ?').run(chapterId, cursor);
    const a = anchors(edit, fallbackSentence);
    const seq = cursor + 1;
    const info = db.prepare(`INSERT INTO chapter_edits (chapter_id, seq, start_sentence_id, start_offset, end_sentence_id, end_offset, payload, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(chapterId, seq, a.start, a.startOffset, a.end, a.endOffset, JSON.stringify(edit), new Date().toISOString());
    db.prepare('UPDATE chapters SET edit_cursor = ? WHERE id = ?').run(seq, chapterId);
    return Number(info.lastInsertRowid);
  })();
}

export function setEditCursor(db: WritableDb, chapterId: number, cursor: number): void {
  db.prepare('UPDATE chapters SET edit_cursor = ? WHERE id = ?').run(cursor, chapterId);
}

export interface ChapterTakeRow { sentenceId: number; path: string | null; sampleRate: number | null; pauseMs: number }

/** Every sentence of the chapter in reading order with its chosen take (null when it has none yet). */
export function chapterTakes(db: ReadonlyDb, chapterId: number): ChapterTakeRow[] {
  return db.prepare(`SELECT s.id AS sentenceId, t.path AS path, t.sample_rate AS sampleRate, s.pause_after_ms AS pauseMs
      FROM sentences s JOIN paragraphs p ON p.id = s.paragraph_id
      LEFT JOIN sentence_takes t ON t.id = s.chosen_take_id
      WHERE s.chapter_id = ? ORDER BY p.position, s.position`).all(chapterId) as ChapterTakeRow[];
}

/** The book's chapters to export: the given ones, or every included one, in book order. */
export function exportChapters(db: ReadonlyDb, bookId: number, chapterIds?: readonly number[]): { id: number; title: string; position: number }[] {
  const rows = db.prepare('SELECT id, title, position, included FROM chapters WHERE book_id = ? ORDER BY position').all(bookId) as
    { id: number; title: string; position: number; included: number }[];
  if (chapterIds) {
    const want = new Set(chapterIds);
    return rows.filter((r) => want.has(r.id)).map(({ id, title, position }) => ({ id, title, position }));
  }
  return rows.filter((r) => r.included === 1).map(({ id, title, position }) => ({ id, title, position }));
}

export function bookTitle(db: ReadonlyDb, bookId: number): { title: string; author: string } | null {
  return (db.prepare('SELECT title, author FROM books WHERE id = ?').get(bookId) as { title: string; author: string } | undefined) ?? null;
}
