// Speakers, their recording scripts and takes: the SQL of the corpus recorder.
import type { z } from 'zod';
import type { PromptRowSchema, ReviewFilter, ReviewTake, SpeakerDetailSchema, Take } from '../../shared/domains/corpus';
import type { ReadonlyDb, WritableDb } from './database';
import { OUTLIER_CHECKS } from './migrations';

type SpeakerDetail = z.infer<typeof SpeakerDetailSchema>;
type PromptRow = z.infer<typeof PromptRowSchema>;

interface TakeRow {
  id: number; speaker_id: number; prompt_id: number | null; path: string; state: Take['state']; sample_rate: number;
  seconds: number; verdict: Take['verdict']; report: string | null; flags: string; created_at: string;
  trim_start: number | null; trim_end: number | null; outlier: number; chosen: number;
}

/** Every take column plus whether it is its prompt's chosen take. */
const TAKE_COLUMNS = 't.*, (p.chosen_take_id IS NOT NULL AND p.chosen_take_id = t.id) AS chosen';
const TAKE_FROM = 'takes t LEFT JOIN prompts p ON p.id = t.prompt_id';

function toTake(r: TakeRow): Take {
  const report = r.report ? (JSON.parse(r.report) as { checks?: Take['checks']; autoTrim?: { start: number; end: number } }) : null;
  return {
    id: r.id, speakerId: r.speaker_id, promptId: r.prompt_id, path: r.path, state: r.state, sampleRate: r.sample_rate,
    seconds: r.seconds, verdict: r.verdict, checks: report?.checks ?? [], flags: JSON.parse(r.flags) as Take['flags'],
    trim: r.trim_start !== null && r.trim_end !== null ? { start: r.trim_start, end: r.trim_end } : null,
    chosen: r.chosen === 1, outlier: r.outlier === 1, autoTrim: report?.autoTrim ?? null, createdAt: r.created_at,
  };
}

export function insertSpeaker(db: WritableDb, name: string, language: string): number {
  return Number(db.prepare('INSERT INTO speakers(name, language, created_at) VALUES (?, ?, ?)').run(name, language, new Date().toISOString()).lastInsertRowid);
}

/** `sessionSince`: where this recording session began (ISO time); takes since then, not rejected, count as the session's. */
export function getSpeaker(db: ReadonlyDb, speakerId: number, sessionSince = new Date(0).toISOString()): SpeakerDetail | null {
  const row = db.prepare(`SELECT s.id, s.name, s.language, s.script_position AS scriptPosition, s.created_at AS createdAt,
      (SELECT count(*) FROM prompts p WHERE p.speaker_id = s.id) AS prompts,
      (SELECT count(*) FROM takes t WHERE t.speaker_id = s.id) AS takes,
      (SELECT coalesce(sum(t.seconds), 0) FROM takes t WHERE t.speaker_id = s.id AND t.state = 'accepted') AS acceptedSeconds,
      (SELECT coalesce(sum(t.seconds), 0) FROM takes t WHERE t.speaker_id = s.id AND t.state NOT IN ('rejected', 'recording') AND t.created_at >= ?) AS sessionSeconds
    FROM speakers s WHERE s.id = ?`).get(sessionSince, speakerId) as SpeakerDetail | undefined;
  return row ?? null;
}

export function speakerLanguage(db: ReadonlyDb, speakerId: number): string | null {
  return (db.prepare('SELECT language FROM speakers WHERE id = ?').get(speakerId) as { language: string } | undefined)?.language ?? null;
}

export function speakerBaseline(db: ReadonlyDb, speakerId: number): string | null {
  return (db.prepare('SELECT baseline FROM speakers WHERE id = ?').get(speakerId) as { baseline: string | null } | undefined)?.baseline ?? null;
}

export function setSpeakerBaseline(db: WritableDb, speakerId: number, baseline: string): void {
  db.prepare('UPDATE speakers SET baseline = ? WHERE id = ?').run(baseline, speakerId);
}

export function setScriptPosition(db: WritableDb, speakerId: number, position: number): void {
  db.prepare('UPDATE speakers SET script_position = ? WHERE id = ?').run(position, speakerId);
}

/** Appends prompts after the speaker's last one, skipping keys already present; all or nothing. */
export function appendPrompts(db: WritableDb, speakerId: number, prompts: readonly { key: string; text: string }[]): { added: number; skipped: number } {
  return db.transaction(() => {
    const last = (db.prepare('SELECT coalesce(max(position), -1) AS p FROM prompts WHERE speaker_id = ?').get(speakerId) as { p: number }).p;
    const insert = db.prepare('INSERT OR IGNORE INTO prompts(speaker_id, position, key, text) VALUES (?, ?, ?, ?)');
    let position = last + 1, added = 0;
    for (const p of prompts) {
      if (insert.run(speakerId, position, p.key, p.text).changes > 0) { added++; position++; }
    }
    return { added, skipped: prompts.length - added };
  })();
}

export function countPrompts(db: ReadonlyDb, speakerId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM prompts WHERE speaker_id = ?').get(speakerId) as { n: number }).n;
}

export function listPrompts(db: ReadonlyDb, speakerId: number, offset: number, limit: number): PromptRow[] {
  return db.prepare(`SELECT p.id, p.key, p.text, p.position,
      (SELECT count(*) FROM takes t WHERE t.prompt_id = p.id) AS takes,
      (SELECT count(*) FROM takes t WHERE t.prompt_id = p.id AND t.state = 'accepted') AS accepted
    FROM prompts p WHERE p.speaker_id = ? ORDER BY p.position LIMIT ? OFFSET ?`).all(speakerId, limit, offset) as PromptRow[];
}

export function getPrompt(db: ReadonlyDb, promptId: number): { id: number; speakerId: number; key: string; text: string } | null {
  return (db.prepare('SELECT id, speaker_id AS speakerId, key, text FROM prompts WHERE id = ?').get(promptId) as
    { id: number; speakerId: number; key: string; text: string } | undefined) ?? null;
}

export function insertTake(db: WritableDb, speakerId: number, promptId: number, sampleRate: number): number {
  return Number(db.prepare("INSERT INTO takes(speaker_id, prompt_id, path, state, sample_rate, created_at) VALUES (?, ?, '', 'recording', ?, ?)")
    .run(speakerId, promptId, sampleRate, new Date().toISOString()).lastInsertRowid);
}

export function setTakePath(db: WritableDb, takeId: number, path: string): void {
  db.prepare('UPDATE takes SET path = ? WHERE id = ?').run(path, takeId);
}

export function finishTakeRow(db: WritableDb, takeId: number, state: Take['state'], seconds: number, verdict: Take['verdict'],
  report: { checks: Take['checks']; outlier?: boolean } & Record<string, unknown>): void {
  // Reports from before the outlier bounds existed fall back to the checks' levels.
  const outlier = (report.outlier ?? report.checks.some((c) => OUTLIER_CHECKS.has(c.id) && c.level !== 'ok')) ? 1 : 0;
  db.prepare('UPDATE takes SET state = ?, seconds = ?, verdict = ?, report = ?, outlier = ? WHERE id = ?')
    .run(state, seconds, verdict, JSON.stringify(report), outlier, takeId);
}

export function setTakeTrim(db: WritableDb, takeId: number, trim: { start: number; end: number } | null): void {
  db.prepare('UPDATE takes SET trim_start = ?, trim_end = ? WHERE id = ?').run(trim?.start ?? null, trim?.end ?? null, takeId);
}

/** Makes this take its prompt's chosen one (null clears the choice). */
export function setChosenTake(db: WritableDb, promptId: number, takeId: number | null): void {
  db.prepare('UPDATE prompts SET chosen_take_id = ? WHERE id = ?').run(takeId, promptId);
}

export function setTakeState(db: WritableDb, takeId: number, state: Take['state']): void {
  db.prepare('UPDATE takes SET state = ? WHERE id = ?').run(state, takeId);
}

export function setTakeFlags(db: WritableDb, takeId: number, flags: Take['flags']): void {
  db.prepare('UPDATE takes SET flags = ?, flagged = ? WHERE id = ?').run(JSON.stringify(flags), flags.length > 0 ? 1 : 0, takeId);
}

export function getTake(db: ReadonlyDb, takeId: number): Take | null {
  const r = db.prepare(`SELECT ${TAKE_COLUMNS} FROM ${TAKE_FROM} WHERE t.id = ?`).get(takeId) as TakeRow | undefined;
  return r ? toTake(r) : null;
}

export function listTakes(db: ReadonlyDb, speakerId: number, promptId?: number): Take[] {
  const rows = (promptId === undefined
    ? db.prepare(`SELECT ${TAKE_COLUMNS} FROM ${TAKE_FROM} WHERE t.speaker_id = ? ORDER BY t.id`).all(speakerId)
    : db.prepare(`SELECT ${TAKE_COLUMNS} FROM ${TAKE_FROM} WHERE t.speaker_id = ? AND t.prompt_id = ? ORDER BY t.id`).all(speakerId, promptId)) as TakeRow[];
  return rows.map(toTake);
}

/** Takes a crashed session left half-recorded. */
export function recordingTakes(db: ReadonlyDb): { id: number; path: string; sampleRate: number; speakerId: number; promptId: number | null }[] {
  return db.prepare("SELECT id, path, sample_rate AS sampleRate, speaker_id AS speakerId, prompt_id AS promptId FROM takes WHERE state = 'recording'").all() as
    { id: number; path: string; sampleRate: number; speakerId: number; promptId: number | null }[];
}

/** A take going into a dataset, with the narrator's trim points (seconds of the raw take) when they set them. */
export interface DatasetTake { key: string; text: string; path: string; trimStart: number | null; trimEnd: number | null }

/**
 * Takes that go into a dataset, one per prompt: the chosen take when the narrator chose one (and, for 'accepted',
 * it is accepted), else the newest accepted take, or for 'best' the newest take that did not fail its checks.
 */
export function takesForDataset(db: ReadonlyDb, speakerId: number, selection: 'accepted' | 'best'): DatasetTake[] {
  // The narrator's choice overrides failing checks (they listened); it never overrides a rejection.
  const chosenOk = selection === 'accepted' ? "t2.state = 'accepted'" : "t2.state IN ('done', 'recovered', 'accepted')";
  const newestOk = selection === 'accepted' ? "t2.state = 'accepted'" : "t2.state IN ('done', 'recovered', 'accepted') AND coalesce(t2.verdict, 'ok') != 'fail'";
  const sql = `SELECT p.key, p.text, t.path, t.trim_start AS trimStart, t.trim_end AS trimEnd FROM prompts p
    JOIN takes t ON t.id = coalesce(
      (SELECT t2.id FROM takes t2 WHERE t2.id = p.chosen_take_id AND ${chosenOk}),
      (SELECT max(t2.id) FROM takes t2 WHERE t2.prompt_id = p.id AND ${newestOk}))
    WHERE p.speaker_id = ?
    ORDER BY p.position`;
  return db.prepare(sql).all(speakerId) as DatasetTake[];
}

const REVIEW_WHERE: Record<ReviewFilter, string> = {
  all: '1',
  flagged: 't.flagged = 1',
  failing: "t.verdict = 'fail'",
  outliers: 't.outlier = 1',
  unreviewed: "t.state IN ('done', 'recovered')",
  accepted: "t.state = 'accepted'",
  rejected: "t.state = 'rejected'",
  chosen: 'p.chosen_take_id = t.id',
};

interface ReviewRow extends TakeRow { prompt_key: string; prompt_text: string; prompt_position: number }

/** A page of a speaker's takes in script order (newest retake first), narrowed by a filter and a search over prompt id and text. */
export function reviewTakes(db: ReadonlyDb, speakerId: number, filter: ReviewFilter, search: string, offset: number, limit: number): { total: number; takes: ReviewTake[] } {
  const where = `p.speaker_id = ? AND t.state != 'recording' AND ${REVIEW_WHERE[filter]}${search ? " AND (p.key LIKE ? ESCAPE '\\' OR p.text LIKE ? ESCAPE '\\')" : ''}`;
  const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const args: (number | string)[] = search ? [speakerId, like, like] : [speakerId];
  // Prompts in script order drive the join, and takes_review covers the filters: no sort, no take row read but the page's.
  const from = 'prompts p JOIN takes t ON t.prompt_id = p.id';
  const total = (db.prepare(`SELECT count(*) AS n FROM ${from} WHERE ${where}`).get(...args) as { n: number }).n;
  const ids = (db.prepare(`SELECT t.id FROM ${from} WHERE ${where} ORDER BY p.position, t.id DESC LIMIT ? OFFSET ?`)
    .all(...args, limit, offset) as { id: number }[]).map((r) => r.id);
  if (ids.length === 0) return { total, takes: [] };
  const rows = db.prepare(`SELECT ${TAKE_COLUMNS}, p.key AS prompt_key, p.text AS prompt_text, p.position AS prompt_position
    FROM ${from} WHERE t.id IN (${ids.map(() => '?').join(',')})`).all(...ids) as ReviewRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total,
    takes: ids.map((id) => byId.get(id)!).map((r) => ({ ...toTake(r), promptKey: r.prompt_key, promptText: r.prompt_text, promptPosition: r.prompt_position })),
  };
}

/** How many of the speaker's takes each review filter shows (one pass over the speaker's takes). */
export function reviewCounts(db: ReadonlyDb, speakerId: number): Record<ReviewFilter, number> {
  const cols = (Object.entries(REVIEW_WHERE) as [ReviewFilter, string][]).map(([k, w]) => `coalesce(sum(${w}), 0) AS "${k}"`).join(', ');
  return db.prepare(`SELECT ${cols} FROM prompts p JOIN takes t ON t.prompt_id = p.id WHERE p.speaker_id = ? AND t.state != 'recording'`)
    .get(speakerId) as Record<ReviewFilter, number>;
}

export function promptIdByKey(db: ReadonlyDb, speakerId: number, key: string): number | null {
  return (db.prepare('SELECT id FROM prompts WHERE speaker_id = ? AND key = ?').get(speakerId, key) as { id: number } | undefined)?.id ?? null;
}

/** Imported recordings: each row already checked; the whole import is one transaction. */
export interface ImportedTake { promptKey: string; path: string; sampleRate: number; seconds: number; verdict: Take['verdict']; report: { checks: Take['checks'] } & Record<string, unknown>; createdAt: string }

export function insertImportedTakes(db: WritableDb, speakerId: number, prompts: readonly { key: string; text: string }[], takes: readonly ImportedTake[]): number[] {
  return db.transaction(() => {
    appendPrompts(db, speakerId, prompts);
    const insert = db.prepare("INSERT INTO takes(speaker_id, prompt_id, path, state, sample_rate, created_at) VALUES (?, ?, ?, 'done', ?, ?)");
    return takes.map((t) => {
      const promptId = promptIdByKey(db, speakerId, t.promptKey);
      const id = Number(insert.run(speakerId, promptId, t.path, t.sampleRate, t.createdAt).lastInsertRowid);
      finishTakeRow(db, id, 'done', t.seconds, t.verdict, t.report);
      return id;
    });
  })();
}

export function clearSpeakerBaseline(db: WritableDb, speakerId: number): void {
  db.prepare('UPDATE speakers SET baseline = NULL WHERE id = ?').run(speakerId);
}

/** A sentence's phones and diphones as the coverage selection sees them, plus its length. */
export interface PromptUnits { phones: string[]; diphones: string[]; chars: number; words: number }
export interface UnitRow { key: string; text: string; units: PromptUnits | null }

/** The script's prompts with their stored units (null where they were imported without an analysis). */
export function scriptUnits(db: ReadonlyDb, speakerId: number): UnitRow[] {
  return (db.prepare('SELECT key, text, units FROM prompts WHERE speaker_id = ? ORDER BY position').all(speakerId) as { key: string; text: string; units: string | null }[])
    .map((r) => ({ key: r.key, text: r.text, units: r.units ? (JSON.parse(r.units) as PromptUnits) : null }));
}

export function setPromptUnits(db: WritableDb, speakerId: number, rows: readonly { key: string; units: PromptUnits }[]): void {
  const update = db.prepare('UPDATE prompts SET units = ? WHERE speaker_id = ? AND key = ?');
  db.transaction(() => {
    for (const r of rows) update.run(JSON.stringify(r.units), speakerId, r.key);
  })();
}

export function poolUnits(db: ReadonlyDb, speakerId: number): (UnitRow & { units: PromptUnits })[] {
  return (db.prepare('SELECT key, text, units FROM prompt_pool WHERE speaker_id = ? ORDER BY id').all(speakerId) as { key: string; text: string; units: string }[])
    .map((r) => ({ key: r.key, text: r.text, units: JSON.parse(r.units) as PromptUnits }));
}

export function poolSize(db: ReadonlyDb, speakerId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM prompt_pool WHERE speaker_id = ?').get(speakerId) as { n: number }).n;
}

/**
 * A coverage selection lands in one transaction: the picks join the script in pick order (best coverage first),
 * the rest of the pool is kept for suggestions, every row with its units.
 */
export function commitSelection(db: WritableDb, speakerId: number, picks: readonly { key: string; text: string; units: PromptUnits }[],
  rest: readonly { key: string; text: string; units: PromptUnits }[]): { added: number; skipped: number; pooled: number } {
  return db.transaction(() => {
    const result = appendPrompts(db, speakerId, picks);
    setPromptUnits(db, speakerId, picks);
    const pool = db.prepare('INSERT OR IGNORE INTO prompt_pool(speaker_id, key, text, units) VALUES (?, ?, ?, ?)');
    const inScript = db.prepare('SELECT 1 FROM prompts WHERE speaker_id = ? AND key = ?');
    let pooled = 0;
    for (const r of rest) {
      if (inScript.get(speakerId, r.key) !== undefined) continue;
      pooled += pool.run(speakerId, r.key, r.text, JSON.stringify(r.units)).changes;
    }
    return { ...result, pooled };
  })();
}

/** Moves pool sentences into the script (appended in the order given); returns how many moved. */
export function addFromPool(db: WritableDb, speakerId: number, keys: readonly string[]): number {
  return db.transaction(() => {
    const get = db.prepare('SELECT key, text, units FROM prompt_pool WHERE speaker_id = ? AND key = ?');
    const rows = keys.map((k) => get.get(speakerId, k) as { key: string; text: string; units: string } | undefined).filter((r) => r !== undefined);
    const { added } = appendPrompts(db, speakerId, rows);
    setPromptUnits(db, speakerId, rows.map((r) => ({ key: r.key, units: JSON.parse(r.units) as PromptUnits })));
    const del = db.prepare('DELETE FROM prompt_pool WHERE speaker_id = ? AND key = ?');
    for (const r of rows) del.run(speakerId, r.key);
    return added;
  })();
}
