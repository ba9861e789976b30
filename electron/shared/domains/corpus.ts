// The corpus domain of the contract: speakers, recording scripts, takes streamed while they are recorded.
import { z } from 'zod';

const id = z.number().int().positive();

export const takeStates = ['recording', 'done', 'recovered', 'accepted', 'rejected'] as const;
export const takeFlags = ['misread', 'noise', 'mouth_click', 'other'] as const;
export const CheckSchema = z.object({
  id: z.string(),
  level: z.enum(['ok', 'warn', 'fail']),
  value: z.number().nullable(),
  message: z.string(),
});
export const TakeSchema = z.object({
  id,
  speakerId: id,
  promptId: id.nullable(),
  path: z.string(),
  state: z.enum(takeStates),
  sampleRate: z.number(),
  seconds: z.number(),
  verdict: z.enum(['ok', 'warn', 'fail']).nullable(),
  checks: z.array(CheckSchema),
  flags: z.array(z.object({ flag: z.enum(takeFlags), note: z.string() })),
  /** Trim points the narrator set, in seconds of the raw take; null: the automatic trim (silence detection). */
  trim: z.object({ start: z.number(), end: z.number() }).nullable(),
  /** The narrator chose this take as the one of its prompt that goes into datasets. */
  chosen: z.boolean(),
  /** Pace, pitch or loudness strayed from the speaker's baseline. */
  outlier: z.boolean(),
  /** Where silence detection puts speech (seconds, with the dataset margin); null before the take was checked. */
  autoTrim: z.object({ start: z.number(), end: z.number() }).nullable(),
  createdAt: z.string(),
});
export type Take = z.infer<typeof TakeSchema>;
export const PromptRowSchema = z.object({
  id,
  key: z.string(),
  text: z.string(),
  position: z.number().int().nonnegative(),
  takes: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
});
export const SpeakerDetailSchema = z.object({
  id,
  name: z.string(),
  language: z.string(),
  scriptPosition: z.number().int().nonnegative(),
  prompts: z.number().int().nonnegative(),
  takes: z.number().int().nonnegative(),
  acceptedSeconds: z.number(),
  /** Seconds recorded today (local time), rejected takes left out: the narrator's progress in this sitting. */
  sessionSeconds: z.number(),
  createdAt: z.string(),
});

/** A take in the review list: the take plus the prompt it reads. */
export const ReviewTakeSchema = TakeSchema.extend({ promptKey: z.string(), promptText: z.string(), promptPosition: z.number().int() });
export type ReviewTake = z.infer<typeof ReviewTakeSchema>;
export const reviewFilters = ['all', 'flagged', 'failing', 'outliers', 'unreviewed', 'accepted', 'rejected', 'chosen'] as const;
export type ReviewFilter = (typeof reviewFilters)[number];

const RatioSchema = z.object({ covered: z.number().int(), total: z.number().int() });
export const CoverageSchema = z.object({ phones: RatioSchema, diphones: RatioSchema });
export const SuggestionSchema = z.object({
  key: z.string(),
  text: z.string(),
  /** Phones and diphones this prompt would add to the script. */
  newUnits: z.array(z.string()),
});
export const ScriptSelectionResultSchema = z.object({
  imported: z.number().int(),
  pooled: z.number().int(),
  poolTotal: z.number().int(),
  coverage: CoverageSchema,
  /** The same number of prompts drawn at random (fixed seed) from the eligible pool, for comparison. */
  randomCoverage: CoverageSchema,
  /** Coverage after k prompts (phones and diphones as fractions), at most 100 points. */
  curve: z.array(z.object({ k: z.number().int(), phones: z.number(), diphones: z.number() })),
  missing: z.object({ phones: z.array(z.string()), diphones: z.number().int() }),
  excluded: z.number().int(),
  warnings: z.array(z.string()),
});
export type ScriptSelectionResult = z.infer<typeof ScriptSelectionResultSchema>;

/** A prompt file as the renderer sends it: its name, its bytes, and optionally how to read them. */
const scriptFile = {
  fileName: z.string().max(255),
  /** The file's bytes, base64 (at most ~20 MB of text). */
  content: z.string().max(28_000_000),
  format: z.enum(['lines', 'tsv', 'csv', 'festvox', 'prose']).optional(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
};

/** Audio travels as base64 of little-endian float32 mono samples; one chunk is at most ~10 s at 48 kHz. */
const samplesBase64 = z.string().max(2_600_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

export const corpusCalls = {
  'corpus:createSpeaker': {
    input: z.strictObject({ name: z.string().trim().min(1).max(100), language: z.enum(['en-US', 'en-GB', 'de-DE']) }),
    output: SpeakerDetailSchema,
  },
  'corpus:getSpeaker': { input: z.strictObject({ speakerId: id }), output: SpeakerDetailSchema },
  'corpus:importScript': {
    input: z.strictObject({ speakerId: id, ...scriptFile }),
    output: z.object({ imported: z.number(), duplicates: z.number(), warnings: z.array(z.string()), format: z.string() }),
  },
  /** Reads a large pool (a text file in any form importScript takes) and adds the `count` prompts that best cover the language's phones and diphones. */
  'corpus:selectScript': {
    input: z.strictObject({
      speakerId: id,
      ...scriptFile,
      count: z.number().int().min(1).max(50_000),
      minWords: z.number().int().min(1).max(100).default(4),
      maxWords: z.number().int().min(1).max(200).default(20),
    }).refine((v) => v.minWords <= v.maxWords, { message: 'minWords must not exceed maxWords', path: ['maxWords'] }),
    output: z.object({ job: id }),
  },
  /** The script's phone/diphone coverage (against the script and its pool) and the pool prompts that would fill the gaps. */
  'corpus:coverage': {
    input: z.strictObject({ speakerId: id, suggest: z.number().int().min(0).max(100).default(10) }),
    output: z.object({ coverage: CoverageSchema, poolSize: z.number().int(), missingPhones: z.array(z.string()), suggestions: z.array(SuggestionSchema) }),
  },
  'corpus:addFromPool': {
    input: z.strictObject({ speakerId: id, keys: z.array(z.string().max(200)).min(1).max(1000) }),
    output: z.object({ added: z.number().int() }),
  },
  'corpus:listPrompts': {
    input: z.strictObject({ speakerId: id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.object({ total: z.number(), prompts: z.array(PromptRowSchema) }),
  },
  'corpus:setPosition': { input: z.strictObject({ speakerId: id, position: z.number().int().min(0) }), output: SpeakerDetailSchema },
  'corpus:startTake': {
    input: z.strictObject({ speakerId: id, promptId: id, sampleRate: z.number().int().min(8000).max(192000) }),
    output: z.object({ takeId: id, path: z.string() }),
  },
  'corpus:appendTake': {
    input: z.strictObject({ takeId: id, seq: z.number().int().min(0), samples: samplesBase64 }),
    output: z.object({ seconds: z.number() }),
  },
  'corpus:finishTake': { input: z.strictObject({ takeId: id }), output: TakeSchema },
  'corpus:listTakes': {
    input: z.strictObject({ speakerId: id, promptId: id.optional() }),
    output: z.array(TakeSchema),
  },
  'corpus:setTakeState': { input: z.strictObject({ takeId: id, state: z.enum(['accepted', 'rejected', 'done']) }), output: TakeSchema },
  'corpus:reviewTakes': {
    input: z.strictObject({
      speakerId: id,
      filter: z.enum(reviewFilters).default('all'),
      /** Matches the prompt's id or text (case-insensitive substring). */
      search: z.string().trim().max(200).default(''),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.object({
      total: z.number().int(),
      /** How many takes each filter would show (for the filter chips). */
      counts: z.record(z.enum(reviewFilters), z.number().int()),
      takes: z.array(ReviewTakeSchema),
    }),
  },
  'corpus:setTrim': {
    input: z.strictObject({ takeId: id, trim: z.object({ start: z.number().min(0), end: z.number().positive() }).nullable() }),
    output: TakeSchema,
  },
  'corpus:chooseTake': { input: z.strictObject({ takeId: id, chosen: z.boolean().default(true) }), output: TakeSchema },
  'corpus:importTakes': {
    input: z.strictObject({
      speakerId: id,
      /** A folder with audio files and transcripts.csv (id|text) or an LJSpeech metadata.csv. */
      path: z.string().min(1).max(4096),
      /** newest: of several retakes of one prompt (id_<unix time>), only the newest is imported. */
      keep: z.enum(['newest', 'all']).default('newest'),
    }),
    output: z.object({ job: id }),
  },
  'corpus:flagTake': {
    input: z.strictObject({ takeId: id, flag: z.enum(takeFlags), note: z.string().max(2000).default('') }),
    output: TakeSchema,
  },
} as const;
