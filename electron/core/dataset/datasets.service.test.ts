// Dataset jobs against a real workspace: build from recorded takes, import an LJSpeech folder, refuse a broken one, export.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../audio/wav';
import { ok, openHarness, type Harness } from '../testing/backend-harness';
import type { BuildReport } from '../../shared/domains/datasets';

const shared = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
let h: Harness;
beforeEach(async () => { h = await openHarness(); });
afterEach(() => h.close());

interface Recorded { speakerId: number; takes: { takeId: number; key: string; path: string }[] }

/** A speaker who recorded the first `n` LJSpeech clips, one take each, through the recorder's calls. */
async function recordLinda(n: number): Promise<Recorded> {
  const { backend } = h;
  const speaker = ok<{ id: number }>(await backend.invoke('corpus:createSpeaker', { name: 'Linda', language: 'en-US' }));
  const rows = readFileSync(join(shared, 'metadata.csv'), 'utf8').trim().split('\n').slice(0, n).map((l) => l.split('|') as [string, string, string]);
  ok(await backend.invoke('corpus:importScript', { speakerId: speaker.id, fileName: 'lj.tsv', content: Buffer.from(rows.map(([id, raw]) => `${id}\t${raw}`).join('\n')).toString('base64') }));
  const prompts = ok<{ prompts: { id: number; key: string }[] }>(await backend.invoke('corpus:listPrompts', { speakerId: speaker.id })).prompts;
  const takes: Recorded['takes'] = [];
  for (const p of prompts) {
    const audio = decodeWav(readFileSync(join(shared, `${p.key}.wav`))).channels[0]!;
    const { takeId } = ok<{ takeId: number }>(await backend.invoke('corpus:startTake', { speakerId: speaker.id, promptId: p.id, sampleRate: 22050 }));
    ok(await backend.invoke('corpus:appendTake', { takeId, seq: 0, samples: Buffer.from(audio.buffer).toString('base64') }));
    const take = ok<{ path: string }>(await backend.invoke('corpus:finishTake', { takeId }));
    takes.push({ takeId, key: p.key, path: take.path });
  }
  return { speakerId: speaker.id, takes };
}

async function buildLinda(n: number, name = 'Linda v1'): Promise<{ id: number; dir: string; rec: Recorded }> {
  const rec = await recordLinda(n);
  const { job } = ok<{ job: number }>(await h.backend.invoke('datasets:build', { speakerId: rec.speakerId, name }));
  expect((await h.settled(job)).state).toBe('succeeded');
  const ds = ok<{ id: number; name: string; path: string }[]>(await h.backend.invoke('datasets:list', {})).find((d) => d.name === name)!;
  return { id: ds.id, dir: join(h.workspace, ds.path), rec };
}

describe.skipIf(!existsSync(shared))('dataset jobs', () => {
  it('build a dataset from the best take of each recorded prompt', async () => {
    const { id, rec } = await buildLinda(5);
    const [ds] = ok<{ id: number; name: string; utterances: number; path: string }[]>(await h.backend.invoke('datasets:list', {}));
    expect(ds).toMatchObject({ id, name: 'Linda v1', utterances: 5, path: 'datasets/Linda-v1' });
    expect(readdirSync(join(h.workspace, 'datasets', 'Linda-v1', 'wavs'))).toHaveLength(5);
    const report = ok<BuildReport>(await h.backend.invoke('datasets:report', { datasetId: id }));
    expect(report.durations).toHaveLength(5);
    expect(report.coverage?.phones.covered).toBeGreaterThan(20);
    expect(await h.backend.invoke('datasets:build', { speakerId: rec.speakerId, name: 'Linda v1' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it("honour the narrator's trim points, and report outliers with workspace paths the studio can play", async () => {
    const rec = await recordLinda(4);
    const trimmed = rec.takes[0]!;
    ok(await h.backend.invoke('corpus:setTrim', { takeId: trimmed.takeId, trim: { start: 0.25, end: 1.5 } }));
    // Trimmed to a blip: rejected as too short, and the report plays the raw take.
    ok(await h.backend.invoke('corpus:setTrim', { takeId: rec.takes[1]!.takeId, trim: { start: 1, end: 1.1 } }));
    const { job } = ok<{ job: number }>(await h.backend.invoke('datasets:build', { speakerId: rec.speakerId, name: 'Trimmed' }));
    expect((await h.settled(job)).state).toBe('succeeded');
    const clip = decodeWav(readFileSync(join(h.workspace, 'datasets', 'Trimmed', 'wavs', `${trimmed.key}.wav`)));
    expect(clip.channels[0]!.length).toBe(Math.round(1.5 * 22050) - Math.round(0.25 * 22050));
    const [ds] = ok<{ id: number }[]>(await h.backend.invoke('datasets:list', {}));
    const report = ok<BuildReport>(await h.backend.invoke('datasets:report', { datasetId: ds!.id }));
    expect(report.durations[0]).toBeCloseTo(1.25, 4);
    expect(report.outliers.find((o) => o.id === rec.takes[1]!.key)).toMatchObject({ reason: 'too_short', rejected: true });
    for (const o of report.outliers) {
      expect(o.audio).not.toBeNull();
      expect(o.audio).toBe(o.rejected ? rec.takes.find((t) => t.key === o.id)!.path : `datasets/Trimmed/wavs/${o.id}.wav`);
      expect(existsSync(join(h.workspace, o.audio!))).toBe(true);
    }
    // LJ001-0001's 1.25 s of a long sentence reads far too fast: flagged, kept, playable from the dataset.
    expect(report.outliers.find((o) => o.id === trimmed.key)).toMatchObject({ reason: 'rate_outlier', rejected: false });
  });

  it('read a report.json written before coverage and playable outliers existed', async () => {
    const { id, dir } = await buildLinda(2);
    writeFileSync(join(dir, 'report.json'), JSON.stringify({
      utterances: 2, seconds: 9, rejected: 0, outliers: [{ id: 'LJ001-0001', reason: 'rate_outlier', detail: 'slow', rejected: false }],
      durations: [4, 5], charsPerSecond: [14, 15],
    }));
    expect(ok<BuildReport>(await h.backend.invoke('datasets:report', { datasetId: id }))).toMatchObject({
      coverage: null, outliers: [{ id: 'LJ001-0001', audio: null }],
    });
  });

  it('import an LJSpeech folder as a job, and refuse a broken one without leaving files', async () => {
    const { backend } = h;
    const { job } = ok<{ job: number }>(await backend.invoke('datasets:importFolder', { path: shared, name: 'LJ 32' }));
    expect((await h.settled(job)).state).toBe('succeeded');
    expect(ok<{ utterances: number }[]>(await backend.invoke('datasets:list', {}))[0]).toMatchObject({ utterances: 32 });

    const bad = join(h.root, 'bad');
    cpSync(shared, bad, { recursive: true });
    writeFileSync(join(bad, 'LJ001-0005.wav'), '');
    const second = ok<{ job: number }>(await backend.invoke('datasets:importFolder', { path: bad, name: 'Broken' }));
    const failed = await h.settled(second.job);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/LJ001-0005: LJ001-0005\.wav is empty \(0 bytes\)/);
    expect(readdirSync(join(h.workspace, 'datasets'))).toEqual(['LJ-32']);
    expect(await backend.invoke('datasets:importFolder', { path: join(h.root, 'nowhere'), name: 'X' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('export a dataset whole into a new folder or an empty one, and refuse a folder that has files', async () => {
    const { id, dir } = await buildLinda(4);
    const target = join(h.root, 'exports', 'linda');
    const steps: number[] = [];
    const off = h.backend.onEvent((event, payload) => { if (event === 'jobs:progress') steps.push((payload as { current: number }).current); });
    const { job } = ok<{ job: number }>(await h.backend.invoke('datasets:export', { datasetId: id, path: target }));
    const done = await h.settled(job);
    off();
    expect(done.state).toBe('succeeded');
    expect(done.result).toMatchObject({ path: target, files: 7 });
    expect(readdirSync(target).sort()).toEqual(['dataset.json', 'metadata.csv', 'report.json', 'wavs']);
    for (const f of ['metadata.csv', 'dataset.json', ...readdirSync(join(dir, 'wavs')).map((w) => `wavs/${w}`)]) {
      expect(readFileSync(join(target, f)).equals(readFileSync(join(dir, f))), f).toBe(true);
    }
    expect(readdirSync(join(h.root, 'exports'))).toEqual(['linda']);
    expect(steps.length).toBeGreaterThan(0);

    const refused = await h.backend.invoke('datasets:export', { datasetId: id, path: target });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/is not empty/), hint: expect.stringMatching(/empty folder or a new folder name/) } });
    expect(await h.backend.invoke('datasets:export', { datasetId: id, path: join(dir, 'inside') })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await h.backend.invoke('datasets:export', { datasetId: 999, path: join(h.root, 'x') })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const empty = join(h.root, 'empty');
    mkdirSync(empty);
    const again = ok<{ job: number }>(await h.backend.invoke('datasets:export', { datasetId: id, path: empty }));
    expect((await h.settled(again.job)).state).toBe('succeeded');
    expect(readdirSync(join(empty, 'wavs'))).toHaveLength(4);
  });

  it('fail an export of a dataset that lost a clip, leaving nothing at the target', async () => {
    const { id, dir } = await buildLinda(3);
    rmSync(join(dir, 'wavs', readdirSync(join(dir, 'wavs'))[0]!));
    const target = join(h.root, 'out');
    const { job } = ok<{ job: number }>(await h.backend.invoke('datasets:export', { datasetId: id, path: target }));
    const failed = await h.settled(job);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/missing 1 clip that metadata\.csv lists; nothing was exported\..*wavs\/LJ001-000\d\.wav/);
    expect(readdirSync(h.root).filter((f) => f.includes('out'))).toEqual([]);
  });
});
