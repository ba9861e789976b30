// The listening-test domain of the contract: MUSHRA, AB/ABX and MOS tests run in the studio or exported as a bundle.
import { z } from 'zod';

const id = z.number().int().positive();
const isoTime = z.string();
/** A file on this machine (absolute) or a path relative to the workspace. */
const filePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'contains a NUL byte');

export const listeningTestTypes = ['mushra', 'ab', 'abx', 'mos'] as const;
export type ListeningTestType = (typeof listeningTestTypes)[number];
export const testTypeLabels: Record<ListeningTestType, string> = {
  mushra: 'MUSHRA (ITU-R BS.1534-3)',
  ab: 'AB preference',
  abx: 'ABX discrimination',
  mos: 'MOS (ACR 1–5)',
};
/** ITU-T P.800 absolute category rating labels, score 5 first. */
export const mosLabels = ['Excellent', 'Good', 'Fair', 'Poor', 'Bad'] as const;
/** Stimulus roles: what a condition is to the test, whatever its blind label. */
export const stimulusRoles = ['reference', 'hidden_reference', 'anchor_35', 'anchor_70', 'condition'] as const;
export type StimulusRole = (typeof stimulusRoles)[number];
/** Condition names the test gives its own stimuli (vocoder names may not take them). */
export const HIDDEN_REFERENCE = 'hidden reference';
export const ANCHOR_35 = 'anchor 3.5 kHz';
export const ANCHOR_70 = 'anchor 7 kHz';

const conditionName = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N} _.()+-]+$/u, 'letters, digits, space and _ . ( ) + - only');
const utteranceName = z.string().trim().min(1).max(120);

export const StimulusListSchema = z.array(z.strictObject({
  utterance: utteranceName,
  reference: filePath,
  conditions: z.array(z.strictObject({ name: conditionName, path: filePath })).min(1).max(16),
})).min(1).max(200);

export const CreateTestInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  type: z.enum(listeningTestTypes),
  /** The experiment the stimuli come from; the test keeps its own copy of them either way. */
  experimentId: id.nullable().default(null),
  source: z.discriminatedUnion('kind', [
    /** The experiment's run: each utterance's reference and its output from every vocoder. */
    z.strictObject({ kind: z.literal('experiment') }),
    /** A folder with reference/ and one subfolder per condition holding files of the same names. */
    z.strictObject({ kind: z.literal('folder'), path: filePath }),
    z.strictObject({ kind: z.literal('stimuli'), items: StimulusListSchema }),
  ]),
  /** MOS and AB/ABX: rate or compare the reference recording as one more condition. */
  includeReference: z.boolean().default(false),
  instructions: z.string().max(4000).optional(),
}).refine((v) => v.source.kind !== 'experiment' || v.experimentId !== null, { message: 'a test made from an experiment needs its experimentId', path: ['experimentId'] });

export const ListeningTestSchema = z.object({
  id,
  /** Random per test: a results file from another workspace's test 3 is not this test 3's. */
  uid: z.string(),
  experimentId: id.nullable(),
  name: z.string(),
  type: z.enum(listeningTestTypes),
  state: z.enum(['preparing', 'ready', 'failed']),
  error: z.string().nullable(),
  utterances: z.number().int(),
  /** Condition names as the results show them (anchors and the hidden reference included). */
  conditions: z.array(z.string()),
  sampleRate: z.number().int(),
  /** The loudness every stimulus was matched to (LUFS); null before preparation. */
  loudnessLufs: z.number().nullable(),
  listeners: z.number().int(),
  instructions: z.string(),
  createdAt: isoTime,
});
export type ListeningTest = z.infer<typeof ListeningTestSchema>;

/** One trial as configured: blind stimulus ids only; what each id is stays in the studio. */
export const TrialConfigSchema = z.object({
  key: z.string(),
  /** MUSHRA: the open reference a listener compares against. */
  reference: z.string().nullable(),
  stimuli: z.array(z.string()).min(1),
});
export const TestConfigSchema = z.object({
  format: z.literal('voicewright-listening-test'),
  version: z.literal(1),
  testId: id,
  testUid: z.string(),
  name: z.string(),
  type: z.enum(listeningTestTypes),
  instructions: z.string(),
  /** Hash over the test uid and every trial's stimulus ids: a results file echoes it. */
  digest: z.string(),
  trials: z.array(TrialConfigSchema),
  /** Stimulus id → audio file (bundle: relative to index.html; studio: workspace-relative). */
  files: z.record(z.string(), z.string()),
});
export type TestConfig = z.infer<typeof TestConfigSchema>;

/** One screen a listener saw: the stimuli in the order shown (A, B, … or slider 1, 2, …). */
export const PlanItemSchema = z.object({ trial: z.string(), shown: z.array(z.string()).min(1), x: z.string().nullable() });
export type PlanItem = z.infer<typeof PlanItemSchema>;

const stimulusId = z.string().min(1).max(64);
export const ResultItemSchema = z.strictObject({
  trial: z.string().max(200),
  shown: z.array(stimulusId).min(1).max(32),
  /** ABX: the stimulus X was. */
  x: stimulusId.nullable(),
  /** MUSHRA 0–100 per stimulus, MOS 1–5 for its one stimulus. */
  ratings: z.array(z.strictObject({ stimulus: stimulusId, score: z.number().min(0).max(100) })).max(32),
  /** AB: the stimulus preferred; ABX: the one the listener says X is. */
  choice: stimulusId.nullable(),
  startedAt: isoTime,
  durationMs: z.number().min(0),
  /** Times each stimulus was switched to while playing. */
  plays: z.record(stimulusId, z.number().int().min(0)),
});
export const ResultsFileSchema = z.strictObject({
  format: z.literal('voicewright-listening-results'),
  version: z.literal(1),
  testId: id,
  testUid: z.string().max(64),
  digest: z.string().max(128),
  listenerId: z.string().trim().min(1).max(80),
  sessionUid: z.string().min(8).max(64),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  startedAt: isoTime,
  finishedAt: isoTime,
  userAgent: z.string().max(500).default(''),
  items: z.array(ResultItemSchema).min(1).max(5000),
});
export type ResultsFile = z.infer<typeof ResultsFileSchema>;

export const SessionSchema = z.object({ config: TestConfigSchema, seed: z.number().int(), sessionUid: z.string(), items: z.array(PlanItemSchema) });
export type ListeningSession = z.infer<typeof SessionSchema>;

export const ConditionStatsSchema = z.object({
  condition: z.string(),
  role: z.enum(stimulusRoles),
  n: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  /** 95 % confidence interval of the mean (Student's t); null below two ratings. */
  ci95: z.tuple([z.number(), z.number()]).nullable(),
});
export const PairStatsSchema = z.object({
  a: z.string(),
  b: z.string(),
  trials: z.number().int(),
  /** AB: times a / b was preferred. ABX: correct / wrong identifications. */
  aCount: z.number().int(),
  bCount: z.number().int(),
  /** AB: two-sided exact binomial test against 50 %; ABX: one-sided (better than guessing). */
  pValue: z.number(),
});
export const ExcludedListenerSchema = z.object({ listenerId: z.string(), reason: z.string() });
export const ListeningResultsSchema = z.object({
  testId: id,
  type: z.enum(listeningTestTypes),
  listeners: z.array(z.object({ listenerId: z.string(), source: z.enum(['studio', 'bundle']), items: z.number().int(), importedAt: isoTime, excluded: z.boolean() })),
  excluded: z.array(ExcludedListenerSchema),
  conditions: z.array(ConditionStatsSchema),
  pairs: z.array(PairStatsSchema),
});
export type ListeningResults = z.infer<typeof ListeningResultsSchema>;

export const listeningCalls = {
  /** Starts the preparation job (loudness matching, anchors); the test is listed as preparing until it ends. */
  'listening:create': { input: CreateTestInputSchema, output: z.object({ testId: id, job: id }) },
  'listening:list': { input: z.strictObject({ experimentId: id.nullable().default(null) }), output: z.array(ListeningTestSchema) },
  'listening:get': { input: z.strictObject({ testId: id }), output: ListeningTestSchema },
  /** A listener's session in the studio: the seeded, recorded order and workspace-relative audio. */
  'listening:startSession': { input: z.strictObject({ testId: id, listenerId: z.string().trim().min(1).max(80) }), output: SessionSchema },
  /** A finished studio session; checked exactly like an imported file. */
  'listening:submitResults': { input: z.strictObject({ testId: id, results: z.unknown() }), output: z.object({ listenerId: z.string(), items: z.number().int() }) },
  /** A results file a bundle downloaded: its text, or its path on this machine. */
  'listening:importResults': {
    input: z.strictObject({ testId: id, text: z.string().max(20_000_000).optional(), path: filePath.optional() })
      .refine((v) => (v.text === undefined) !== (v.path === undefined), 'give exactly one of text or path'),
    output: z.object({ listenerId: z.string(), items: z.number().int() }),
  },
  'listening:results': { input: z.strictObject({ testId: id }), output: ListeningResultsSchema },
  /** Writes the self-contained bundle folder and its .zip inside the workspace (or into `path`). */
  'listening:exportBundle': {
    input: z.strictObject({ testId: id, path: filePath.optional() }),
    output: z.object({ folder: z.string(), zip: z.string(), files: z.number().int(), bytes: z.number() }),
  },
  /** Every rating as CSV (one row per listener × trial × stimulus), also written beside the test's files. */
  'listening:exportCsv': { input: z.strictObject({ testId: id }), output: z.object({ path: z.string(), csv: z.string() }) },
} as const;
export const listeningEvents = {} as const;
