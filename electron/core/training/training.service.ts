// Training runs supervised by the studio: start from a dataset with a preset, follow the trainer's events, pause, resume, re-attach after a restart.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { RunDetail, trainingCalls } from '../../shared/domains/training';
import { ApiError } from '../../shared/errors';
import * as repo from '../db/training.repo';
import { datasetPath } from '../db/datasets.repo';
import { writeFileAtomic } from '../fs/atomic';
import type { Workspace } from '../workspace/workspace';
import { findInterpreters, probePython } from './python-probe';
import { RunMonitor } from './run-monitor';
import { LineTail, LOG_FILE, parseEvent, pickCheckpoint, signalTrainer, spawnTrainer, STDOUT_FILE, tailLines, trainerAlive } from './trainer-process';
import { runConfig } from './run-presets';
import { prepareExport, runVoiceExport } from './voice-export.job';
import type { JobContext } from '../jobs/job-runner';
import { folderName } from '../fs/folder-name';

type In<K extends keyof typeof trainingCalls> = z.output<(typeof trainingCalls)[K]['input']>;
type Out<K extends keyof typeof trainingCalls> = z.output<(typeof trainingCalls)[K]['output']>;

const POLL_MS = 250;

/** `exited`: this attempt's trainer is gone and its ending was recorded (once: the exit event and the pid watch may both see it). */
interface Followed { monitor: RunMonitor; tail: LineTail; exited: boolean }

export class TrainingService {
  private readonly followed = new Map<number, Followed>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastEmit = new Map<number, number>();
  /** After close, a trainer that exits is news for the next studio (it reads the event file), not for this one. */
  private closed = false;

  constructor(private readonly ws: Workspace, private readonly onUpdated: (run: RunDetail) => void) {
    ws.jobs.register('training:export', (ctx: JobContext<In<'training:export'> & { python: string }>) => runVoiceExport(ws, ctx));
  }

  async exportVoice(input: In<'training:export'>): Promise<Out<'training:export'>> {
    prepareExport(this.ws, input);
    const python = await this.pickPython(input.python ?? this.row(input.runId).python);
    return { job: this.ws.jobs.start('training:export', `Export voice ${input.name}`, { ...input, python }).id };
  }

  /** At open: runs left running are re-attached when their trainer is still alive, else marked interrupted. */
  recover(): void {
    for (const row of repo.activeRuns(this.ws.db)) {
      const abs = join(this.ws.root, row.runDir);
      const f = this.follow(row.id);
      if (row.pid !== null && trainerAlive(row.pid, abs)) continue;
      f.exited = true;
      this.settle(row.id, null, null);
    }
  }

  interpreters({ extra }: In<'training:interpreters'>): Promise<Out<'training:interpreters'>> {
    return findInterpreters(extra);
  }

  async start(input: In<'training:start'>): Promise<RunDetail> {
    const rel = datasetPath(this.ws.db, input.datasetId);
    if (rel === null) throw new ApiError('not_found', `There is no dataset ${input.datasetId}.`);
    if (repo.runNameTaken(this.ws.db, input.name) || existsSync(join(this.ws.root, 'runs', folderName(input.name)))) {
      throw new ApiError('conflict', `A run named ${input.name} already exists.`, 'Choose another name, or resume that run.');
    }
    if (input.model === 'tacotron2' && input.preset === 'finetune' && !input.warmStart) {
      throw new ApiError('invalid_input', 'Fine-tuning needs a checkpoint to start from.', 'Choose a checkpoint of an earlier run, or NVIDIA’s tacotron2_statedict.pt.');
    }
    let gta: string | undefined;
    if (input.model === 'hifigan' && (input.preset === 'finetune' || input.preset === 'default-voice')) {
      if (input.gtaFromRun === undefined) throw new ApiError('invalid_input', 'Fine-tuning a vocoder needs the Tacotron2 run whose mels it learns from.', 'Choose a Tacotron2 run with at least one checkpoint.');
      const source = this.row(input.gtaFromRun);
      const ckpt = source.model === 'tacotron2' ? pickCheckpoint(join(this.ws.root, source.runDir)) : null;
      if (!ckpt) throw new ApiError('conflict', `The run ${source.name} has no Tacotron2 checkpoint yet.`, 'Train it until it saves one, or choose another run.');
      gta = ckpt;
    }
    const python = await this.pickPython(input.python);
    const runDirRel = `runs/${folderName(input.name)}`;
    const runDirAbs = join(this.ws.root, runDirRel);
    const config = runConfig(input, join(this.ws.root, rel), runDirAbs, gta);
    const id = repo.insertRun(this.ws.db, { name: input.name, model: input.model, preset: input.preset, datasetId: input.datasetId, python, targetSteps: config.steps });
    mkdirSync(runDirAbs, { recursive: true });
    writeFileAtomic(join(runDirAbs, 'run.json'), JSON.stringify(config, null, 2));
    repo.updateRun(this.ws.db, id, { runDir: runDirRel });
    this.launch(id, python);
    return this.detail(id);
  }

  pause({ runId }: In<'training:pause'>): RunDetail {
    const row = this.row(runId);
    if (row.state !== 'running' && row.state !== 'starting') throw new ApiError('conflict', `The run is ${row.state}, not running.`);
    if (row.pid === null || !signalTrainer(row.pid, 'SIGTERM')) {
      repo.updateRun(this.ws.db, runId, { state: 'interrupted', pid: null });
      throw new ApiError('conflict', 'The trainer was no longer running; the run is marked interrupted.', 'Resume it: it continues from its last checkpoint.');
    }
    // The trainer finishes its step, saves a checkpoint and says `finished: terminated`.
    repo.updateRun(this.ws.db, runId, { state: 'pausing' });
    return this.notify(runId);
  }

  async resume({ runId, python }: In<'training:resume'>): Promise<RunDetail> {
    const row = this.row(runId);
    if (!['paused', 'interrupted', 'failed', 'diverged', 'completed'].includes(row.state)) throw new ApiError('conflict', `The run is ${row.state}.`);
    const interpreter = await this.pickPython(python ?? row.python);
    repo.updateRun(this.ws.db, runId, { python: interpreter, error: null, errorHint: null });
    this.launch(runId, interpreter);
    return this.detail(runId);
  }

  list(): RunDetail[] {
    return repo.listRuns(this.ws.db).map((r) => this.detail(r.id));
  }

  get({ runId, metricsFrom, logLines }: In<'training:get'>): Out<'training:get'> {
    const row = this.row(runId);
    const f = this.follow(runId);
    this.drain(runId, f);
    const m = f.monitor;
    const from = Math.min(metricsFrom, m.steps.length);
    return {
      run: this.detail(runId),
      metrics: { from, step: m.steps.slice(from), series: Object.fromEntries(Object.entries(m.series).map(([k, v]) => [k, v.slice(from)])) },
      evals: m.evals,
      warnings: m.warnings,
      guidance: m.guidance(),
      log: tailLines(join(this.ws.root, row.runDir, LOG_FILE), logLines),
    };
  }

  /** Stops following; trainers keep running (a multi-day run outlives the studio) and are re-attached at the next open. */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.followed.clear();
  }

  private async pickPython(chosen: string | undefined): Promise<string> {
    if (chosen) {
      const probe = await probePython(chosen, 'chosen');
      if (!probe.ok) throw new ApiError('invalid_input', `${chosen} cannot run the trainer: ${probe.problem}`, 'Choose another Python in Training → Python.');
      return chosen;
    }
    const found = await findInterpreters();
    const usable = found.find((f) => f.ok);
    if (!usable) {
      throw new ApiError('not_found', `No Python with PyTorch was found (${found.map((f) => `${f.path}: ${f.problem}`).join('; ') || 'no python on PATH'}).`,
        'Install Python 3 with PyTorch (pip install torch numpy; on Debian/Ubuntu: apt install python3-torch python3-numpy), or choose an interpreter.');
    }
    return usable.path;
  }

  private row(runId: number): repo.RunRow {
    const row = repo.getRun(this.ws.db, runId);
    if (!row) throw new ApiError('not_found', `There is no run ${runId}.`);
    return row;
  }

  private launch(runId: number, python: string): void {
    const row = this.row(runId);
    const abs = join(this.ws.root, row.runDir);
    const f = this.follow(runId);
    this.drain(runId, f);
    f.exited = false;
    const pid = spawnTrainer(python, abs, join(abs, 'run.json'), (code, signal) => {
      if (this.closed || f.exited) return;
      f.exited = true;
      this.drain(runId, f);
      this.settle(runId, code, signal);
    }, row.model === 'hifigan' ? 'train-vocoder' : 'train');
    repo.updateRun(this.ws.db, runId, { state: 'starting', pid });
    this.notify(runId);
  }

  private follow(runId: number): Followed {
    let f = this.followed.get(runId);
    if (!f) {
      const row = this.row(runId);
      const abs = join(this.ws.root, row.runDir);
      f = { monitor: new RunMonitor(abs, this.ws.root), tail: new LineTail(join(abs, STDOUT_FILE)), exited: false };
      this.followed.set(runId, f);
      this.drain(runId, f);
    }
    this.timer ??= setInterval(() => this.poll(), POLL_MS);
    return f;
  }

  private drain(runId: number, f: Followed): void {
    const lines = f.tail.read();
    if (lines.length === 0) return;
    for (const line of lines) {
      const e = parseEvent(line);
      if (e) f.monitor.apply(e);
    }
    const row = repo.getRun(this.ws.db, runId);
    if (!row) return;
    const m = f.monitor;
    const patch: Parameters<typeof repo.updateRun>[2] = { step: m.step };
    if (m.targetSteps !== null) patch.targetSteps = m.targetSteps;
    // A pause in progress stays 'pausing' until the trainer says it finished.
    if (m.state === 'running' && row.state !== 'pausing') patch.state = 'running';
    repo.updateRun(this.ws.db, runId, patch);
  }

  private poll(): void {
    for (const [runId, f] of this.followed) {
      this.drain(runId, f);
      const row = repo.getRun(this.ws.db, runId);
      if (!row) continue;
      const active = ['starting', 'running', 'pausing'].includes(row.state);
      // A re-attached trainer is not our child: watch its pid.
      if (active && !f.exited && row.pid !== null && !trainerAlive(row.pid, join(this.ws.root, row.runDir))) {
        f.exited = true;
        this.drain(runId, f);
        this.settle(runId, null, null);
      }
      if (f.monitor.dirty) {
        f.monitor.dirty = false;
        const now = Date.now();
        if (now - (this.lastEmit.get(runId) ?? 0) >= 200 || !active) {
          this.lastEmit.set(runId, now);
          this.notify(runId);
        } else {
          f.monitor.dirty = true;
        }
      }
    }
  }

  /** The trainer process is gone: what its events said decides the state. */
  private settle(runId: number, code: number | null, signal: string | null): void {
    const f = this.followed.get(runId);
    const m = f?.monitor;
    const row = repo.getRun(this.ws.db, runId);
    if (!row || !m) return;
    // Events replay in order, and every attempt starts with `started`, so what the monitor holds is this attempt's ending.
    const state = m.finishedReason ? m.state! : m.error ? 'failed' : 'interrupted';
    const error = state === 'failed' || state === 'diverged' ? (m.error ?? { message: `The trainer exited (code ${code ?? 'none'}${signal ? `, ${signal}` : ''}).`, hint: 'See the log below.' }) : null;
    const killed = state === 'interrupted' ? { message: `The trainer stopped without saying why${signal ? ` (${signal})` : code !== null ? ` (exit code ${code})` : ''}.`, hint: 'Resume the run: it continues from its last checkpoint.' } : null;
    const e = error ?? killed;
    repo.updateRun(this.ws.db, runId, { state, pid: null, step: m.step, error: e?.message ?? null, errorHint: e?.hint ?? null });
    // The next attempt's events start clean.
    m.finishedReason = null;
    m.error = null;
    this.notify(runId);
  }

  private notify(runId: number): RunDetail {
    const d = this.detail(runId);
    this.onUpdated(d);
    return d;
  }

  private detail(runId: number): RunDetail {
    const row = this.row(runId);
    const m = this.followed.get(runId)?.monitor;
    const sps = m?.stepsPerSecond() ?? null;
    const active = ['starting', 'running', 'pausing'].includes(row.state);
    const ckptDir = join(this.ws.root, row.runDir, 'checkpoints');
    const checkpoints = existsSync(ckptDir) ? readdirSync(ckptDir).filter((f) => f.endsWith('.pt')).length : 0;
    return {
      id: row.id, name: row.name, model: row.model, preset: row.preset, datasetId: row.datasetId, datasetName: row.datasetName, state: row.state,
      step: m?.step ?? row.step, targetSteps: m?.targetSteps ?? row.targetSteps, runDir: row.runDir, python: row.python, device: m?.device ?? null,
      pid: row.pid, itemsPerSecond: m?.itemsPerSecond() ?? null, stepsPerSecond: sps,
      etaSeconds: active && sps ? Math.max(0, (row.targetSteps - (m?.step ?? row.step)) / sps) : null,
      lastLoss: m?.lastLoss() ?? null, checkpoints,
      alerts: m ? m.guidance().filter((g) => g.level !== 'info').map((g) => g.id) : [],
      error: row.error ? { message: row.error, hint: row.errorHint } : null,
      createdAt: row.createdAt, updatedAt: row.updatedAt,
    };
  }
}
