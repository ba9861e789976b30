// What a run's event stream says: the state, step metrics as columns, evals, warnings, speed and ETA, and plain-words guidance.
import { isAbsolute, join, relative } from 'node:path';
import type { Guidance, RunEval, RunState } from '../../shared/domains/training';
import type { TrainerEvent } from './trainer-process';

/** Per-step numbers every trainer reports beside its losses (whose names differ: Tacotron2 mel/gate/…, HiFi-GAN gen/disc/…). */
export const STEP_FIELDS = ['lr', 'grad_norm', 'items_per_s', 'step_s', 'data_s'] as const;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export interface RunWarning { step: number | null; code: string; message: string; hint: string | null }

export class RunMonitor {
  state: RunState | null = null;
  step = 0;
  targetSteps: number | null = null;
  device: string | null = null;
  checkpoints = 0;
  error: { message: string; hint: string | null } | null = null;
  finishedReason: string | null = null;
  readonly steps: number[] = [];
  readonly series: Record<string, (number | null)[]> = Object.fromEntries(STEP_FIELDS.map((k) => [k, []]));
  readonly evals: RunEval[] = [];
  readonly warnings: RunWarning[] = [];
  /** Whether anything arrived since the studio last told the renderer. */
  dirty = false;

  /** `runDirAbs` / `workspaceRoot`: trainer paths (absolute or run-relative) become workspace-relative media paths. */
  constructor(private readonly runDirAbs: string, private readonly workspaceRoot: string) {}

  private media(p: unknown): string | null {
    const s = str(p);
    if (!s) return null;
    const abs = isAbsolute(s) ? s : join(this.runDirAbs, s);
    return relative(this.workspaceRoot, abs).split('\\').join('/');
  }

  apply(e: TrainerEvent): void {
    this.dirty = true;
    switch (e.event) {
      case 'started':
        this.state = 'running';
        this.error = null;
        this.finishedReason = null;
        this.device = str(e.device);
        this.targetSteps = num(e.target_steps) ?? this.targetSteps;
        this.step = num(e.step) ?? this.step;
        return;
      case 'step': {
        const step = num(e.step) ?? this.step;
        // A resumed run repeats no steps, but a rollback may: keep the columns increasing in step.
        while (this.steps.length > 0 && this.steps[this.steps.length - 1]! >= step) {
          this.steps.pop();
          for (const k of Object.keys(this.series)) this.series[k]!.pop();
        }
        const losses = obj(e.losses);
        // A loss first reported now gets gaps for the steps before it.
        for (const k of Object.keys(losses)) this.series[k] ??= new Array<number | null>(this.steps.length).fill(null);
        this.step = step;
        this.steps.push(step);
        for (const k of Object.keys(this.series)) this.series[k]!.push(num(k in losses ? losses[k] : e[k]));
        return;
      }
      case 'eval': {
        const a = obj(e.alignment);
        const samples = Array.isArray(e.samples) ? e.samples.map(obj) : [];
        const valLosses = Object.fromEntries(Object.entries(obj(e.val_losses)).map(([k, v]) => [k, num(v)]));
        this.evals.push({
          step: num(e.step) ?? this.step,
          valLosses,
          alignment: { focusRate: num(a.focus_rate), coverage: num(a.coverage), diagonality: num(a.diagonality) },
          alignmentImage: this.media(e.alignment_image),
          melImage: this.media(e.mel_image),
          samples: samples.flatMap((s) => {
            const wav = this.media(s.wav);
            return wav ? [{ id: str(s.id) ?? '', text: str(s.text) ?? '', wav, seconds: num(s.seconds) ?? 0, gateStopped: typeof s.gate_stopped === 'boolean' ? s.gate_stopped : null }] : [];
          }),
          best: e.best === true,
        });
        return;
      }
      case 'checkpoint':
        this.checkpoints++;
        return;
      case 'warning':
        this.warnings.push({ step: num(e.step) ?? this.step, code: str(e.code) ?? 'warning', message: str(e.message) ?? '', hint: str(e.hint) });
        return;
      case 'error':
        this.error = { message: str(e.message) ?? 'The trainer failed.', hint: str(e.hint) };
        return;
      case 'finished': {
        this.finishedReason = str(e.reason);
        this.step = num(e.step) ?? this.step;
        this.state = this.finishedReason === 'completed' ? 'completed' : this.finishedReason === 'terminated' ? 'paused' : this.finishedReason === 'diverged' ? 'diverged' : 'failed';
        return;
      }
    }
  }

  /** Steps per second from the last 20 step events (step_s is the time of one optimizer step). */
  stepsPerSecond(): number | null {
    const times = this.series.step_s!.slice(-20).filter((v): v is number => v !== null && v > 0);
    if (times.length === 0) return null;
    return times.length / times.reduce((a, b) => a + b, 0);
  }

  itemsPerSecond(): number | null {
    const v = this.series.items_per_s!.slice(-20).filter((x): x is number => x !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  }

  lastLoss(): number | null {
    const t = this.series.total ?? this.series.mel ?? [];
    for (let i = t.length - 1; i >= 0; i--) if (t[i] !== null) return t[i]!;
    return null;
  }

  guidance(): Guidance[] {
    const out: Guidance[] = [];
    const target = this.targetSteps ?? 100_000;
    const last = this.evals[this.evals.length - 1];
    // Attention should be diagonal within a few thousand steps (a few hundred on a small model); a tenth of the run is generous.
    const alignBy = Math.min(3000, Math.max(200, Math.round(target * 0.1)));
    if (last && last.step >= alignBy && last.alignment.focusRate !== null && last.alignment.focusRate < 0.3) {
      out.push({
        id: 'alignment_not_forming', level: 'warn', step: last.step,
        title: 'Attention is not aligning yet',
        message: `After ${last.step.toLocaleString('en')} steps the attention's focus rate is ${last.alignment.focusRate.toFixed(2)} (a working model reaches 0.5 or more): the model has not learned which letters it is saying.`,
        fixes: ['Raise the guided-attention weight (e.g. 2) or slow its decay.', 'Lower the learning rate (e.g. 5e-4).', 'Use r=2 (two frames per decoder step) until it aligns.', "Check the dataset report's outliers (misreads, long pauses) and re-record or drop them."],
      });
    }
    if (last && last.samples.length > 0 && last.samples.every((s) => s.gateStopped === false) && last.step >= alignBy * 2) {
      out.push({
        id: 'gate_never_fires', level: 'warn', step: last.step,
        title: 'The model does not learn to stop',
        message: `At step ${last.step.toLocaleString('en')} none of the sample sentences stopped by the gate; they ran to the step cap.`,
        fixes: ['Raise gate_pos_weight (e.g. 10).', 'Check that the takes are trimmed (long trailing silence teaches the model to keep going).'],
      });
    }
    const unstable = this.warnings.filter((w) => w.code === 'nan_skipped' || w.code === 'rolled_back');
    if (this.state === 'diverged' || unstable.length > 0) {
      out.push({
        id: 'diverging', level: this.state === 'diverged' ? 'alert' : 'warn', step: unstable[unstable.length - 1]?.step ?? this.step,
        title: this.state === 'diverged' ? 'Training diverged' : 'Training is unstable',
        message: `${unstable.length} step(s) produced NaN or infinite losses${this.state === 'diverged' ? ' and the trainer gave up' : ' and were skipped or rolled back'}.`,
        fixes: ['Lower the learning rate (halve it).', 'Keep gradient clipping on (grad_clip 1.0).', "Look for broken clips in the dataset report (silence, clipping, very long takes)."],
      });
    }
    const steps = this.series.step_s!.slice(-50);
    const data = this.series.data_s!.slice(-50);
    let stepSum = 0, dataSum = 0;
    for (let i = 0; i < steps.length; i++) {
      if (steps[i] !== null && data[i] !== null) {
        stepSum += steps[i]!;
        dataSum += data[i]!;
      }
    }
    if (steps.length >= 10 && stepSum > 0 && dataSum / stepSum > 0.3) {
      out.push({
        id: 'data_bound', level: 'info', step: this.step,
        title: 'The model waits for data',
        message: `${Math.round((dataSum / stepSum) * 100)}% of each step goes to loading the batch, not training.`,
        fixes: ['Keep cache_mels on (mels are computed once).', 'Use 2–4 data loader workers (num_workers).'],
      });
    }
    return out;
  }
}
