// The run.json the trainer reads, from a preset the studio offers: a tiny CPU check, a fine-tune from a checkpoint, a full run.
import type { z } from 'zod';
import type { trainingCalls } from '../../shared/domains/training';

type StartInput = z.output<(typeof trainingCalls)['training:start']['input']>;

/** The trainer's run.json keys (resources/trainer/README.md); paths are absolute. */
export interface RunConfig {
  dataset: string;
  run_dir: string;
  model: 'tiny' | 'nvidia';
  batch_size: number;
  lr: number;
  steps: number;
  eval_interval: number;
  checkpoint_interval: number;
  log_interval: number;
  device: string;
  warm_start?: { checkpoint: string };
}

const PRESETS: Record<StartInput['preset'], Omit<RunConfig, 'dataset' | 'run_dir' | 'device'>> = {
  // Minutes on a laptop CPU: proves the dataset, the Python and the pipeline before a long run.
  tiny: { model: 'tiny', batch_size: 8, lr: 1e-3, steps: 300, eval_interval: 50, checkpoint_interval: 50, log_interval: 1 },
  // From a trained voice (or NVIDIA's LJSpeech model) towards a new speaker: a lower learning rate, a shorter run.
  finetune: { model: 'nvidia', batch_size: 16, lr: 1e-4, steps: 20_000, eval_interval: 500, checkpoint_interval: 500, log_interval: 10 },
  // NVIDIA's recipe from scratch: days on one GPU.
  full: { model: 'nvidia', batch_size: 32, lr: 1e-3, steps: 100_000, eval_interval: 1000, checkpoint_interval: 1000, log_interval: 10 },
};

export function runConfig(input: StartInput, datasetAbs: string, runDirAbs: string): RunConfig {
  const p = PRESETS[input.preset];
  const steps = input.steps ?? p.steps;
  // Evals and checkpoints at least ten times per run, so a short run still shows curves and samples.
  const every = (n: number): number => Math.max(1, Math.min(n, Math.floor(steps / 10) || 1));
  return {
    ...p,
    dataset: datasetAbs,
    run_dir: runDirAbs,
    device: input.device,
    steps,
    batch_size: input.batchSize ?? p.batch_size,
    eval_interval: every(p.eval_interval),
    checkpoint_interval: every(p.checkpoint_interval),
    ...(input.preset === 'finetune' && input.warmStart ? { warm_start: { checkpoint: input.warmStart } } : {}),
  };
}
