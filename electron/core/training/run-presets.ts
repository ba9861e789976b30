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
  /** The default-voice preset's extras (resources/trainer/README.md has each key). */
  model_overrides?: Record<string, number>;
  lr_schedule?: { kind: 'exponential'; start_step: number; half_life: number; min_lr: number };
  keep_checkpoints?: number;
  threads?: number;
  nice?: number;
  guided_attention?: { enabled: boolean; sigma: number; weight: number; half_life: number; min_weight: number; normalize: 'cells' | 'steps' };
  mel_l1?: number;
  eval_samples?: { count: number; griffin_lim_iters: number };
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
  // The built-in voice (issue 9): a 7.7M-parameter Tacotron2 with r=3 that trains on 2 CPU cores in the background
  // (niced, 2 threads) and much faster on a GPU; guided attention per decoder step with weight 2 (the cell mean
  // shrinks it ~1/N) and an L1 term against over-smoothed mels. Checkpoints often: a CPU run is stopped and resumed.
  'default-voice': {
    model: 'nvidia', batch_size: 16, lr: 1e-3, steps: 100_000, eval_interval: 500, checkpoint_interval: 250, log_interval: 5,
    model_overrides: {
      symbols_embedding_dim: 256, encoder_embedding_dim: 256, decoder_rnn_dim: 512, attention_rnn_dim: 512,
      prenet_dim: 256, postnet_embedding_dim: 256, n_frames_per_step: 3,
    },
    lr_schedule: { kind: 'exponential', start_step: 20_000, half_life: 20_000, min_lr: 1e-5 },
    keep_checkpoints: 3, threads: 2, nice: 19,
    guided_attention: { enabled: true, sigma: 0.4, weight: 2, half_life: 10_000, min_weight: 0.1, normalize: 'steps' },
    mel_l1: 1, eval_samples: { count: 2, griffin_lim_iters: 32 },
  },
};

const HIFIGAN: Record<StartInput['preset'], Preset> = {
  tiny: { model: 'tiny', batch_size: 4, lr: 2e-4, steps: 300, eval_interval: 50, checkpoint_interval: 50, log_interval: 1, segment_size: 4096 },
  // On the acoustic model's teacher-forced mels, as the HiFi-GAN authors and NVIDIA fine-tune.
  finetune: { model: 'v2', batch_size: 16, lr: 2e-4, steps: 100_000, eval_interval: 1000, checkpoint_interval: 5000, log_interval: 10, segment_size: 8192 },
  full: { model: 'v2', batch_size: 16, lr: 2e-4, steps: 1_000_000, eval_interval: 5000, checkpoint_interval: 10_000, log_interval: 10, segment_size: 8192 },
  // The built-in voice's vocoder: V2 (0.93M, fast enough for RTF ≤ 0.1 on 2 cores) on the default-voice run's GTA mels, niced like its Tacotron2.
  'default-voice': {
    model: 'v2', batch_size: 16, lr: 2e-4, steps: 200_000, eval_interval: 1000, checkpoint_interval: 1000, log_interval: 10, segment_size: 8192,
    keep_checkpoints: 3, threads: 2, nice: 19,
  },
};

/** `gtaCheckpoint`: for a HiFi-GAN fine-tune (finetune, default-voice), the Tacotron2 checkpoint whose teacher-forced mels it trains on. */
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
