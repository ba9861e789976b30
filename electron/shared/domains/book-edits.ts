// The books contract's waveform edits (anchored to sentences, kept as a list with undo), chapter export input, and the ACX report.
import { z } from 'zod';

/** The books domain's stable sentence id, as text (numeric ids are passed as String(id)). */
export const SentenceIdSchema = z.string().min(1).max(200);

/**
 * A point in the chapter, relative to one sentence so it survives re-rendering earlier sentences:
 * `speech` counts from the start of the sentence's take, `pause` from the start of the pause after it.
 */
export const EditAnchorSchema = z.strictObject({
  sentenceId: SentenceIdSchema,
  part: z.enum(['speech', 'pause']).default('speech'),
  offsetMs: z.number().finite().nonnegative().max(4 * 3600 * 1000),
});
export type EditAnchor = z.infer<typeof EditAnchorSchema>;

const region = { start: EditAnchorSchema, end: EditAnchorSchema };

export const WaveformEditSchema = z.discriminatedUnion('kind', [
  /** Removes the region; the speech either side dips briefly so the join does not click. */
  z.strictObject({ kind: z.literal('cut'), ...region }),
  /** Mutes the speech in the region; the room tone under it stays, so it is never digital silence. */
  z.strictObject({ kind: z.literal('silence'), ...region }),
  /** Replaces the region with room tone, of the region's length or of `durationMs` when given. */
  z.strictObject({ kind: z.literal('room_tone'), ...region, durationMs: z.number().finite().nonnegative().max(600_000).optional() }),
  /** Sets the pause after a sentence (shorten or lengthen). The last sentence's pause is the chapter's tail. */
  z.strictObject({ kind: z.literal('pause'), sentenceId: SentenceIdSchema, pauseMs: z.number().finite().nonnegative().max(60_000) }),
  z.strictObject({ kind: z.literal('gain'), ...region, gainDb: z.number().finite().min(-60).max(24) }),
  /** Fades the speech in (from nothing to full across the region) or out (full to nothing); the room tone stays. */
  z.strictObject({ kind: z.literal('fade'), ...region, direction: z.enum(['in', 'out']) }),
]);
export type WaveformEdit = z.infer<typeof WaveformEditSchema>;

/** Takes back an earlier edit without undoing what came after it. */
export const RemoveEditSchema = z.strictObject({ kind: z.literal('remove'), target: z.string().min(1) });

export const EditEntrySchema = z.strictObject({
  id: z.string().min(1).max(100),
  edit: z.union([WaveformEditSchema, RemoveEditSchema]),
});
export type EditEntry = z.infer<typeof EditEntrySchema>;

/** The chapter's whole edit history; entries past `undoPointer` are undone (redo moves the pointer forward). */
export const EditListSchema = z.strictObject({
  entries: z.array(EditEntrySchema).max(100_000),
  undoPointer: z.number().int().nonnegative(),
}).superRefine((list, ctx) => {
  if (list.undoPointer > list.entries.length) {
    ctx.addIssue({ code: 'custom', path: ['undoPointer'], message: `undoPointer ${list.undoPointer} is past the ${list.entries.length} entries` });
  }
  const seen = new Set<string>();
  for (const [i, e] of list.entries.entries()) {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `edit id ${e.id} is used twice` });
    seen.add(e.id);
  }
});
export type EditList = z.infer<typeof EditListSchema>;

/** An edit in force at export: its id (for reports) and what it does. */
export const ActiveEditSchema = z.strictObject({ id: z.string().min(1), edit: WaveformEditSchema });
export type ActiveEdit = z.infer<typeof ActiveEditSchema>;

/** Why an edit was not applied at export (never silently misapplied). */
export const SkippedEditSchema = z.object({ id: z.string(), reason: z.string() });
export type SkippedEdit = z.infer<typeof SkippedEditSchema>;

export const RoomToneSchema = z.discriminatedUnion('source', [
  /** Shaped (pink) noise at `levelDb` RMS in the master; −65 dBFS keeps ACX's noise floor (≤ −60) with margin. */
  z.strictObject({ source: z.literal('generated'), levelDb: z.number().min(-90).max(-40).default(-65), seed: z.number().int().nonnegative().default(1) }),
  /** A recording of the room, looped with crossfades; `levelDb` rescales it to that RMS, otherwise it is used as recorded. */
  z.strictObject({ source: z.literal('recorded'), path: z.string().min(1).max(4096), levelDb: z.number().min(-90).max(-40).optional() }),
]);
export type RoomTone = z.infer<typeof RoomToneSchema>;

/** An absolute path (POSIX, a Windows drive, or a UNC share): the backend never resolves against its working folder. */
const absolutePath = z.string().min(1).max(4096).regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path');

export const ExportFormatSchema = z.enum(['wav', 'flac', 'mp3']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const ChapterExportInputSchema = z.strictObject({
  /** The chosen take of each sentence, in reading order: absolute WAV path and the pause after it. */
  takes: z.array(z.strictObject({
    sentenceId: SentenceIdSchema,
    path: absolutePath,
    pauseMs: z.number().finite().nonnegative().max(60_000),
  })).min(1).max(100_000),
  /** The takes' sample rate; a take at another rate is resampled to it. */
  sampleRate: z.number().int().min(8000).max(192_000),
  edits: z.array(ActiveEditSchema).default([]),
  roomTone: RoomToneSchema.default({ source: 'generated', levelDb: -65, seed: 1 }),
  headMs: z.number().min(500).max(1000).default(750),
  tailMs: z.number().min(1000).max(5000).default(2000),
  formats: z.array(ExportFormatSchema).min(1).default(['wav', 'flac', 'mp3']),
  bitDepth: z.union([z.literal(16), z.literal(24)]).default(16),
  channels: z.union([z.literal(1), z.literal(2)]).default(1),
  /** RMS target of the master (ACX accepts −23…−18). */
  targetRmsDb: z.number().min(-23).max(-18).default(-20),
  /** Limiter ceiling; below ACX's −3 dB so the encoded MP3's peaks stay under it too. */
  ceilingDb: z.number().min(-12).max(-3).default(-3.8),
  outputDir: absolutePath,
  /** File name stem, e.g. "01 - Chapter One". */
  baseName: z.string().trim().min(1).max(120).regex(/^[^/\\:*?"<>|\0]+$/, 'no path separators or / \\ : * ? " < > |'),
  peaks: z.boolean().default(true),
});
export type ChapterExportInput = z.input<typeof ChapterExportInputSchema>;
export type ChapterExportParams = z.output<typeof ChapterExportInputSchema>;

export const acxReportCheckIds = ['rms', 'peak', 'noise_floor', 'length', 'room_tone_head', 'room_tone_tail', 'sample_rate', 'bitrate', 'channels'] as const;
export const AcxReportCheckSchema = z.object({
  id: z.enum(acxReportCheckIds),
  pass: z.boolean(),
  /** The measured figure (null when it could not be measured). */
  measured: z.number().nullable(),
  unit: z.enum(['dB', 's', 'min', 'Hz', 'kbps', 'channels']),
  /** What ACX asks for, in words. */
  target: z.string(),
  /** Pass: what was found; fail: what was found and what to do. */
  message: z.string(),
});
export type AcxReportCheck = z.infer<typeof AcxReportCheckSchema>;

export const AcxReportSchema = z.object({
  /** File the figures were measured on: the encoded MP3, decoded back, never the WAV. */
  file: z.string(),
  pass: z.boolean(),
  checks: z.array(AcxReportCheckSchema),
  measures: z.object({
    rmsDb: z.number().nullable(),
    peakDb: z.number().nullable(),
    truePeakDb: z.number().nullable(),
    noiseFloorDb: z.number().nullable(),
    loudnessLufs: z.number().nullable(),
    durationSeconds: z.number(),
    sampleRate: z.number(),
    channels: z.number(),
    bitrateKbps: z.array(z.number()),
    headSeconds: z.number(),
    tailSeconds: z.number(),
  }),
});
export type AcxReport = z.infer<typeof AcxReportSchema>;

/**
 * The chapter's timeline before region edits, in seconds: anchors ({sentence, offset}) are offsets on it, so a cut earlier in a
 * sentence does not move a later point in it. `removals` (merged, in order) say where the exported audio skips it: the span
 * [from, to) is gone and `insert` seconds of room tone stand in its place.
 */
export const UneditedTimelineSchema = z.object({
  sentences: z.array(z.object({ sentenceId: z.string(), start: z.number(), end: z.number() })),
  removals: z.array(z.object({ from: z.number(), to: z.number(), insert: z.number() })),
  durationSeconds: z.number(),
});
export type UneditedTimeline = z.infer<typeof UneditedTimelineSchema>;

export const ChapterExportResultSchema = z.object({
  files: z.object({
    wav: z.string().optional(),
    flac: z.string().optional(),
    mp3: z.string().optional(),
    peaks: z.string().optional(),
    reportJson: z.string().optional(),
    reportHtml: z.string().optional(),
  }),
  /** Null when no MP3 was exported (the report is measured on the MP3). */
  report: AcxReportSchema.nullable(),
  /** Where each sentence's speech sits in the exported audio (seconds), for the editor's regions. */
  sentences: z.array(z.object({ sentenceId: z.string(), start: z.number(), end: z.number() })),
  /** The same chapter before its region edits (pause edits applied): where edit anchors are measured. */
  unedited: UneditedTimelineSchema,
  skippedEdits: z.array(SkippedEditSchema),
  sampleRate: z.number(),
  durationSeconds: z.number(),
  gainDb: z.number(),
  /** Share of samples the limiter turned down, 0–1. */
  limitedFraction: z.number(),
  warnings: z.array(z.string()),
});
export type ChapterExportResult = z.infer<typeof ChapterExportResultSchema>;
