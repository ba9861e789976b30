// The lab: experiments comparing vocoders on the same mels (copy synthesis of recordings), run as a job in a worker thread.
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import {
  ConditionInputSchema, type AvailableCondition, type CreateExperimentInputSchema, type ExperimentDetail, type MelDecl,
} from '../../shared/domains/lab';
import { ApiError } from '../../shared/errors';
import { listVoices } from '../db/areas.repo';
import { datasetPath } from '../db/datasets.repo';
import { getJob } from '../db/jobs.repo';
import {
  experimentNameTaken, getExperiment, insertExperiment, insertOutput, listConditions, listUtterances, setConditionSpeed, setExperimentState, setReference, startRun,
} from '../db/lab.repo';
import { resolveWorkerEntry } from '../dataset/dataset-pool';
import { folderName } from '../fs/folder-name';
import type { JobContext } from '../jobs/job-runner';
import { readGpuStatus } from '../training/gpu-status';
import { parseVoiceJson } from '../synth/voice-package';
import type { Workspace } from '../workspace/workspace';
import { experimentDetail } from './lab-detail';
import type { RunMessage, RunPlan } from './lab-run-protocol';
import { DEFAULT_MEL_DECL, melMismatch } from './mel-match';
import { mcepConfigFor } from './metrics/mel-cepstrum';
import { datasetUtterances, scanRecordingFolder } from './utterance-sources';
import { perWorkspace } from '../workspace/per-workspace';

export type CreateExperimentInput = z.output<typeof CreateExperimentInputSchema>;
type ConditionChoice = z.output<typeof ConditionInputSchema>;
interface RunParams { experimentId: number }

interface Resolved extends AvailableCondition { voiceId: number | null; voicePath: string | null; vocoder: string }

/** Labels are also listening-test condition names: letters, digits, space and _ . ( ) + - only (listening's conditionName). */
export class LabService {
  constructor(private readonly ws: Workspace) {
    ws.jobs.register('lab:run', (ctx: JobContext<RunParams>) => this.execute(ctx));
  }

  private voiceDir(path: string): string {
    return isAbsolute(path) ? path : this.ws.resolveInside(path);
  }

  /** Griffin-Lim plus every vocoder of every readable voice; a voice whose voice.json is broken is left out. */
  conditions(): Resolved[] {
    const out: Resolved[] = [{
      input: { source: 'builtin', vocoder: 'griffinlim', iterations: 32 }, label: 'Griffin-Lim', kind: 'griffinlim', voiceName: null,
      mel: DEFAULT_MEL_DECL, voiceId: null, voicePath: null, vocoder: 'griffinlim',
    }];
    for (const v of listVoices(this.ws.db)) {
      let voice;
      try {
        const dir = this.voiceDir(v.path);
        voice = parseVoiceJson(readFileSync(join(dir, 'voice.json'), 'utf8'));
      } catch {
        continue;
      }
      for (const voc of voice.vocoders) {
        out.push({
          input: { source: 'voice', voiceId: v.id, vocoder: voc.name }, label: `${voice.name} (${voc.name})`, kind: voc.kind, voiceName: voice.name,
          mel: voice.mel, voiceId: v.id, voicePath: v.path, vocoder: voc.name,
        });
      }
    }
    return out;
  }

  private resolveCondition(c: ConditionChoice, available: Resolved[]): Resolved {
    if (c.source === 'builtin') return { ...available[0]!, input: c, label: c.iterations === 32 ? 'Griffin-Lim' : `Griffin-Lim (${c.iterations} iterations)` };
    const voice = listVoices(this.ws.db).find((v) => v.id === c.voiceId);
    if (!voice) throw new ApiError('not_found', `There is no voice ${c.voiceId} in this workspace`, 'Pick a vocoder from the list lab:conditions gives.');
    const hit = available.find((a) => a.voiceId === c.voiceId && a.vocoder === c.vocoder);
    if (!hit) {
      const names = available.filter((a) => a.voiceId === c.voiceId).map((a) => a.vocoder);
      throw new ApiError('invalid_input', `Voice ${voice.name} has no vocoder ${c.vocoder}${names.length ? '' : ' (its voice.json could not be read)'}`,
        names.length ? `Choose one of: ${names.join(', ')}.` : 'Re-import the voice from the Voices area.');
    }
    return hit;
  }

  create(input: CreateExperimentInput): ExperimentDetail {
    if (experimentNameTaken(this.ws.db, input.name)) {
      throw new ApiError('conflict', `An experiment named "${input.name}" already exists`, 'Choose another name.');
    }
    const available = this.conditions();
    const chosen = input.conditions.map((c) => this.resolveCondition(c, available));
    const labels = new Set<string>();
    for (const c of chosen) {
      if (labels.has(c.label)) throw new ApiError('invalid_input', `${c.label} is chosen twice`, 'Pick each vocoder once.');
      labels.add(c.label);
    }
    const acoustic = input.acoustic ? this.acousticVoice(input.acoustic.voiceId) : null;
    // The input mels are the Tacotron2 voice's, or else those of the first condition; every condition must take exactly those.
    const mel: MelDecl = acoustic?.mel ?? chosen[0]!.mel;
    const melOwner = acoustic ? `the Tacotron2 of ${acoustic.voiceName}` : chosen[0]!.label;
    for (const c of acoustic ? chosen : chosen.slice(1)) {
      const diff = melMismatch(c.mel, mel);
      if (diff.length) {
        throw new ApiError('invalid_input', `${c.label} takes different mels from this experiment's (those of ${melOwner}): ${diff.join('; ')}`,
          'Compare vocoders that share one mel configuration, or make one experiment per configuration.');
      }
    }
    if (mel.clamp !== 1e-5) {
      throw new ApiError('invalid_input', `${melOwner} declares a log clamp of ${mel.clamp}; the studio's mel extractor clamps at 1e-5`, 'Use a voice exported with the Tacotron2 mel definition.');
    }
    try { mcepConfigFor(mel.sampleRate); } catch (e) { throw new ApiError('invalid_input', (e as Error).message, 'Use vocoders at one of those rates.'); }
    const src = input.source;
    let utterances;
    let source: string;
    if (src.kind === 'folder') {
      utterances = scanRecordingFolder(resolve(src.path));
      source = `folder ${resolve(src.path)}`;
    } else if (src.kind === 'dataset') {
      const rel = datasetPath(this.ws.db, src.datasetId);
      if (rel === null) throw new ApiError('not_found', `There is no dataset ${src.datasetId}`, 'Pick a dataset from the Datasets area.');
      const dir = isAbsolute(rel) ? rel : this.ws.resolveInside(rel);
      utterances = datasetUtterances(dir, src.ids);
      source = `dataset ${rel}`;
    } else {
      if (!acoustic) throw new ApiError('invalid_input', 'Texts without recordings need a Tacotron2 voice to render their mels', 'Choose the voice whose Tacotron2 renders the texts, or give recordings instead.');
      utterances = src.texts.map((text, i) => ({ key: `text-${String(i + 1).padStart(3, '0')}`, text, sourcePath: '' }));
      source = `${src.texts.length} text${src.texts.length === 1 ? '' : 's'}`;
    }
    if (acoustic) {
      const silent = utterances.slice(0, input.limit).filter((u) => u.text.trim() === '').map((u) => u.key);
      if (silent.length) throw new ApiError('invalid_input', `${silent.length} utterance${silent.length === 1 ? ' has' : 's have'} no transcript for Tacotron2 to read: ${silent.slice(0, 5).join(', ')}`, 'Add a .txt or .lab beside each recording, or use copy synthesis (no Tacotron2 voice).');
      source += `, mels rendered by the Tacotron2 of ${acoustic.voiceName}`;
    }
    utterances = utterances.slice(0, input.limit);
    const slug = folderName(input.name).slice(0, 60) || 'experiment';
    const id = insertExperiment(this.ws.db, {
      name: input.name, mel: JSON.stringify(mel), source, threads: input.threads,
      acoustic: acoustic ? JSON.stringify({ voiceName: acoustic.voiceName, voicePath: acoustic.voicePath }) : null,
      conditions: chosen.map((c) => ({ label: c.label, kind: c.kind, voiceId: c.voiceId, voicePath: c.voicePath, vocoder: c.input.source === 'builtin' ? `griffinlim:${c.input.iterations}` : c.vocoder })),
      utterances, folderFor: (n) => `lab/${slug}-${n}`,
    });
    mkdirSync(this.ws.resolveInside(getExperiment(this.ws.db, id)!.folder), { recursive: true });
    return experimentDetail(this.ws.db, id);
  }

  private acousticVoice(voiceId: number): { voiceName: string; voicePath: string; mel: MelDecl } {
    const row = listVoices(this.ws.db).find((v) => v.id === voiceId);
    if (!row) throw new ApiError('not_found', `There is no voice ${voiceId} in this workspace`, 'Pick the Tacotron2 voice from the Voices area.');
    try {
      const voice = parseVoiceJson(readFileSync(join(this.voiceDir(row.path), 'voice.json'), 'utf8'));
      return { voiceName: voice.name, voicePath: row.path, mel: voice.mel };
    } catch (e) {
      throw new ApiError('invalid_input', `The voice ${row.name} cannot be read: ${(e as Error).message}`, 'Re-import the voice from the Voices area.');
    }
  }

  get(experimentId: number): ExperimentDetail {
    return experimentDetail(this.ws.db, experimentId);
  }

  run(experimentId: number): { job: number } {
    const e = getExperiment(this.ws.db, experimentId);
    if (!e) throw new ApiError('not_found', `There is no experiment ${experimentId}`, 'Pick one from the Lab list.');
    const last = e.lastJobId === null ? null : getJob(this.ws.db, e.lastJobId);
    if (e.state === 'running' && last && (last.state === 'running' || last.state === 'queued')) throw new ApiError('conflict', `${e.name} is already running`, 'Wait for its job to finish, or cancel it.');
    const job = this.ws.jobs.start('lab:run', `Run experiment ${e.name}`, { experimentId });
    return { job: job.id };
  }

  private plan(experimentId: number): RunPlan {
    const e = getExperiment(this.ws.db, experimentId)!;
    const mel = JSON.parse(e.mel) as MelDecl;
    const acoustic = e.acoustic ? (JSON.parse(e.acoustic) as { voicePath: string }) : null;
    return {
      dir: this.ws.resolveInside(e.folder), root: this.ws.root, mel, acousticDir: acoustic ? this.voiceDir(acoustic.voicePath) : null, mcep: mcepConfigFor(mel.sampleRate), threads: e.threads,
      conditions: listConditions(this.ws.db, experimentId).map((c) => ({
        id: c.id, label: c.label, kind: c.kind, voiceDir: c.kind === 'griffinlim' && c.voicePath === null ? null : this.voiceDir(c.voicePath!),
        vocoder: c.vocoder, iterations: c.vocoder.startsWith('griffinlim:') ? Number(c.vocoder.split(':')[1]) : 32,
      })),
      utterances: listUtterances(this.ws.db, experimentId).map((u) => ({ id: u.id, key: u.key, text: u.text, sourcePath: u.sourcePath })),
    };
  }

  private async execute(ctx: JobContext<RunParams>): Promise<{ outputs: number }> {
    const { experimentId } = ctx.params;
    const plan = this.plan(experimentId);
    startRun(this.ws.db, experimentId, ctx.id);
    const total = plan.utterances.length * plan.conditions.length;
    const speed = new Map(plan.conditions.map((c) => [c.id, { audio: 0, compute: 0 }]));
    let done = 0;
    try {
      const finished = await this.runWorker(plan, ctx.signal, (m) => {
        if (m.event === 'reference') setReference(this.ws.db, m.utteranceId, m.path, m.seconds, m.loudness);
        if (m.event === 'output') {
          insertOutput(this.ws.db, { ...m, metrics: JSON.stringify(m.metrics) });
          const s = speed.get(m.conditionId)!;
          s.audio += m.audioSeconds;
          s.compute += m.computeSeconds;
          done++;
          try { ctx.progress('vocode', done, total); } catch { /* cancelled: the worker is being stopped */ }
        }
      });
      for (const [id, s] of speed) setConditionSpeed(this.ws.db, id, s.audio, s.compute);
      const gpu = await readGpuStatus();
      const environment = {
        cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), platform: `${platform()} ${release()}`, node: process.version,
        onnxruntime: finished.onnxruntime, provider: finished.provider, threads: plan.threads,
        gpu: gpu.available ? `${gpu.gpus.map((g) => g.name).join(', ')} (present, not used: speed is measured on the CPU provider)` : `none (${gpu.reason})`,
      };
      setExperimentState(this.ws.db, experimentId, 'done', JSON.stringify(environment));
      return { outputs: done };
    } catch (e) {
      setExperimentState(this.ws.db, experimentId, ctx.signal.aborted ? 'ready' : 'failed');
      throw e;
    }
  }

  /** One worker thread per run, ended by its handle when the run is done, fails or is cancelled. */
  private runWorker(plan: RunPlan, signal: AbortSignal, onMessage: (m: RunMessage) => void): Promise<{ provider: string; onnxruntime: string }> {
    const entry = resolveWorkerEntry('lab-run.worker', import.meta.url);
    const execArgv = entry.pathname.endsWith('.ts') ? ['--import', new URL('../dataset/ts-source.register.mjs', import.meta.url).href] : undefined;
    const worker = new Worker(fileURLToPath(entry), { workerData: plan, ...(execArgv ? { execArgv } : {}) });
    return new Promise((resolvePromise, reject) => {
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', abort);
        void worker.terminate();
        fn();
      };
      const abort = (): void => finish(() => reject(new ApiError('cancelled', 'The experiment run was cancelled.')));
      signal.addEventListener('abort', abort, { once: true });
      worker.on('message', (m: RunMessage) => {
        if (settled) return;
        if (m.event === 'done') return finish(() => resolvePromise({ provider: m.provider, onnxruntime: m.onnxruntime }));
        if (m.event === 'error') return finish(() => reject(new ApiError('internal', m.message, m.hint ?? 'Check the recordings and vocoders of the experiment, then run it again.')));
        try { onMessage(m); } catch (err) { finish(() => reject(err instanceof Error ? err : new Error(String(err)))); }
      });
      worker.on('error', (err) => finish(() => reject(new ApiError('internal', `The experiment's worker failed: ${err.message}`, 'Run it again; report it if it repeats.'))));
      worker.on('exit', (code) => finish(() => reject(new ApiError('internal', `The experiment's worker stopped (exit code ${code}) before finishing`, 'Run it again; report it if it repeats.'))));
    });
  }
}

/** The workspace's lab service (its job kind registered once per open workspace). */
export const labFor = perWorkspace((ws) => new LabService(ws));
