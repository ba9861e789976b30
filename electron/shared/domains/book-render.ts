// The books render queue's part of the contract: render a chapter or a book as a job, regenerate one sentence, list and choose its takes.
import { z } from 'zod';
import { SlipSchema } from './synthesis';

const id = z.number().int().positive();
const vocoderName = z.string().trim().min(1).max(64);

/** Options every render shares: the voice (else the book's), the vocoder (else the book's, else the voice's first), the batch size. */
const renderOptions = {
  /** A voice registered in the workspace; a sentence's own voice override wins over it. Default: the book's voice. */
  voiceId: id.optional(),
  vocoder: vocoderName.optional(),
  /** Sentences decoded together (batched decoding). */
  batch: z.number().int().min(1).max(64).default(8),
  /** Cap on decoder steps per sentence (a quick draft); part of the sentence cache key. */
  maxSteps: z.number().int().min(1).max(100_000).optional(),
};

export const RenderChapterInputSchema = z.strictObject({ bookId: id, chapterId: id, ...renderOptions });
export const RenderBookInputSchema = z.strictObject({ bookId: id, ...renderOptions });
export const RegenerateInputSchema = z.strictObject({
  sentenceId: id,
  voiceId: id.optional(),
  vocoder: vocoderName.optional(),
  /** The new take's seed; a fresh random one when absent. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  maxSteps: z.number().int().min(1).max(100_000).optional(),
});

export const TakeWordSchema = z.object({
  text: z.string(),
  /** Seconds into the take's WAV; null when the attention never reached the word. */
  span: z.object({ start: z.number(), end: z.number() }).nullable(),
  focus: z.number(),
  reached: z.number(),
  slips: z.array(SlipSchema),
});
/** What the engine's attention said about a take (stored with it). */
export const SlipReportSchema = z.object({
  steps: z.number().int(),
  gateStopped: z.boolean(),
  flagged: z.boolean(),
  slips: z.array(SlipSchema),
  words: z.array(TakeWordSchema),
  /** Pieces the engine read the sentence in (a long sentence is cut at a clause mark). */
  pieces: z.number().int(),
});
export type SlipReport = z.infer<typeof SlipReportSchema>;

/** One take of a sentence as the chapter editor lists it (its slip report left as stored). */
export const SentenceTakeSchema = z.object({
  id,
  sentenceId: id,
  /** The WAV, relative to the workspace. */
  path: z.string(),
  text: z.string(),
  seed: z.number().int(),
  voiceId: id.nullable(),
  vocoder: z.string(),
  lexiconVersion: z.number().int(),
  cacheKey: z.string(),
  sampleRate: z.number().int().positive(),
  seconds: z.number().nonnegative(),
  slipReport: z.unknown().nullable(),
  createdAt: z.string(),
});
export type SentenceTake = z.infer<typeof SentenceTakeSchema>;

/** A take as the render queue reports it: the slip report read, and whether it is the sentence's chosen take. */
export const RenderedTakeSchema = SentenceTakeSchema.extend({
  slipReport: SlipReportSchema.nullable(),
  chosen: z.boolean(),
});
export type RenderedTake = z.infer<typeof RenderedTakeSchema>;

export const SentenceTakesSchema = z.object({
  sentenceId: id,
  state: z.enum(['new', 'stale', 'rendered']),
  chosenTakeId: id.nullable(),
  takes: z.array(RenderedTakeSchema),
});

/** A render job's result: what was rendered, what the cache served, what had nothing to say. */
export const RenderResultSchema = z.object({
  chapters: z.array(z.object({
    chapterId: id,
    title: z.string(),
    sentences: z.number().int(),
    rendered: z.number().int(),
    /** Sentences whose take was already current. */
    current: z.number().int(),
    /** Sentences whose key already had a take (another sentence's or an earlier one): reused, not rendered. */
    cached: z.number().int(),
    skipped: z.array(z.object({ sentenceId: id, text: z.string(), reason: z.string() })),
    flagged: z.number().int(),
    /** The engine's own time for what it rendered (decoder vs vocoder), the audio it made, and the execution provider it ran on. */
    engine: z.object({ decodeSeconds: z.number(), vocodeSeconds: z.number(), audioSeconds: z.number(), provider: z.string().nullable() }),
  })),
  renderSeconds: z.number(),
});
export type RenderResult = z.infer<typeof RenderResultSchema>;

export const ChapterRenderStatusSchema = z.object({
  chapterId: id,
  title: z.string(),
  included: z.boolean(),
  sentences: z.number().int(),
  rendered: z.number().int(),
  stale: z.number().int(),
  new: z.number().int(),
  /** The render job running for this chapter, if any. */
  job: id.nullable(),
});

export const renderCalls = {
  /** A job rendering the chapter's sentences that are new or stale (current takes and cached keys are reused); pause with jobs:cancel, resume by calling it again. */
  'books:renderChapter': { input: RenderChapterInputSchema, output: z.object({ job: id }) },
  /** A job rendering every included chapter in order, with book-wide progress. */
  'books:renderBook': { input: RenderBookInputSchema, output: z.object({ job: id }) },
  /** A job rendering another take of one sentence with a new seed (older takes are kept); the new take becomes the chosen one. */
  'books:regenerate': { input: RegenerateInputSchema, output: z.object({ job: id }) },
  'books:chooseTake': { input: z.strictObject({ sentenceId: id, takeId: id }), output: SentenceTakesSchema },
  /** Every take of a sentence, newest first, for A/B comparison. */
  'books:takes': { input: z.strictObject({ sentenceId: id }), output: SentenceTakesSchema },
  /** Per chapter: how many sentences are rendered, stale or new, and the render job running. */
  'books:renderStatus': { input: z.strictObject({ bookId: id }), output: z.array(ChapterRenderStatusSchema) },
} as const;
