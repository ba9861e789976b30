// Listening tests in a workspace: create (a preparation job), list, listener sessions in the studio, results import, statistics, exports.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import type { CreateTestInputSchema, ListeningResults, ListeningSession, ListeningTest, TestConfig } from '../../../shared/domains/listening';
import { ApiError } from '../../../shared/errors';
import * as repo from '../../db/listening.repo';
import { writeFileAtomic } from '../../fs/atomic';
import type { JobContext } from '../../jobs/job-runner';
import type { Workspace } from '../../workspace/workspace';
import { writeBundle, type BundleFiles } from './bundle-page';
import { checkResults } from './results-import';
import { conditionsOf, resultsCsv, summarize } from './results-summary';
import { planSession } from './session-plan';
import { prepareStimuli } from './stimuli-prepare';
import { stimulusRows } from './stimuli-source';
import { DEFAULT_INSTRUCTIONS, buildConfig } from './test-config';
import { perWorkspace } from '../../workspace/per-workspace';

type CreateInput = z.output<typeof CreateTestInputSchema>;
const PREPARE_JOB = 'listening:prepare';

export class ListeningService {
  constructor(private readonly ws: Workspace) {
    ws.jobs.register(PREPARE_JOB, (ctx: JobContext<{ testId: number }>) => this.prepare(ctx));
  }

  create(input: CreateInput): { testId: number; job: number } {
    const rows = stimulusRows(this.ws, input); // a bad list fails the call, before any job
    const uid = randomUUID();
    const dir = `lab/listening/test-${uid.slice(0, 8)}`;
    const testId = repo.insertTest(this.ws.db, {
      uid, experimentId: input.experimentId, name: input.name, type: input.type, dir, instructions: input.instructions?.trim() || DEFAULT_INSTRUCTIONS[input.type],
    }, rows);
    const job = this.ws.jobs.start(PREPARE_JOB, `Prepare listening test ${input.name}`, { testId });
    return { testId, job: job.id };
  }

  private async prepare(ctx: JobContext<{ testId: number }>): Promise<{ testId: number; stimuli: number; loudnessLufs: number }> {
    const test = this.test(ctx.params.testId);
    const stimuli = repo.listStimuli(this.ws.db, test.id);
    try {
      const r = await prepareStimuli(this.ws, test.dir, stimuli, ctx);
      repo.finishPreparation(this.ws.db, test.id, r.sampleRate, r.loudnessLufs, r.prepared);
      return { testId: test.id, stimuli: r.prepared.length, loudnessLufs: r.loudnessLufs };
    } catch (e) {
      repo.failPreparation(this.ws.db, test.id, (e as Error).message);
      throw e;
    }
  }

  private test(testId: number): repo.TestRow {
    const t = repo.getTest(this.ws.db, testId);
    if (!t) throw new ApiError('not_found', `There is no listening test ${testId}.`, 'Pick a test from the list, or create one.');
    return t;
  }

  private ready(testId: number): { test: repo.TestRow; stimuli: repo.StimulusRow[] } {
    const test = this.test(testId);
    if (test.state === 'preparing') throw new ApiError('conflict', `The listening test "${test.name}" is still being prepared.`, 'Wait for its preparation job to finish.');
    if (test.state === 'failed') throw new ApiError('conflict', `The listening test "${test.name}" could not be prepared: ${test.error ?? 'unknown error'}`, 'Fix the stimuli and create the test again.');
    return { test, stimuli: repo.listStimuli(this.ws.db, test.id) };
  }

  private view(t: repo.TestRow): ListeningTest {
    const stimuli = repo.listStimuli(this.ws.db, t.id);
    return {
      id: t.id, uid: t.uid, experimentId: t.experimentId, name: t.name, type: t.type, state: t.state, error: t.error,
      utterances: new Set(stimuli.map((s) => s.trialKey)).size, conditions: conditionsOf(stimuli).map((c) => c.condition),
      sampleRate: t.sampleRate, loudnessLufs: t.loudnessLufs, listeners: repo.countListeners(this.ws.db, t.id), instructions: t.instructions, createdAt: t.createdAt,
    };
  }

  list(experimentId: number | null): ListeningTest[] {
    return repo.listTests(this.ws.db, experimentId).map((t) => this.view(t));
  }

  get(testId: number): ListeningTest {
    return this.view(this.test(testId));
  }

  private config(testId: number): TestConfig {
    const { test, stimuli } = this.ready(testId);
    return buildConfig(test, stimuli, (s) => s.path);
  }

  /** A studio listener's session: the same seeded plan a bundle makes, with workspace-relative audio. */
  startSession(testId: number, _listenerId: string): ListeningSession {
    const config = this.config(testId);
    const seed = randomBytes(4).readUInt32LE(0);
    return { config, seed, sessionUid: randomBytes(16).toString('hex'), items: planSession(config, seed) };
  }

  private store(testId: number, raw: unknown, source: 'studio' | 'bundle'): { listenerId: string; items: number } {
    const config = this.config(testId);
    const r = checkResults(config, raw);
    const earlier = repo.sessionImported(this.ws.db, r.sessionUid);
    if (earlier) {
      throw new ApiError('conflict', `These results (listener ${r.listenerId}) were already imported${earlier.testId === testId ? '' : ` into test ${earlier.testId}`}.`,
        'Nothing was changed; each session counts once.');
    }
    repo.insertResult(this.ws.db, testId, { sessionUid: r.sessionUid, listenerId: r.listenerId, source, seed: r.seed, payload: JSON.stringify(r) });
    return { listenerId: r.listenerId, items: r.items.length };
  }

  submitResults(testId: number, results: unknown): { listenerId: string; items: number } {
    return this.store(testId, results, 'studio');
  }

  importResults(testId: number, source: { text?: string | undefined; path?: string | undefined }): { listenerId: string; items: number } {
    let text = source.text;
    if (source.path !== undefined) {
      const file = isAbsolute(source.path) ? source.path : resolve(source.path);
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new ApiError('not_found', `Cannot read ${file}: ${(e as Error).message}`, 'Pick the .json file the listening test downloaded.');
      }
    }
    return this.store(testId, text ?? '', 'bundle');
  }

  results(testId: number): ListeningResults {
    const test = this.test(testId);
    return summarize(test, repo.listStimuli(this.ws.db, testId), repo.listResults(this.ws.db, testId));
  }

  exportBundle(testId: number, path?: string): BundleFiles {
    const { test, stimuli } = this.ready(testId);
    const config = buildConfig(test, stimuli, (s) => s.path);
    const byUid = new Map(stimuli.map((s) => [s.uid, s]));
    const name = `listening-test-${test.id}`;
    const folder = path === undefined ? this.ws.resolveInside(`${test.dir}/${name}`) : join(resolve(path), name);
    const out = writeBundle(config, (uid) => this.ws.resolveInside(byUid.get(uid)!.path), folder, `${folder}.zip`);
    const rel = (abs: string): string => (path === undefined ? abs.slice(this.ws.root.length + 1).split('\\').join('/') : abs);
    return { ...out, folder: rel(out.folder), zip: rel(out.zip) };
  }

  exportCsv(testId: number): { path: string; csv: string } {
    const test = this.test(testId);
    const csv = resultsCsv(test, repo.listStimuli(this.ws.db, testId), repo.listResults(this.ws.db, testId));
    const rel = `${test.dir}/listening-test-${test.id}-results.csv`;
    mkdirSync(this.ws.resolveInside(test.dir), { recursive: true });
    writeFileAtomic(this.ws.resolveInside(rel), csv);
    return { path: rel, csv };
  }
}

/** The workspace's listening service (its job kind registered once per open workspace). */
export const listeningFor = perWorkspace((ws) => new ListeningService(ws));
