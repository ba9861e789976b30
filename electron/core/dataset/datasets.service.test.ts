// Dataset jobs against a real workspace: build from recorded takes, import an LJSpeech folder, refuse a broken one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../backend';
import { decodeWav } from '../audio/wav';
import { makeTempDir } from '../testing/temp-dir';
import type { Result } from '../../shared/errors';
import type { Job } from '../../shared/contract';

const shared = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
let tmp: ReturnType<typeof makeTempDir>;
let backend: Backend;
/** Final rows of every job, recorded from the start: a job that fails at once settles before its call returns. */
let finals: Map<number, Job>;
let waiters: Map<number, (j: Job) => void>;
beforeEach(async () => {
  tmp = makeTempDir();
  backend = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace: join(tmp.path, 'ws') });
  finals = new Map();
  waiters = new Map();
  backend.onEvent((event, payload) => {
    const j = payload as Job;
    if (event !== 'jobs:updated' || ['queued', 'running'].includes(j.state)) return;
    finals.set(j.id, j);
    waiters.get(j.id)?.(j);
  });
});
afterEach(async () => {
  await backend.close();
  tmp.cleanup();
});

function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
/** Resolves with the job's final row, from the events the backend emitted. */
function settled(job: number): Promise<Job> {
  const done = finals.get(job);
  return done ? Promise.resolve(done) : new Promise((resolve) => waiters.set(job, resolve));
}

describe.skipIf(!existsSync(shared))('dataset jobs', () => {
  it('build a dataset from the best take of each recorded prompt', async () => {
    const speaker = ok<{ id: number }>(await backend.invoke('corpus:createSpeaker', { name: 'Linda', language: 'en-US' }));
    const rows = readFileSync(join(shared, 'metadata.csv'), 'utf8').trim().split('\n').slice(0, 5).map((l) => l.split('|') as [string, string, string]);
    ok(await backend.invoke('corpus:importScript', { speakerId: speaker.id, fileName: 'lj.tsv', content: Buffer.from(rows.map(([id, raw]) => `${id}\t${raw}`).join('\n')).toString('base64') }));
    const prompts = ok<{ prompts: { id: number; key: string }[] }>(await backend.invoke('corpus:listPrompts', { speakerId: speaker.id })).prompts;
    for (const p of prompts) {
      const audio = decodeWav(readFileSync(join(shared, `${p.key}.wav`))).channels[0]!;
      const { takeId } = ok<{ takeId: number }>(await backend.invoke('corpus:startTake', { speakerId: speaker.id, promptId: p.id, sampleRate: 22050 }));
      ok(await backend.invoke('corpus:appendTake', { takeId, seq: 0, samples: Buffer.from(audio.buffer).toString('base64') }));
      ok(await backend.invoke('corpus:finishTake', { takeId }));
    }
    const { job } = ok<{ job: number }>(await backend.invoke('datasets:build', { speakerId: speaker.id, name: 'Linda v1' }));
    const done = await settled(job);
    expect(done.state).toBe('succeeded');
    const [ds] = ok<{ id: number; name: string; utterances: number; path: string }[]>(await backend.invoke('datasets:list', {}));
    expect(ds).toMatchObject({ name: 'Linda v1', utterances: 5, path: 'datasets/Linda-v1' });
    expect(readdirSync(join(tmp.path, 'ws', 'datasets', 'Linda-v1', 'wavs'))).toHaveLength(5);
    const report = ok<{ utterances: number; durations: number[] }>(await backend.invoke('datasets:report', { datasetId: ds!.id }));
    expect(report.durations).toHaveLength(5);
    expect(await backend.invoke('datasets:build', { speakerId: speaker.id, name: 'Linda v1' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('import an LJSpeech folder as a job, and refuse a broken one without leaving files', async () => {
    const { job } = ok<{ job: number }>(await backend.invoke('datasets:importFolder', { path: shared, name: 'LJ 32' }));
    expect((await settled(job)).state).toBe('succeeded');
    expect(ok<{ utterances: number }[]>(await backend.invoke('datasets:list', {}))[0]).toMatchObject({ utterances: 32 });

    const bad = join(tmp.path, 'bad');
    cpSync(shared, bad, { recursive: true });
    writeFileSync(join(bad, 'LJ001-0005.wav'), '');
    const second = ok<{ job: number }>(await backend.invoke('datasets:importFolder', { path: bad, name: 'Broken' }));
    const failed = await settled(second.job);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/LJ001-0005: LJ001-0005\.wav is empty \(0 bytes\)/);
    expect(readdirSync(join(tmp.path, 'ws', 'datasets'))).toEqual(['LJ-32']);
    expect(await backend.invoke('datasets:importFolder', { path: join(tmp.path, 'nowhere'), name: 'X' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
