// The datasets domain of the contract: build from takes, import LJSpeech folders, read a build report.
import { z } from 'zod';

const id = z.number().int().positive();
const datasetName = z.string().trim().min(1).max(80).regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, space, _ . - only');

export const OutlierSchema = z.object({
  id: z.string(),
  reason: z.string(),
  detail: z.string(),
  rejected: z.boolean(),
  /** Workspace-relative path of audio to play: the dataset's clip when kept, else the raw take; null when there is none. */
  audio: z.string().nullable().default(null),
});
/** Phone and diphone coverage of the dataset's normalized texts (espeak G2P of the dataset's language). */
export const CoverageReportSchema = z.object({
  phones: z.object({ covered: z.number(), total: z.number() }),
  diphones: z.object({ covered: z.number(), total: z.number() }),
  /** Every phone of the language's inventory with its count in the dataset (0 = missing), most frequent first. */
  phoneCounts: z.array(z.object({ phone: z.string(), count: z.number() })),
});
export const BuildReportSchema = z.object({
  utterances: z.number(),
  seconds: z.number(),
  rejected: z.number(),
  outliers: z.array(OutlierSchema),
  durations: z.array(z.number()),
  charsPerSecond: z.array(z.number()),
  coverage: CoverageReportSchema.nullable().default(null),
});
export type BuildReport = z.infer<typeof BuildReportSchema>;

export const datasetCalls = {
  'datasets:build': {
    input: z.strictObject({
      speakerId: id,
      name: datasetName,
      sampleRate: z.union([z.literal(16000), z.literal(22050), z.literal(24000), z.literal(44100), z.literal(48000)]).default(22050),
      /** accepted: only takes the narrator accepted; best: per prompt the newest take that did not fail its checks. */
      selection: z.enum(['accepted', 'best']).default('best'),
      valFraction: z.number().min(0).max(0.5).default(0.05),
    }),
    output: z.object({ job: id }),
  },
  'datasets:importFolder': {
    input: z.strictObject({ path: z.string().min(1).max(4096), name: datasetName }),
    output: z.object({ job: id }),
  },
  'datasets:report': { input: z.strictObject({ datasetId: id }), output: BuildReportSchema.nullable() },
  /** Copies the dataset (wavs/, metadata.csv, dataset.json) into a new folder the user chose, whole or not at all. */
  'datasets:export': {
    input: z.strictObject({ datasetId: id, path: z.string().min(1).max(4096) }),
    output: z.object({ job: id }),
  },
} as const;
