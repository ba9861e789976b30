// The run.json the trainer reads, from a preset the studio offers: a tiny CPU check, a fine-tune, a full run — for Tacotron2 or HiFi-GAN.
import type { z } from 'zod';
import type { trainingCalls } from '../../shared/domains/training';

type StartInput = z.output<(typeof trainingCalls)['training:start']['input']>;

/** The keys both trainers' run.json share (resources/trainer/README.md); paths are absolute. */
export interface RunConfig {
  dataset: string;
  run_dir: string;
  model: string;
  batch_size: number;
  lr: number;
  steps: number;
  eval_interval: number;
  checkpoint_interval: number;
  log_interval: number;
  device: string;
  segment_size?: number;
  warm_start?: { checkpoint: string };
  gta?: { tacotron2_checkpoint: string };
}

type Preset = Omit<RunConfig, 'dataset' | 'run_dir' | 'device'>;

const TACOTRON2: Record<StartInput['preset'], Preset> = {
  // Minutes on a laptop CPU: proves the dataset, the Python and the pipeline before a long run.
  tiny: { model: 'tiny', batch_size: 8, lr: 1e-3, steps: 300, eval_interval: 50, checkpoint_interval: 50, log_interval: 1 },
  // From a trained voice (or NVIDIA's LJSpeech model) towards a new speaker: a lower learning rate, a shorter run.
  finetune: { model: 'nvidia', batch_size: 16, lr: 1e-4, steps: 20_000, eval_interval: 500, checkpoint_interval: 500, log_interval: 10 },
  // NVIDIA's recipe from scratch: days on one GPU.
  full: { model: 'nvidia', batch_size: 32, lr: 1e-3, steps: 100_000, eval_interval: 1000, checkpoint_interval: 1000, log_interval: 10 },
};

const HIFIGAN: Record<StartInput['preset'], Preset> = {
  tiny: { model: 'tiny', batch_size: 4, lr: 2e-4, steps: 300, eval_interval: 50, checkpoint_interval: 50, log_interval: 1, segment_size: 4096 },
  // On the acoustic model's teacher-forced mels, as the HiFi-GAN authors and NVIDIA fine-tune.
  finetune: { model: 'v2', batch_size: 16, lr: 2e-4, steps: 100_000, eval_interval: 1000, checkpoint_interval: 5000, log_interval: 10, segment_size: 8192 },
  full: { model: 'v2', batch_size: 16, lr: 2e-4, steps: 1_000_000, eval_interval: 5000, checkpoint_interval: 10_000, log_interval: 10, segment_size: 8192 },
};

/** `gtaCheckpoint`: for a HiFi-GAN fine-tune, the Tacotron2 checkpoint whose teacher-forced mels it trains on. */
export function runConfig(input: StartInput, datasetAbs: string, runDirAbs: string, gtaCheckpoint?: string): RunConfig {
  const p = (input.model === 'hifigan' ? HIFIGAN : TACOTRON2)[input.preset];
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
    ...(input.model === 'tacotron2' && input.preset === 'finetune' && input.warmStart ? { warm_start: { checkpoint: input.warmStart } } : {}),
    ...(input.model === 'hifigan' && gtaCheckpoint ? { gta: { tacotron2_checkpoint: gtaCheckpoint } } : {}),
  };
}
