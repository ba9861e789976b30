// The run manager against the real trainer (tiny config, CPU): start, follow, pause, resume, a studio restart with the trainer alive, a killed trainer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDetail } from '../../shared/domains/training';
import { createBackend, type Backend } from '../backend';
import { decodeWav, encodeWav } from '../audio/wav';
import { makeTempDir } from '../testing/temp-dir';
import { ok } from '../testing/backend-harness';
import { hasTorch } from '../testing/python';
import { loadVoicePackage } from '../synth/voice-package';
import type { Job } from '../../shared/contract';

const lj = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');

let tmp: ReturnType<typeof makeTempDir>;
let backend: Backend;
let updates: RunDetail[];
const workspace = (): string => join(tmp.path, 'ws');

async function open(): Promise<Backend> {
  const b = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace: workspace() });
  b.onEvent((event, payload) => {
    if (event === 'training:updated') updates.push(payload as RunDetail);
  });
  return b;
}

beforeEach(async () => {
  tmp = makeTempDir();
  updates = [];
  backend = await open();
});
afterEach(async () => {
  // Trainers outlive the studio by design: stop any this test left behind.
  for (const u of updates) if (u.pid) try { process.kill(u.pid, 'SIGKILL'); } catch { /* gone */ }
  await backend.close();
  tmp.cleanup();
});

/** Resolves with the first update of this run that satisfies `test`, looking at those already seen too. */
function until(runId: number, test: (r: RunDetail) => boolean, timeoutMs = 120_000): Promise<RunDetail> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      const hit = updates.find((u) => u.id === runId && test(u));
      if (hit) return resolve(hit);
      if (Date.now() - started > timeoutMs) return reject(new Error(`run ${runId}: no matching update; last: ${JSON.stringify(updates.filter((u) => u.id === runId).at(-1))}`));
      setTimeout(check, 50);
    };
    check();
  });
}

/** Eight LJSpeech clips cut to 1.5 s, imported as a dataset (the trainer's tiny config trains on it in seconds). */
async function tinyDataset(): Promise<number> {
  const dir = join(tmp.path, 'lj8');
  mkdirSync(join(dir, 'wavs'), { recursive: true });
  const lines = readFileSync(join(lj, 'metadata.csv'), 'utf8').trim().split('\n').slice(0, 8);
  for (const line of lines) {
    const id = line.split('|')[0]!;
    const wav = decodeWav(readFileSync(join(lj, `${id}.wav`)));
    writeFileSync(join(dir, 'wavs', `${id}.wav`), encodeWav({ sampleRate: wav.sampleRate, channels: [wav.channels[0]!.slice(0, Math.round(1.5 * wav.sampleRate))] }));
  }
  writeFileSync(join(dir, 'metadata.csv'), lines.map((l) => { const [id, raw, norm] = l.split('|'); return `${id}|${raw!.split(' ').slice(0, 4).join(' ')}|${(norm ?? raw)!.split(' ').slice(0, 4).join(' ')}`; }).join('\n') + '\n');
  const { job } = ok<{ job: number }>(await backend.invoke('datasets:importFolder', { path: dir, name: 'lj8' }));
  for (;;) {
    const j = ok<Job>(await backend.invoke('jobs:get', { id: job }));
    if (j.state === 'succeeded') return (j.result as { datasetId: number }).datasetId;
    if (j.state === 'failed') throw new Error(j.error ?? 'import failed');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!hasTorch || !existsSync(lj))('training runs', () => {
  it('finds a Python that can train, and says what is wrong with one that cannot', async () => {
    const list = ok<{ path: string; ok: boolean; torchVersion: string | null; problem: string | null }[]>(await backend.invoke('training:interpreters', { extra: '/bin/false' }));
    const system = list.find((i) => i.path === '/usr/bin/python3');
    expect(system).toMatchObject({ ok: true });
    expect(system!.torchVersion).toMatch(/^\d+\.\d+/);
    const bad = list.find((i) => i.path === '/bin/false')!;
    expect(bad.ok).toBe(false);
    expect(bad.problem).toMatch(/could not be run|did not answer/);
    // A run started with it is refused up front with that reason.
    const datasetId = await tinyDataset();
    const r = await backend.invoke('training:start', { datasetId, name: 'nope', python: '/bin/false' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/cannot run the trainer/);
  }, 120_000);

  it('starts a tiny run, follows its steps and evals, pauses to a checkpoint, and resumes to the end', async () => {
    const datasetId = await tinyDataset();
    const run = ok<RunDetail>(await backend.invoke('training:start', { datasetId, name: 'tiny check', preset: 'tiny', steps: 12, batchSize: 4 }));
    expect(run).toMatchObject({ state: 'starting', targetSteps: 12, runDir: 'runs/tiny-check' });
    const running = await until(run.id, (r) => r.state === 'running' && r.step >= 3);
    expect(running.device).toBe('cpu');
    ok(await backend.invoke('training:pause', { runId: run.id }));
    const paused = await until(run.id, (r) => r.state === 'paused');
    expect(paused.checkpoints).toBeGreaterThanOrEqual(1);
    expect(paused.pid).toBeNull();
    const pausedAt = paused.step;
    expect(pausedAt).toBeLessThan(12);

    ok(await backend.invoke('training:resume', { runId: run.id }));
    const done = await until(run.id, (r) => r.state === 'completed');
    expect(done.step).toBe(12);
    const detail = ok<{ metrics: { step: number[]; series: Record<string, (number | null)[]> }; evals: { step: number; alignmentImage: string | null }[]; log: string[] }>(
      await backend.invoke('training:get', { runId: run.id }));
    // One step event per step across both attempts, in order, each with a finite loss.
    expect(detail.metrics.step).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(detail.metrics.series.total!.every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
    expect(detail.evals.length).toBeGreaterThanOrEqual(2);
    const image = detail.evals.at(-1)!.alignmentImage!;
    expect(existsSync(join(workspace(), image))).toBe(true);
    // Incremental reads give only what is new.
    const more = ok<{ metrics: { from: number; step: number[] } }>(await backend.invoke('training:get', { runId: run.id, metricsFrom: 10 }));
    expect(more.metrics).toMatchObject({ from: 10, step: [11, 12] });
    expect(ok<RunDetail[]>(await backend.invoke('training:list', {})).map((r) => r.name)).toEqual(['tiny check']);
  }, 240_000);

  it('keeps training when the studio restarts, re-attaches, and marks a killed trainer interrupted', async () => {
    const datasetId = await tinyDataset();
    const run = ok<RunDetail>(await backend.invoke('training:start', { datasetId, name: 'survivor', steps: 400, batchSize: 4 }));
    const running = await until(run.id, (r) => r.state === 'running' && r.step >= 2);
    const pid = running.pid!;
    await backend.close();

    // The studio is gone; the trainer is not.
    expect(() => process.kill(pid, 0)).not.toThrow();
    updates = [];
    backend = await open();
    const list = ok<RunDetail[]>(await backend.invoke('training:list', {}));
    expect(list[0]).toMatchObject({ id: run.id, state: 'running', pid });
    const later = list[0]!.step;
    await until(run.id, (r) => r.step > later + 2);

    process.kill(pid, 'SIGKILL');
    const dead = await until(run.id, (r) => r.state === 'interrupted');
    expect(dead.error?.message).toMatch(/stopped without saying why/);
    expect(dead.error?.hint).toMatch(/Resume/);
    const again = await backend.invoke('training:pause', { runId: run.id });
    expect(again.ok).toBe(false);
  }, 240_000);

  it('trains a tiny vocoder on ground-truth and on teacher-forced mels, and exports both runs as a voice that loads', async () => {
    const datasetId = await tinyDataset();
    const taco = ok<RunDetail>(await backend.invoke('training:start', { datasetId, name: 'taco', steps: 4, batchSize: 4 }));
    await until(taco.id, (r) => r.state === 'completed');
    // Not before it has a checkpoint: refused with the reason.
    const early = await backend.invoke('training:export', { runId: taco.id, vocoderRunId: taco.id, name: 'x' });
    expect(early.ok).toBe(false);
    const gt = ok<RunDetail>(await backend.invoke('training:start', { datasetId, name: 'voc', model: 'hifigan', steps: 3, batchSize: 2 }));
    expect(gt.model).toBe('hifigan');
    const gtDone = await until(gt.id, (r) => r.state === 'completed');
    expect(gtDone.lastLoss).not.toBeNull();
    const gta = ok<RunDetail>(await backend.invoke('training:start', { datasetId, name: 'voc gta', model: 'hifigan', preset: 'finetune', gtaFromRun: taco.id, steps: 2, batchSize: 2 }));
    await until(gta.id, (r) => r.state === 'completed');
    expect(JSON.parse(readFileSync(join(workspace(), gta.runDir, 'run.json'), 'utf8')).gta.tacotron2_checkpoint).toMatch(/runs\/taco\/checkpoints\/ckpt-\d{8}\.pt$/);
    const metrics = ok<{ metrics: { series: Record<string, unknown[]> } }>(await backend.invoke('training:get', { runId: gt.id }));
    expect(Object.keys(metrics.metrics.series)).toEqual(expect.arrayContaining(['mel', 'lr']));

    const { job } = ok<{ job: number }>(await backend.invoke('training:export', { runId: taco.id, vocoderRunId: gta.id, name: 'Tiny Voice' }));
    let done: Job;
    for (;;) {
      done = ok<Job>(await backend.invoke('jobs:get', { id: job }));
      if (!['queued', 'running'].includes(done.state)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done.state, done.error ?? '').toBe('succeeded');
    const voices = ok<{ name: string; path: string }[]>(await backend.invoke('voices:list', {}));
    expect(voices).toEqual([expect.objectContaining({ name: 'Tiny Voice', path: 'voices/Tiny-Voice' })]);
    // The package loads in onnxruntime-node with every graph as voice.json declares it.
    const loaded = await loadVoicePackage(join(workspace(), 'voices', 'Tiny-Voice'));
    expect(loaded.voice.vocoders.map((v) => v.name)).toEqual(expect.arrayContaining(['hifigan', 'griffin-lim']));
    await loaded.release();
    const again = await backend.invoke('training:export', { runId: taco.id, name: 'Tiny Voice' });
    expect(again.ok).toBe(false);
  }, 300_000);

  it('refuses a second run of the same name and an unknown dataset', async () => {
    const datasetId = await tinyDataset();
    const missing = await backend.invoke('training:start', { datasetId: 999, name: 'x' });
    expect(missing.ok).toBe(false);
    const run = ok<RunDetail>(await backend.invoke('training:start', { datasetId, name: 'twice', steps: 2, batchSize: 4 }));
    const dup = await backend.invoke('training:start', { datasetId, name: 'twice' });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.error.message).toMatch(/already exists/);
    await until(run.id, (r) => r.state === 'completed');
  }, 120_000);
});
