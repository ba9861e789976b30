// The training domain of the contract: Python interpreters, runs supervised by the studio, their metrics, evals and guidance.
import { z } from 'zod';

const id = z.number().int().positive();
const runName = z.string().trim().min(1).max(80).regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, space, _ . - only');

export const InterpreterSchema = z.object({
  path: z.string(),
  /** Where the studio found it: the user's choice, VOICEWRIGHT_PYTHON, the system python, PATH. */
  source: z.string(),
  ok: z.boolean(),
  pythonVersion: z.string().nullable(),
  torchVersion: z.string().nullable(),
  cuda: z.boolean(),
  gpus: z.array(z.object({ name: z.string(), memoryGb: z.number(), capability: z.string() })),
  /** What is wrong and what to do, when it cannot train. */
  problem: z.string().nullable(),
});
export type Interpreter = z.infer<typeof InterpreterSchema>;

export const runPresets = ['tiny', 'finetune', 'full', 'default-voice'] as const;
/** tacotron2: text → mel; hifigan: mel → audio (the vocoder). */
export const runModels = ['tacotron2', 'hifigan'] as const;
export type RunModel = (typeof runModels)[number];
export type RunPreset = (typeof runPresets)[number];
export const runStates = ['starting', 'running', 'pausing', 'paused', 'completed', 'failed', 'interrupted', 'diverged'] as const;
export type RunState = (typeof runStates)[number];

const finite = z.number().nullable();
export const RunDetailSchema = z.object({
  id,
  name: z.string(),
  model: z.enum(runModels),
  preset: z.enum(runPresets),
  datasetId: id.nullable(),
  datasetName: z.string().nullable(),
  state: z.enum(runStates),
  step: z.number().int(),
  targetSteps: z.number().int(),
  /** Workspace-relative run folder (checkpoints, samples, images, log). */
  runDir: z.string(),
  python: z.string(),
  device: z.string().nullable(),
  pid: z.number().int().nullable(),
  itemsPerSecond: finite,
  stepsPerSecond: finite,
  etaSeconds: finite,
  lastLoss: finite,
  checkpoints: z.number().int(),
  /** Ids of the guidance the run shows now (alignment not forming, diverging, …): new ones are worth a notification. */
  alerts: z.array(z.string()),
  error: z.object({ message: z.string(), hint: z.string().nullable() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

export const EvalSchema = z.object({
  step: z.number().int(),
  valLosses: z.record(z.string(), z.number().nullable()),
  alignment: z.object({ focusRate: finite, coverage: finite, diagonality: finite }),
  /** Workspace-relative images and audio of this eval. */
  alignmentImage: z.string().nullable(),
  melImage: z.string().nullable(),
  samples: z.array(z.object({ id: z.string(), text: z.string(), wav: z.string(), seconds: z.number(), gateStopped: z.boolean().nullable() })),
  best: z.boolean(),
});
export type RunEval = z.infer<typeof EvalSchema>;

export const GuidanceSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warn', 'alert']),
  title: z.string(),
  message: z.string(),
  fixes: z.array(z.string()),
  step: z.number().int().nullable(),
});
export type Guidance = z.infer<typeof GuidanceSchema>;

/** Step metrics, column by column, from index `from` on (the dashboard asks for what it has not got yet). */
export const MetricsSchema = z.object({
  from: z.number().int(),
  step: z.array(z.number()),
  series: z.record(z.string(), z.array(z.number().nullable())),
});

export const trainingCalls = {
  'training:interpreters': {
    input: z.strictObject({ extra: z.string().min(1).max(4096).optional() }),
    output: z.array(InterpreterSchema),
  },
  'training:start': {
    input: z.strictObject({
      datasetId: id,
      name: runName,
      model: z.enum(runModels).default('tacotron2'),
      preset: z.enum(runPresets).default('tiny'),
      python: z.string().min(1).max(4096).optional(),
      steps: z.number().int().min(1).max(10_000_000).optional(),
      batchSize: z.number().int().min(1).max(1024).optional(),
      /** Tacotron2 finetune: the checkpoint (ours, or NVIDIA's tacotron2_statedict.pt) to start from. */
      warmStart: z.string().min(1).max(4096).optional(),
      /** HiFi-GAN finetune: train on the teacher-forced mels of this Tacotron2 run's newest checkpoint (GTA). */
      gtaFromRun: id.optional(),
      device: z.string().regex(/^(auto|cpu|cuda(:\d+)?)$/).default('auto'),
    }),
    output: RunDetailSchema,
  },
  'training:get': {
    input: z.strictObject({ runId: id, metricsFrom: z.number().int().min(0).default(0), logLines: z.number().int().min(0).max(500).default(40) }),
    output: z.object({
      run: RunDetailSchema,
      metrics: MetricsSchema,
      evals: z.array(EvalSchema),
      warnings: z.array(z.object({ step: z.number().int().nullable(), code: z.string(), message: z.string(), hint: z.string().nullable() })),
      guidance: z.array(GuidanceSchema),
      log: z.array(z.string()),
    }),
  },
  /** SIGTERM: the trainer finishes its step, saves a checkpoint and exits; resume continues from it. */
  'training:pause': { input: z.strictObject({ runId: id }), output: RunDetailSchema },
  'training:resume': { input: z.strictObject({ runId: id, python: z.string().min(1).max(4096).optional() }), output: RunDetailSchema },
  'training:list': { input: z.strictObject({}), output: z.array(RunDetailSchema) },
  /** A Tacotron2 run's best checkpoint by validation, else its newest (and a HiFi-GAN run's generator) → a voice package in the workspace's voices/. */
  'training:export': {
    input: z.strictObject({
      runId: id,
      vocoderRunId: id.optional(),
      name: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'letters, digits, space, _ . - (starting with a letter or digit)'),
      license: z.string().max(100).default('unspecified'),
      python: z.string().min(1).max(4096).optional(),
    }),
    output: z.object({ job: id }),
  },
  /** nvidia-smi's view of the GPUs (utilisation, memory, temperature), or why there is none. */
  'training:gpus': {
    input: z.strictObject({}),
    output: z.discriminatedUnion('available', [
      z.object({ available: z.literal(true), gpus: z.array(z.object({ index: z.number(), name: z.string(), utilization: z.number(), memoryUsedMb: z.number(), memoryTotalMb: z.number(), temperatureC: z.number() })) }),
      z.object({ available: z.literal(false), reason: z.string() }),
    ]),
  },
} as const;

export const trainingEvents = {
  /** A run changed: new steps, an eval, a state change (throttled to a few per second). */
  'training:updated': RunDetailSchema,
} as const;
