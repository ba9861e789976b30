// The lab through the real backend and SQLite: an experiment from LJSpeech clips with Griffin-Lim and a trainer-exported HiFi-GAN, run, measured, reported.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvailableCondition, ExperimentDetail } from '../../shared/domains/lab';
import { decodeWav } from '../audio/wav';
import { openDatabase } from '../db/database';
import { insertJob, markInterrupted } from '../db/jobs.repo';
import { insertExperiment, startRun } from '../db/lab.repo';
import { experimentDetail } from './lab-detail';
import { DEFAULT_MEL_DECL } from './mel-match';
import { exportTinyVoice, noExporter } from '../synth/testing-voice';
import { ok, openHarness, type Harness } from '../testing/backend-harness';
import { makeTempDir } from '../testing/temp-dir';

const LJ = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');

describe('lab migration 8', () => {
  it('keeps an experiment made at version 7 and gives it the lab columns', () => {
    const tmp = makeTempDir('voicewright-lab-mig-');
    try {
      const file = join(tmp.path, 'studio.sqlite');
      const old = openDatabase(file, { targetVersion: 7 });
      old.prepare(`INSERT INTO experiments(name, utterances, created_at) VALUES ('old one', 3, '2026-01-01T00:00:00Z')`).run();
      old.close();
      const db = openDatabase(file, { targetVersion: 8 });
      expect(db.prepare('SELECT name, utterances, state, folder, threads FROM experiments').get()).toEqual({ name: 'old one', utterances: 3, state: 'ready', folder: '', threads: 1 });
      expect(() => db.prepare(`UPDATE experiments SET state = 'bogus'`).run()).toThrow(/CHECK/);
      db.close();
    } finally {
      tmp.cleanup();
    }
  });
});

describe('an experiment whose run the studio did not live to finish', () => {
  it('is runnable again once its job was marked interrupted at start-up', () => {
    const tmp = makeTempDir('voicewright-lab-state-');
    try {
      const db = openDatabase(join(tmp.path, 'studio.sqlite'));
      const id = insertExperiment(db, {
        name: 'crashed', mel: JSON.stringify(DEFAULT_MEL_DECL), source: 'folder x', acoustic: null, threads: 1, folderFor: (n) => `lab/crashed-${n}`,
        conditions: [{ label: 'Griffin-Lim', kind: 'griffinlim', voiceId: null, voicePath: null, vocoder: 'griffinlim:32' }],
        utterances: [{ key: 'a', text: 'A.', sourcePath: '/nowhere/a.wav' }],
      });
      const job = insertJob(db, 'lab:run', 'Run experiment crashed', { experimentId: id });
      startRun(db, id, job.id);
      expect(experimentDetail(db, id).state).toBe('running');
      expect(markInterrupted(db)).toBe(1);
      expect(experimentDetail(db, id).state).toBe('ready');
      db.close();
    } finally {
      tmp.cleanup();
    }
  });
});

describe.skipIf(noExporter !== null)('lab experiments', () => {
  let voices: ReturnType<typeof makeTempDir>;
  let h: Harness;
  let conditions: AvailableCondition[];

  beforeAll(async () => {
    voices = makeTempDir('voicewright-lab-voice-');
    exportTinyVoice(join(voices.path, 'tiny'));
    // The same package declaring 16 kHz mels with a 200-sample hop: a vocoder the experiment must refuse.
    cpSync(join(voices.path, 'tiny'), join(voices.path, 'tiny16'), { recursive: true });
    const vj = JSON.parse(readFileSync(join(voices.path, 'tiny16', 'voice.json'), 'utf8')) as { name: string; sampleRate: number; mel: Record<string, number>; vocoders: { hop: number }[] };
    vj.name = 'Tiny16k'; vj.sampleRate = 16000; vj.mel.sampleRate = 16000; vj.mel.hop = 200; vj.mel.fmax = 7600;
    for (const v of vj.vocoders) v.hop = 200;
    writeFileSync(join(voices.path, 'tiny16', 'voice.json'), JSON.stringify(vj));
    h = await openHarness();
    ok(await h.backend.invoke('voices:import', { path: join(voices.path, 'tiny') }));
    ok(await h.backend.invoke('voices:import', { path: join(voices.path, 'tiny16') }));
    conditions = ok<AvailableCondition[]>(await h.backend.invoke('lab:conditions', {}));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    voices?.cleanup();
  });

  it('lists Griffin-Lim and every vocoder of every voice with its mel config', () => {
    expect(conditions.map((c) => c.label)).toEqual(['Griffin-Lim', 'Tiny (hifi)', 'Tiny (griffin-lim)', 'Tiny16k (hifi)', 'Tiny16k (griffin-lim)']);
    expect(conditions[1]!.mel).toMatchObject({ sampleRate: 22050, hop: 256, nMels: 80 });
  });

  it('refuses a vocoder whose mels differ, saying exactly what differs', async () => {
    const r = await h.backend.invoke('lab:create', {
      name: 'mixed', source: { kind: 'folder', path: LJ }, limit: 2,
      conditions: [{ source: 'builtin', vocoder: 'griffinlim' }, conditions.find((c) => c.label === 'Tiny16k (hifi)')!.input],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (r.ok) return;
    expect(r.error.message).toBe("Tiny16k (hifi) takes different mels from this experiment's (those of Griffin-Lim): sample rate 16000 Hz, not 22050 Hz; hop 200 samples, not 256 samples; fmax 7600 Hz, not 8000 Hz");
    expect(ok<unknown[]>(await h.backend.invoke('lab:listExperiments', {}))).toHaveLength(0);
  });

  it('refuses a folder without recordings, with what to do', async () => {
    const empty = makeTempDir('voicewright-lab-empty-');
    try {
      const r = await h.backend.invoke('lab:create', { name: 'empty', source: { kind: 'folder', path: empty.path }, conditions: [{ source: 'builtin', vocoder: 'griffinlim' }] });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/holds no recordings/), hint: expect.stringMatching(/\.txt or \.lab/) } });
    } finally {
      empty.cleanup();
    }
  });

  it('runs Griffin-Lim and the ONNX HiFi-GAN on LJSpeech clips: WAVs, metrics with CIs, speed, report and CSV', async () => {
    const created = ok<ExperimentDetail>(await h.backend.invoke('lab:create', {
      name: 'GL vs tiny HiFi-GAN', source: { kind: 'folder', path: LJ }, limit: 3, threads: 1,
      conditions: [{ source: 'builtin', vocoder: 'griffinlim', iterations: 16 }, conditions.find((c) => c.label === 'Tiny (hifi)')!.input],
    }));
    expect(created.utterances.map((u) => u.key)).toEqual(['LJ001-0001', 'LJ001-0002', 'LJ001-0003']);
    expect(created.utterances[0]!.text).toMatch(/^Printing, in the only sense/);
    const progress: number[] = [];
    const off = h.backend.onEvent((event, payload) => {
      const p = payload as { step?: string; current?: number };
      if (event === 'jobs:progress' && p.step === 'vocode') progress.push(p.current!);
    });
    const { job } = ok<{ job: number }>(await h.backend.invoke('lab:run', { experimentId: created.id }));
    const done = await h.settled(job);
    off();
    expect(done.state, done.error ?? '').toBe('succeeded');
    const e = ok<ExperimentDetail>(await h.backend.invoke('lab:get', { experimentId: created.id }));
    expect(e.state).toBe('done');
    expect(e.utterances.every((u) => u.outputs.length === 2)).toBe(true);
    const [gl, hifi] = e.conditions;
    // Griffin-Lim from the true mel resembles the recording; a random-weight HiFi-GAN does not.
    expect(gl!.aggregate.mcd!.n).toBe(3);
    expect(gl!.aggregate.mcd!.ci95).toBeGreaterThan(0);
    expect(gl!.aggregate.mcd!.mean).toBeLessThan(hifi!.aggregate.mcd!.mean);
    expect(gl!.aggregate.spectralConvergence!.mean).toBeLessThan(hifi!.aggregate.spectralConvergence!.mean);
    expect(gl!.aggregate.lsd!.mean).toBeGreaterThan(0);
    expect(gl!.aggregate.vuvError!.mean).toBeLessThan(0.5);
    for (const c of e.conditions) expect(c.speed!.audioPerCompute).toBeCloseTo(1 / c.speed!.rtf, 6);
    const u = e.utterances[0]!;
    const ref = decodeWav(readFileSync(join(h.workspace, u.reference!)));
    expect(ref.sampleRate).toBe(22050);
    expect(u.reference).toBe(`${e.folder}/stimuli/reference/LJ001-0001.wav`);
    for (const o of u.outputs) expect(existsSync(join(h.workspace, o.path))).toBe(true);
    expect(u.outputs[1]!.path).toBe(`${e.folder}/stimuli/2-Tiny_hifi/LJ001-0001.wav`);
    console.log(`lab run: ${e.conditions.map((c) => `${c.label}: MCD ${c.aggregate.mcd!.mean.toFixed(2)} ± ${c.aggregate.mcd!.ci95!.toFixed(2)} dB, LSD ${c.aggregate.lsd!.mean.toFixed(2)} dB, MR-STFT ${c.aggregate.mrstft!.mean.toFixed(3)}, ${c.speed!.audioPerCompute.toFixed(1)}× real time`).join('; ')}`);
    expect(e.environment).toMatchObject({ threads: 1, provider: 'cpu' });
    expect(progress.at(-1)).toBe(6);

    const { path: report } = ok<{ path: string }>(await h.backend.invoke('lab:report', { experimentId: e.id }));
    const html = readFileSync(join(h.workspace, report), 'utf8');
    expect(html).toContain('α = 0.455 at 22050 Hz');
    expect(html).toContain('No listening test has been run for this experiment.');
    expect(html).toMatch(/<svg[^>]+aria-label="MCD \(DTW\), mean ± 95% CI/);
    expect(html).not.toMatch(/<script|src="http/);
    const { path: csv } = ok<{ path: string }>(await h.backend.invoke('lab:exportCsv', { experimentId: e.id }));
    const lines = readFileSync(join(h.workspace, csv), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('utterance,condition,kind,audio_seconds,compute_seconds,loudness_lufs,mcd,lsd,f0_rmse_cents,vuv_error,mrstft,spectral_convergence,log_magnitude');
    expect(lines).toHaveLength(7);

    // The outputs are a listening test's stimuli as they are: the labels pass as its condition names.
    const test = ok<{ testId: number; job: number }>(await h.backend.invoke('listening:create', { name: 'MOS', type: 'mos', experimentId: e.id, source: { kind: 'experiment' } }));
    const prepared = await h.settled(test.job);
    expect(prepared.state, prepared.error ?? '').toBe('succeeded');
    ok(await h.backend.invoke('lab:report', { experimentId: e.id }));
    expect(readFileSync(join(h.workspace, report), 'utf8')).toMatch(/<h3>MOS \(MOS, 0 listeners\)<\/h3>/);
  }, 300_000);

  it('takes utterances from a workspace dataset by id, and a cancelled run stops its worker and leaves the experiment ready', async () => {
    const imported = await h.settled(ok<{ job: number }>(await h.backend.invoke('datasets:importFolder', { path: LJ, name: 'lj' })).job);
    expect(imported.state, imported.error ?? '').toBe('succeeded');
    const dataset = ok<{ id: number; name: string }[]>(await h.backend.invoke('datasets:list', {})).find((d) => d.name === 'lj')!;
    const e = ok<ExperimentDetail>(await h.backend.invoke('lab:create', {
      name: 'from the dataset', source: { kind: 'dataset', datasetId: dataset.id, ids: ['LJ001-0005', 'LJ001-0002'] },
      conditions: [{ source: 'builtin', vocoder: 'griffinlim', iterations: 400 }],
    }));
    expect(e.utterances.map((u) => u.key)).toEqual(['LJ001-0005', 'LJ001-0002']);
    expect(e.utterances[0]!.sourcePath).toBe(join(h.workspace, 'datasets', 'lj', 'wavs', 'LJ001-0005.wav'));
    expect(await h.backend.invoke('lab:create', { name: 'bad id', source: { kind: 'dataset', datasetId: dataset.id, ids: ['LJ999'] }, conditions: [{ source: 'builtin', vocoder: 'griffinlim' }] }))
      .toMatchObject({ ok: false, error: { message: 'The dataset has no utterance LJ999' } });
    const { job } = ok<{ job: number }>(await h.backend.invoke('lab:run', { experimentId: e.id }));
    expect(await h.backend.invoke('lab:run', { experimentId: e.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    ok(await h.backend.invoke('jobs:cancel', { id: job }));
    expect((await h.settled(job)).state).toBe('cancelled');
    const after = ok<ExperimentDetail>(await h.backend.invoke('lab:get', { experimentId: e.id }));
    expect(after.state).toBe('ready');
    expect(after.utterances.flatMap((u) => u.outputs)).toHaveLength(0);
  }, 120_000);

  it('renders texts with a Tacotron2 voice and feeds the one mel to every vocoder: MCD (DTW) against the recording, nothing without one', async () => {
    const tiny = conditions.find((c) => c.label === 'Tiny (hifi)')!;
    const voiceId = tiny.input.source === 'voice' ? tiny.input.voiceId : 0;
    const vocoders = [{ source: 'builtin' as const, vocoder: 'griffinlim' as const, iterations: 4 }, tiny.input];
    const refused = await h.backend.invoke('lab:create', { name: 'no voice', source: { kind: 'texts', texts: ['Hello there.'] }, conditions: vocoders });
    expect(refused).toMatchObject({ ok: false, error: { message: 'Texts without recordings need a Tacotron2 voice to render their mels' } });
    const tts = ok<ExperimentDetail>(await h.backend.invoke('lab:create', {
      name: 'TTS vs recordings', source: { kind: 'folder', path: LJ }, limit: 1, conditions: vocoders, acoustic: { voiceId },
    }));
    expect(tts.acoustic).toEqual({ voiceName: 'Tiny', voicePath: 'voices/Tiny' });
    const texts = ok<ExperimentDetail>(await h.backend.invoke('lab:create', {
      name: 'texts only', source: { kind: 'texts', texts: ['A short line.', 'Another one here.'] }, conditions: vocoders, acoustic: { voiceId },
    }));
    expect(texts.utterances.map((u) => [u.key, u.sourcePath])).toEqual([['text-001', ''], ['text-002', '']]);
    for (const e of [tts, texts]) {
      const done = await h.settled(ok<{ job: number }>(await h.backend.invoke('lab:run', { experimentId: e.id })).job);
      expect(done.state, done.error ?? '').toBe('succeeded');
    }
    const a = ok<ExperimentDetail>(await h.backend.invoke('lab:get', { experimentId: tts.id }));
    const outs = a.utterances[0]!.outputs;
    expect(outs).toHaveLength(2);
    // Both vocoders got the same rendered mel: their outputs are equally long (Griffin-Lim one hop shorter).
    expect(Math.abs(outs[0]!.audioSeconds - outs[1]!.audioSeconds)).toBeLessThan(0.02);
    expect(outs[0]!.metrics.mcd).toBeGreaterThan(0);
    expect(outs[0]!.metrics.lsd).toBeNull();
    const b = ok<ExperimentDetail>(await h.backend.invoke('lab:get', { experimentId: texts.id }));
    expect(b.utterances.every((u) => u.reference === null && u.outputs.length === 2 && u.outputs.every((o) => o.metrics.mcd === null))).toBe(true);
    expect(b.conditions[1]!.aggregate.mcd).toBeNull();
    expect(b.conditions[1]!.speed!.audioPerCompute).toBeGreaterThan(0);
  }, 300_000);
});

if (noExporter !== null) describe('lab experiments', () => { it.skip(`skipped: ${noExporter}`, () => {}); });
