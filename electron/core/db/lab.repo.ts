// Lab experiments' rows: the experiment, its conditions and utterances, and one output (WAV + metrics) per pair.
import type { ReadonlyDb, WritableDb } from './database';

export type ExperimentState = 'ready' | 'running' | 'done' | 'failed';

export interface ExperimentRow {
  id: number; name: string; folder: string; mel: string; source: string; acoustic: string | null; threads: number; state: ExperimentState;
  lastJobId: number | null; environment: string | null; createdAt: string;
}
export interface ConditionRow {
  id: number; position: number; label: string; kind: 'griffinlim' | 'hifigan' | 'waveglow'; voiceId: number | null;
  voicePath: string | null; vocoder: string; audioSeconds: number | null; computeSeconds: number | null;
}
export interface UtteranceRow {
  id: number; position: number; key: string; text: string; sourcePath: string; reference: string | null; seconds: number | null; loudness: number | null;
}
export interface OutputRow {
  utteranceId: number; conditionId: number; path: string; audioSeconds: number; computeSeconds: number; loudness: number | null; metrics: string;
}

export interface NewExperiment {
  name: string; mel: string; source: string; acoustic: string | null; threads: number;
  conditions: Omit<ConditionRow, 'id' | 'position' | 'audioSeconds' | 'computeSeconds'>[];
  utterances: Pick<UtteranceRow, 'key' | 'text' | 'sourcePath'>[];
  /** The folder name for an id (lab/<slug>-<id>). */
  folderFor(id: number): string;
}

/** Inserts the experiment with its conditions and utterances in one transaction. */
export function insertExperiment(db: WritableDb, e: NewExperiment): number {
  return db.transaction(() => {
    const now = new Date().toISOString();
    const id = Number(db.prepare(`INSERT INTO experiments(name, utterances, created_at, mel, source, acoustic, threads, state, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'ready', ?)`).run(e.name, e.utterances.length, now, e.mel, e.source, e.acoustic, e.threads, now).lastInsertRowid);
    db.prepare('UPDATE experiments SET folder = ? WHERE id = ?').run(e.folderFor(id), id);
    const cond = db.prepare(`INSERT INTO experiment_conditions(experiment_id, position, label, kind, voice_id, voice_path, vocoder)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    e.conditions.forEach((c, i) => cond.run(id, i, c.label, c.kind, c.voiceId, c.voicePath, c.vocoder));
    const utt = db.prepare('INSERT INTO experiment_utterances(experiment_id, position, key, text, source_path) VALUES (?, ?, ?, ?, ?)');
    e.utterances.forEach((u, i) => utt.run(id, i, u.key, u.text, u.sourcePath));
    return id;
  })();
}

export function getExperiment(db: ReadonlyDb, id: number): ExperimentRow | null {
  return (db.prepare(`SELECT id, name, folder, mel, source, acoustic, threads, state, last_job_id AS lastJobId, environment, created_at AS createdAt
    FROM experiments WHERE id = ?`).get(id) as ExperimentRow | undefined) ?? null;
}

export function experimentNameTaken(db: ReadonlyDb, name: string): boolean {
  return db.prepare('SELECT 1 FROM experiments WHERE name = ?').get(name) !== undefined;
}

export function listConditions(db: ReadonlyDb, experimentId: number): ConditionRow[] {
  return db.prepare(`SELECT id, position, label, kind, voice_id AS voiceId, voice_path AS voicePath, vocoder,
    audio_seconds AS audioSeconds, compute_seconds AS computeSeconds FROM experiment_conditions WHERE experiment_id = ? ORDER BY position`).all(experimentId) as ConditionRow[];
}

export function listUtterances(db: ReadonlyDb, experimentId: number): UtteranceRow[] {
  return db.prepare(`SELECT id, position, key, text, source_path AS sourcePath, reference, seconds, loudness
    FROM experiment_utterances WHERE experiment_id = ? ORDER BY position`).all(experimentId) as UtteranceRow[];
}

export function listOutputs(db: ReadonlyDb, experimentId: number): OutputRow[] {
  return db.prepare(`SELECT o.utterance_id AS utteranceId, o.condition_id AS conditionId, o.path, o.audio_seconds AS audioSeconds,
      o.compute_seconds AS computeSeconds, o.loudness, o.metrics
    FROM experiment_outputs o JOIN experiment_utterances u ON u.id = o.utterance_id
    WHERE u.experiment_id = ? ORDER BY u.position, o.condition_id`).all(experimentId) as OutputRow[];
}

/** A new run starts clean: earlier outputs and speeds go, the state becomes running. */
export function startRun(db: WritableDb, experimentId: number, jobId: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM experiment_outputs WHERE utterance_id IN (SELECT id FROM experiment_utterances WHERE experiment_id = ?)').run(experimentId);
    db.prepare('UPDATE experiment_conditions SET audio_seconds = NULL, compute_seconds = NULL WHERE experiment_id = ?').run(experimentId);
    db.prepare(`UPDATE experiments SET state = 'running', last_job_id = ?, updated_at = ? WHERE id = ?`).run(jobId, new Date().toISOString(), experimentId);
  })();
}

export function setExperimentState(db: WritableDb, experimentId: number, state: ExperimentState, environment?: string): void {
  db.prepare('UPDATE experiments SET state = ?, environment = COALESCE(?, environment), updated_at = ? WHERE id = ?')
    .run(state, environment ?? null, new Date().toISOString(), experimentId);
}

export function setReference(db: WritableDb, utteranceId: number, reference: string, seconds: number, loudness: number | null): void {
  db.prepare('UPDATE experiment_utterances SET reference = ?, seconds = ?, loudness = ? WHERE id = ?').run(reference, seconds, loudness, utteranceId);
}

export function insertOutput(db: WritableDb, o: OutputRow): void {
  db.prepare(`INSERT INTO experiment_outputs(utterance_id, condition_id, path, audio_seconds, compute_seconds, loudness, metrics)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(o.utteranceId, o.conditionId, o.path, o.audioSeconds, o.computeSeconds, o.loudness, o.metrics);
}

export function setConditionSpeed(db: WritableDb, conditionId: number, audioSeconds: number, computeSeconds: number): void {
  db.prepare('UPDATE experiment_conditions SET audio_seconds = ?, compute_seconds = ? WHERE id = ?').run(audioSeconds, computeSeconds, conditionId);
}
