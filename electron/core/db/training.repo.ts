// Training runs: a row per run (its folder holds checkpoints and events); state, step and pid as the studio last saw them.
import type { RunModel, RunPreset, RunState } from '../../shared/domains/training';
import type { ReadonlyDb, WritableDb } from './database';

export interface RunRow {
  id: number; name: string; model: RunModel; preset: RunPreset; state: RunState; step: number; targetSteps: number; datasetId: number | null;
  datasetName: string | null; runDir: string; python: string; pid: number | null; error: string | null; errorHint: string | null;
  createdAt: string; updatedAt: string;
}

const SELECT = `SELECT r.id, r.name, r.model, r.preset, r.state, r.step, r.target_steps AS targetSteps, r.dataset_id AS datasetId, d.name AS datasetName,
  r.run_dir AS runDir, r.python, r.pid, r.error, r.error_hint AS errorHint, r.created_at AS createdAt, r.updated_at AS updatedAt
  FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id`;

export function insertRun(db: WritableDb, r: { name: string; model: RunModel; preset: RunPreset; datasetId: number; python: string; targetSteps: number }): number {
  const now = new Date().toISOString();
  return Number(db.prepare(`INSERT INTO runs(name, model, state, step, dataset_id, created_at, preset, python, target_steps, updated_at)
    VALUES (?, ?, 'starting', 0, ?, ?, ?, ?, ?, ?)`).run(r.name, r.model, r.datasetId, now, r.preset, r.python, r.targetSteps, now).lastInsertRowid);
}

export function getRun(db: ReadonlyDb, id: number): RunRow | null {
  return (db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined) ?? null;
}

export function listRuns(db: ReadonlyDb): RunRow[] {
  return db.prepare(`${SELECT} ORDER BY r.id DESC`).all() as RunRow[];
}

export function runNameTaken(db: ReadonlyDb, name: string): boolean {
  return db.prepare('SELECT 1 FROM runs WHERE name = ?').get(name) !== undefined;
}

export function updateRun(db: WritableDb, id: number, patch: Partial<Pick<RunRow, 'state' | 'step' | 'pid' | 'runDir' | 'python' | 'error' | 'errorHint' | 'targetSteps'>>): void {
  const cols: Record<string, string> = { state: 'state', step: 'step', pid: 'pid', runDir: 'run_dir', python: 'python', error: 'error', errorHint: 'error_hint', targetSteps: 'target_steps' };
  const keys = Object.keys(patch) as (keyof typeof patch)[];
  if (keys.length === 0) return;
  db.prepare(`UPDATE runs SET ${keys.map((k) => `${cols[k]} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
    .run(...keys.map((k) => patch[k] ?? null), new Date().toISOString(), id);
}

/** Runs the studio believed were running: at open, each is re-attached (trainer still alive) or marked interrupted. */
export function activeRuns(db: ReadonlyDb): RunRow[] {
  return db.prepare(`${SELECT} WHERE r.state IN ('starting', 'running', 'pausing')`).all() as RunRow[];
}
