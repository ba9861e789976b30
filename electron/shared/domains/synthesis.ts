// The synthesis domain of the contract: speak text with a voice package (a job that writes a WAV), and the execution providers.
import { z } from 'zod';

const id = z.number().int().positive();
export const providerChoices = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const;

/** A mel configuration as voice.json declares it: what a vocoder expects and what the experiment's input mels are. */
export const MelDeclSchema = z.object({
  sampleRate: z.number().int().positive(),
  nFft: z.number().int().positive(),
  hop: z.number().int().positive(),
  win: z.number().int().positive(),
  nMels: z.number().int().positive(),
  fmin: z.number().nonnegative(),
  fmax: z.number().positive(),
  melScale: z.literal('slaney'),
  center: z.boolean(),
  logBase: z.literal('e'),
  clamp: z.number().positive(),
});
export type MelDecl = z.infer<typeof MelDeclSchema>;

export const SlipSchema = z.object({ kind: z.string(), reason: z.string() });
export const WordReportSchema = z.object({
  text: z.string(),
  /** Seconds in the written WAV; null when the attention never reached the word. */
  span: z.object({ start: z.number(), end: z.number() }).nullable(),
  /** Attention peak weight while the word was read (1 sharp, low diffuse). */
  focus: z.number(),
  /** Share of the word's letters that were the attention's focus at some step. */
  reached: z.number(),
  slips: z.array(SlipSchema),
});
export const SentenceReportSchema = z.object({
  index: z.number().int(),
  text: z.string(),
  /** Where the sentence's audio starts and ends in the WAV (seconds). */
  start: z.number(),
  end: z.number(),
  steps: z.number().int(),
  gateStopped: z.boolean(),
  flagged: z.boolean(),
  slips: z.array(SlipSchema),
  words: z.array(WordReportSchema),
  /** Workspace-relative WAV of this sentence alone (written as soon as it is done: play it while the rest renders). */
  audio: z.string(),
});
export type SentenceReport = z.infer<typeof SentenceReportSchema>;

export const ProviderReportSchema = z.object({
  chosen: z.string(),
  attempts: z.array(z.object({ name: z.string(), ok: z.boolean(), reason: z.string() })),
  runtimeVersion: z.string(),
  threads: z.number().int(),
  text: z.string(),
});

export const SpeakResultSchema = z.object({
  /** Workspace-relative path of the whole text's WAV. */
  path: z.string(),
  voice: z.string(),
  vocoder: z.string(),
  /** The decoder step's precision that ran (int8 only when asked for and the voice has it). */
  precision: z.enum(['float32', 'int8']),
  seed: z.number().int(),
  sampleRate: z.number().int(),
  audioSeconds: z.number(),
  computeSeconds: z.number(),
  /** Compute seconds per audio second. */
  rtf: z.number(),
  sentences: z.array(SentenceReportSchema),
  skipped: z.array(z.object({ text: z.string(), reason: z.string() })),
  /** Characters the voice could not say (left out). */
  dropped: z.array(z.string()),
  provider: ProviderReportSchema,
});
export type SpeakResult = z.infer<typeof SpeakResultSchema>;

export const SpeakInputSchema = z.strictObject({
  /** A voice folder on this machine (holds voice.json). */
  voicePath: z.string().min(1).max(4096).optional(),
  /** A voice registered in the workspace. */
  voiceId: id.optional(),
  text: z.string().min(1).max(2_000_000),
  vocoder: z.string().max(64).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  batch: z.number().int().min(1).max(64).default(8),
  provider: z.enum(providerChoices).default('auto'),
  /** int8 runs the int8 graphs of a voice exported with --int8 (about half the CPU time); float32 is the reference. */
  precision: z.enum(['float32', 'int8']).default('float32'),
  threads: z.number().int().min(1).max(64).optional(),
  /** Pronunciations: a word with a respelling is read as respelled (IPA entries need a phoneme voice). */
  lexicon: z.array(z.object({ word: z.string().min(1).max(200), respelling: z.string().max(400).optional(), ipa: z.string().max(400).optional() })).max(100_000).optional(),
}).refine((v) => (v.voicePath === undefined) !== (v.voiceId === undefined), 'give exactly one of voicePath or voiceId');

/** One sentence of a speak job is on disk (sent in order): the studio starts playing the first while the rest render. */
export const SentenceReadySchema = z.object({
  job: id,
  index: z.number().int(),
  total: z.number().int(),
  /** Workspace-relative WAV of this sentence alone. */
  audio: z.string(),
  /** Where it sits in the whole WAV (seconds). */
  start: z.number(),
  end: z.number(),
  text: z.string(),
  flagged: z.boolean(),
});
export type SentenceReady = z.infer<typeof SentenceReadySchema>;

export const synthesisEvents = {
  'synthesis:sentence': SentenceReadySchema,
} as const;

export const synthesisCalls = {
  /** Starts a job; its progress events come one per finished sentence, its result is a SpeakResult. */
  'synthesis:speak': { input: SpeakInputSchema, output: z.object({ job: id }) },
} as const;
