// The lab domain of the contract: vocoder experiments (copy synthesis of recordings), objective metrics with CIs, speed, reports.
import { z } from 'zod';
import { MelDeclSchema } from './synthesis';

export { MelDeclSchema, type MelDecl } from './synthesis';

const id = z.number().int().positive();
const hostPath = z.string().min(1).max(4096);


export const conditionKinds = ['griffinlim', 'hifigan', 'waveglow'] as const;

/** One vocoder to compare: the built-in Griffin-Lim, or a vocoder of a workspace voice. */
export const ConditionInputSchema = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('builtin'), vocoder: z.literal('griffinlim'), iterations: z.number().int().min(1).max(500).default(32) }),
  z.strictObject({ source: z.literal('voice'), voiceId: id, vocoder: z.string().min(1).max(64) }),
]);
export type ConditionInput = z.input<typeof ConditionInputSchema>;

export const AvailableConditionSchema = z.object({
  /** Pass this back as a condition of lab:create. */
  input: ConditionInputSchema,
  label: z.string(),
  kind: z.enum(conditionKinds),
  voiceName: z.string().nullable(),
  mel: MelDeclSchema,
});
export type AvailableCondition = z.infer<typeof AvailableConditionSchema>;

export const UtteranceSourceSchema = z.discriminatedUnion('kind', [
  /** A folder of recordings: LJSpeech metadata.csv (wavs/ or beside it), or .wav/.flac files each with a .txt/.lab transcript. */
  z.strictObject({ kind: z.literal('folder'), path: hostPath }),
  /** Utterances of a workspace dataset: the given ids, or the first `limit` of its metadata.csv. */
  z.strictObject({ kind: z.literal('dataset'), datasetId: id, ids: z.array(z.string().min(1).max(128)).max(500).optional() }),
  /** Texts without recordings, one utterance per entry: needs `acoustic` (there is no recording to take a mel from). */
  z.strictObject({ kind: z.literal('texts'), texts: z.array(z.string().trim().min(1).max(2000)).min(1).max(500) }),
]);

export const CreateExperimentInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  source: UtteranceSourceSchema,
  /** At most this many utterances are taken (in the source's order). */
  limit: z.number().int().min(1).max(500).default(20),
  conditions: z.array(ConditionInputSchema).min(1).max(9),
  /** onnxruntime intra-op threads (speed is measured at this count). */
  threads: z.number().int().min(1).max(64).default(1),
  /** Render each utterance's text with this voice's Tacotron2 (one mel, fed to every vocoder) instead of taking the recording's
   * mel; a recording, where the utterance has one, stays the reference for MCD (DTW-aligned, as ESPnet evaluates TTS). */
  acoustic: z.strictObject({ voiceId: id }).optional(),
});

/** Null where it cannot be measured: all without a reference recording; all but MCD (DTW) for Tacotron2-rendered mels, whose timing is not the recording's. */
export const MetricsSchema = z.object({
  /** dB, DTW-aligned mel-cepstra, c0 excluded. */
  mcd: z.number().nullable(),
  /** dB, time-aligned STFT frames. */
  lsd: z.number().nullable(),
  /** cents over frames voiced in both; null also when none are. */
  f0RmseCents: z.number().nullable(),
  vuvError: z.number().nullable(),
  mrstft: z.number().nullable(),
  spectralConvergence: z.number().nullable(),
  logMagnitude: z.number().nullable(),
});
export type Metrics = z.infer<typeof MetricsSchema>;
export const metricNames = ['mcd', 'lsd', 'f0RmseCents', 'vuvError', 'mrstft', 'spectralConvergence', 'logMagnitude'] as const;
export type MetricName = (typeof metricNames)[number];

export const MeanCiSchema = z.object({ n: z.number().int(), mean: z.number(), sd: z.number(), ci95: z.number().nullable() });

export const OutputSchema = z.object({
  conditionId: id,
  /** Workspace-relative WAV. */
  path: z.string(),
  audioSeconds: z.number(),
  computeSeconds: z.number(),
  /** Integrated loudness (LUFS, BS.1770); null for silence. */
  loudness: z.number().nullable(),
  metrics: MetricsSchema,
});

export const ConditionSchema = z.object({
  id,
  position: z.number().int(),
  label: z.string(),
  kind: z.enum(conditionKinds),
  vocoder: z.string(),
  voiceId: id.nullable(),
  /** Warm vocoder-only speed over all utterances; null before a run. */
  speed: z.object({ audioSeconds: z.number(), computeSeconds: z.number(), audioPerCompute: z.number(), rtf: z.number() }).nullable(),
  aggregate: z.record(z.enum(metricNames), MeanCiSchema.nullable()),
});

export const UtteranceSchema = z.object({
  id,
  key: z.string(),
  text: z.string(),
  sourcePath: z.string(),
  /** Workspace-relative reference WAV at the mel rate (after a run). */
  reference: z.string().nullable(),
  seconds: z.number().nullable(),
  loudness: z.number().nullable(),
  outputs: z.array(OutputSchema),
});

export const EnvironmentSchema = z.object({
  cpu: z.string(),
  cores: z.number().int(),
  platform: z.string(),
  node: z.string(),
  onnxruntime: z.string(),
  provider: z.string(),
  threads: z.number().int(),
  gpu: z.string(),
});

export const ExperimentDetailSchema = z.object({
  id,
  name: z.string(),
  folder: z.string(),
  state: z.enum(['ready', 'running', 'done', 'failed']),
  source: z.string(),
  mel: MelDeclSchema,
  /** The Tacotron2 voice that renders the texts; null for copy synthesis of recordings. */
  acoustic: z.object({ voiceName: z.string(), voicePath: z.string() }).nullable(),
  mcep: z.object({ order: z.number().int(), alpha: z.number(), sampleRate: z.number().int(), nFft: z.number().int(), hop: z.number().int() }),
  threads: z.number().int(),
  lastJobId: id.nullable(),
  createdAt: z.string(),
  conditions: z.array(ConditionSchema),
  utterances: z.array(UtteranceSchema),
  environment: EnvironmentSchema.nullable(),
});
export type ExperimentDetail = z.infer<typeof ExperimentDetailSchema>;

const ref = z.strictObject({ experimentId: id });

export const labCalls = {
  /** Every vocoder the workspace can compare: Griffin-Lim and each vocoder of each voice, with its mel config. */
  'lab:conditions': { input: z.strictObject({}), output: z.array(AvailableConditionSchema) },
  /** Checks the conditions share one mel config (or says exactly what differs), reads the utterances, stores the experiment. */
  'lab:create': { input: CreateExperimentInputSchema, output: ExperimentDetailSchema },
  'lab:get': { input: ref, output: ExperimentDetailSchema },
  /** A job: vocodes every utterance with every condition, writes the WAVs, measures metrics and speed. */
  'lab:run': { input: ref, output: z.object({ job: id }) },
  /** Writes lab/<experiment>/report.html (self-contained) and returns its workspace-relative path. */
  'lab:report': { input: ref, output: z.object({ path: z.string() }) },
  /** Writes lab/<experiment>/metrics.csv (one row per utterance × condition). */
  'lab:exportCsv': { input: ref, output: z.object({ path: z.string() }) },
} as const;
export const labEvents = {} as const;
