// Listening tests, their prepared stimuli and the listeners' results: every SQL statement of the listening domain.
import type { ListeningTestType, StimulusRole } from '../../shared/domains/listening';
import type { ReadonlyDb, WritableDb } from './database';

export interface TestRow {
  id: number;
  uid: string;
  experimentId: number | null;
  name: string;
  type: ListeningTestType;
  state: 'preparing' | 'ready' | 'failed';
  error: string | null;
  dir: string;
  instructions: string;
  sampleRate: number;
  loudnessLufs: number | null;
  createdAt: string;
}

export interface StimulusRow {
  id: number;
  uid: string;
  trialKey: string;
  trialPosition: number;
  role: StimulusRole;
  condition: string;
  sourcePath: string;
  path: string;
  loudnessLufs: number | null;
  gainDb: number | null;
}

export interface ResultRow {
  id: number;
  sessionUid: string;
  listenerId: string;
  source: 'studio' | 'bundle';
  seed: number;
  payload: string;
  importedAt: string;
}

const TEST_COLUMNS = `id, uid, experiment_id AS experimentId, name, type, state, error, dir, instructions,
  sample_rate AS sampleRate, loudness_lufs AS loudnessLufs, created_at AS createdAt`;
const STIMULUS_COLUMNS = `id, uid, trial_key AS trialKey, trial_position AS trialPosition, role, condition,
  source_path AS sourcePath, path, loudness_lufs AS loudnessLufs, gain_db AS gainDb`;

export interface NewStimulus {
  uid: string;
  trialKey: string;
  trialPosition: number;
  role: StimulusRole;
  condition: string;
  sourcePath: string;
}

/** The test and its stimulus list in one transaction: a test never exists without its stimuli. */
export function insertTest(db: WritableDb, t: { uid: string; experimentId: number | null; name: string; type: ListeningTestType; dir: string; instructions: string }, stimuli: readonly NewStimulus[]): number {
  return db.transaction(() => {
    const testId = Number(db.prepare(`INSERT INTO listening_tests(uid, experiment_id, name, type, state, dir, instructions, created_at)
      VALUES (?, ?, ?, ?, 'preparing', ?, ?, ?)`).run(t.uid, t.experimentId, t.name, t.type, t.dir, t.instructions, new Date().toISOString()).lastInsertRowid);
    const ins = db.prepare(`INSERT INTO listening_stimuli(test_id, uid, trial_key, trial_position, role, condition, source_path)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    for (const s of stimuli) ins.run(testId, s.uid, s.trialKey, s.trialPosition, s.role, s.condition, s.sourcePath);
    return testId;
  })();
}

export function getTest(db: ReadonlyDb, id: number): TestRow | null {
  return (db.prepare(`SELECT ${TEST_COLUMNS} FROM listening_tests WHERE id = ?`).get(id) as TestRow | undefined) ?? null;
}

export function listTests(db: ReadonlyDb, experimentId: number | null): TestRow[] {
  return experimentId === null
    ? db.prepare(`SELECT ${TEST_COLUMNS} FROM listening_tests ORDER BY id DESC`).all() as TestRow[]
    : db.prepare(`SELECT ${TEST_COLUMNS} FROM listening_tests WHERE experiment_id = ? ORDER BY id DESC`).all(experimentId) as TestRow[];
}

export function listStimuli(db: ReadonlyDb, testId: number): StimulusRow[] {
  return db.prepare(`SELECT ${STIMULUS_COLUMNS} FROM listening_stimuli WHERE test_id = ? ORDER BY trial_position, id`).all(testId) as StimulusRow[];
}

/** Records the prepared files and marks the test ready, together. */
export function finishPreparation(db: WritableDb, testId: number, sampleRate: number, loudnessLufs: number,
  prepared: readonly { id: number; path: string; loudnessLufs: number; gainDb: number }[]): void {
  db.transaction(() => {
    const upd = db.prepare('UPDATE listening_stimuli SET path = ?, loudness_lufs = ?, gain_db = ? WHERE id = ? AND test_id = ?');
    for (const p of prepared) upd.run(p.path, p.loudnessLufs, p.gainDb, p.id, testId);
    db.prepare("UPDATE listening_tests SET state = 'ready', error = NULL, sample_rate = ?, loudness_lufs = ? WHERE id = ?").run(sampleRate, loudnessLufs, testId);
  })();
}

export function failPreparation(db: WritableDb, testId: number, error: string): void {
  db.prepare("UPDATE listening_tests SET state = 'failed', error = ? WHERE id = ?").run(error, testId);
}

export function insertResult(db: WritableDb, testId: number, r: { sessionUid: string; listenerId: string; source: 'studio' | 'bundle'; seed: number; payload: string }): number {
  return Number(db.prepare(`INSERT INTO listening_results(test_id, session_uid, listener_id, source, seed, payload, imported_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(testId, r.sessionUid, r.listenerId, r.source, r.seed, r.payload, new Date().toISOString()).lastInsertRowid);
}

export function sessionImported(db: ReadonlyDb, sessionUid: string): { testId: number } | null {
  return (db.prepare('SELECT test_id AS testId FROM listening_results WHERE session_uid = ?').get(sessionUid) as { testId: number } | undefined) ?? null;
}

export function listResults(db: ReadonlyDb, testId: number): ResultRow[] {
  return db.prepare(`SELECT id, session_uid AS sessionUid, listener_id AS listenerId, source, seed, payload, imported_at AS importedAt
    FROM listening_results WHERE test_id = ? ORDER BY id`).all(testId) as ResultRow[];
}

export function countListeners(db: ReadonlyDb, testId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM listening_results WHERE test_id = ?').get(testId) as { n: number }).n;
}
