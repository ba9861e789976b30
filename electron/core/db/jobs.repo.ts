// Job rows: long work (scans, dataset builds, training runs, renders) survives restarts as rows.
import type { Job } from '../../shared/contract';
import type { ReadonlyDb, WritableDb } from './database';

interface JobRow {
  id: number;
  kind: string;
  title: string;
  state: Job['state'];
  params: string;
  step: string;
  current: number;
  total: number;
  eta_seconds: number | null;
  error: string | null;
  error_hint: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    state: row.state,
    step: row.step,
    current: row.current,
    total: row.total,
    etaSeconds: row.eta_seconds,
    error: row.error,
    hint: row.error_hint,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const now = (): string => new Date().toISOString();

export function insertJob(db: WritableDb, kind: string, title: string, params: unknown): Job {
  const t = now();
  const info = db
    .prepare("INSERT INTO jobs(kind, title, state, params, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?)")
    .run(kind, title, JSON.stringify(params ?? {}), t, t);
  return getJob(db, Number(info.lastInsertRowid))!;
}

export function getJob(db: ReadonlyDb, id: number): Job | null {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row ? toJob(row) : null;
}

export function getJobParams(db: ReadonlyDb, id: number): unknown {
  const row = db.prepare('SELECT params FROM jobs WHERE id = ?').get(id) as { params: string } | undefined;
  return row ? (JSON.parse(row.params) as unknown) : null;
}

export function listJobs(db: ReadonlyDb, limit: number): Job[] {
  return (db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[]).map(toJob);
}

export function setJobState(
  db: WritableDb,
  id: number,
  state: Job['state'],
  extra: { error?: string | null; hint?: string | null; result?: unknown } = {},
): void {
  db.prepare('UPDATE jobs SET state = ?, error = ?, error_hint = ?, result = ?, eta_seconds = NULL, updated_at = ? WHERE id = ?').run(
    state,
    extra.error ?? null,
    extra.hint ?? null,
    extra.result === undefined ? null : JSON.stringify(extra.result),
    now(),
    id,
  );
}

export function setJobProgress(
  db: WritableDb,
  id: number,
  p: { step: string; current: number; total: number; etaSeconds: number | null },
): void {
  db.prepare('UPDATE jobs SET step = ?, current = ?, total = ?, eta_seconds = ?, updated_at = ? WHERE id = ?').run(
    p.step, p.current, p.total, p.etaSeconds, now(), id,
  );
}

/** Marks jobs a crashed or killed session left queued or running; returns how many. */
export function markInterrupted(db: WritableDb): number {
  return db
    .prepare(
      "UPDATE jobs SET state = 'interrupted', error = 'The studio stopped while this job was running.', updated_at = ? WHERE state IN ('queued','running')",
    )
    .run(now()).changes;
}
