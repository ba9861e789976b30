// The books contract's edit list (add, remove, undo, redo), the assembled chapter for the editor, and the book export job.
import { z } from 'zod';
import {
  ActiveEditSchema, ChapterExportResultSchema, EditEntrySchema, RoomToneSchema, SkippedEditSchema, UneditedTimelineSchema, WaveformEditSchema,
} from './book-edits';

const id = z.number().int().positive();

/** A chapter's edit history: every entry in order, how many are in force (the undo cursor), and what is in force. */
export const ChapterEditsSchema = z.object({
  chapterId: id,
  entries: z.array(EditEntrySchema.extend({ createdAt: z.string() })),
  undoPointer: z.number().int().nonnegative(),
  active: z.array(ActiveEditSchema),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type ChapterEdits = z.infer<typeof ChapterEditsSchema>;

/** Where each sentence sits in the assembled audio (seconds). */
export const SentenceSpanSchema = z.object({ sentenceId: id, start: z.number(), end: z.number() });

/** The chapter as the listener will hear it (chosen takes, pauses, room tone, edits), for the chapter editor. */
export const ChapterPreviewSchema = z.object({
  chapterId: id,
  /** Workspace-relative WAV and peaks file of the assembled chapter. */
  audio: z.string(),
  peaks: z.string(),
  durationSeconds: z.number(),
  sampleRate: z.number(),
  sentences: z.array(SentenceSpanSchema),
  /** The chapter before its region edits: the editor turns a point on the waveform into an anchor on it. */
  unedited: UneditedTimelineSchema,
  /** Sentences left out because they have no take yet (render them first). */
  missing: z.array(id),
  skippedEdits: z.array(SkippedEditSchema),
});
export type ChapterPreview = z.infer<typeof ChapterPreviewSchema>;

/** One zoom level of the peaks, as wavesurfer.js takes them (values in −1…1). */
export const ChapterPeaksSchema = z.object({
  durationSeconds: z.number(),
  /** Samples per bin at this level. */
  samplesPerBin: z.number().int().positive(),
  /** min, max of each bin, interleaved: what wavesurfer.js draws from `peaks: [values]`. */
  peaks: z.array(z.number()),
});
export type ChapterPeaks = z.infer<typeof ChapterPeaksSchema>;

export const bookExportFormats = ['wav', 'flac', 'mp3', 'm4b'] as const;

export const BookExportInputSchema = z.strictObject({
  bookId: id,
  /** Default: every included chapter. */
  chapterIds: z.array(id).min(1).max(10_000).optional(),
  formats: z.array(z.enum(bookExportFormats)).min(1).default(['mp3']),
  roomTone: RoomToneSchema.optional(),
  targetRmsDb: z.number().min(-23).max(-18).optional(),
  /** A folder on this machine; default: the workspace's books/<book>/export/. */
  outputDir: z.string().min(1).max(4096).optional(),
});

export const ChapterExportRowSchema = ChapterExportResultSchema.extend({ chapterId: id, title: z.string(), position: z.number().int() });
export const BookExportResultSchema = z.object({
  bookId: id,
  folder: z.string(),
  chapters: z.array(ChapterExportRowSchema),
  /** The .m4b with chapter marks, when asked for and ffmpeg was found. */
  m4b: z.string().nullable(),
  /** Why there is no .m4b when one was asked for (ffmpeg missing, …). */
  m4bNote: z.string().nullable(),
  pass: z.boolean(),
  finishedAt: z.string(),
});
export type BookExportResult = z.infer<typeof BookExportResultSchema>;
export type ChapterExportRow = z.infer<typeof ChapterExportRowSchema>;

const chapter = z.strictObject({ chapterId: id });
export const bookExportCalls = {
  'books:edits': { input: chapter, output: ChapterEditsSchema },
  /** Appends an edit (anchored to sentences); redo history past the cursor is dropped. */
  'books:addEdit': { input: z.strictObject({ chapterId: id, edit: WaveformEditSchema }), output: ChapterEditsSchema },
  /** Takes back one earlier edit without undoing those after it (recorded as an entry, so it can be undone too). */
  'books:removeEdit': { input: z.strictObject({ chapterId: id, editId: z.string().min(1).max(100) }), output: ChapterEditsSchema },
  'books:undoEdit': { input: chapter, output: ChapterEditsSchema },
  'books:redoEdit': { input: chapter, output: ChapterEditsSchema },
  /** A job: assembles the chapter (WAV + peaks) for the editor; result is a ChapterPreview. */
  'books:previewChapter': { input: chapter, output: z.object({ job: id }) },
  /** The newest preview of a chapter, or null. */
  'books:chapterPreview': { input: chapter, output: ChapterPreviewSchema.nullable() },
  /** Peaks of the newest preview at the coarsest level with at least `bins` bins. */
  'books:chapterPeaks': { input: z.strictObject({ chapterId: id, bins: z.number().int().min(10).max(2_000_000) }), output: ChapterPeaksSchema },
  /** A job: masters and exports chapters (WAV/FLAC/MP3, M4B with chapter marks); result is a BookExportResult. */
  'books:export': { input: BookExportInputSchema, output: z.object({ job: id }) },
  /** The newest finished export of the book (with each chapter's ACX report), or null. */
  'books:lastExport': { input: z.strictObject({ bookId: id }), output: BookExportResultSchema.nullable() },
} as const;
