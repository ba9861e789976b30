// The datasets domain of the contract: build from takes, import LJSpeech folders, read a build report.
import { z } from 'zod';

const id = z.number().int().positive();
const datasetName = z.string().trim().min(1).max(80).regex(/^[\p{L}\p{N} _.-]+$/u, 'letters, digits, space, _ . - only');

export const OutlierSchema = z.object({ id: z.string(), reason: z.string(), detail: z.string(), rejected: z.boolean() });
export const BuildReportSchema = z.object({
  utterances: z.number(),
  seconds: z.number(),
  rejected: z.number(),
  outliers: z.array(OutlierSchema),
  durations: z.array(z.number()),
  charsPerSecond: z.array(z.number()),
});

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
} as const;
