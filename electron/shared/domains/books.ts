// The books domain of the contract: audiobooks imported, rendered sentence by sentence, mastered and exported.
import { z } from 'zod';
import { bookExportCalls } from './book-export';
import { renderCalls, SentenceTakeSchema } from './book-render';

export { SentenceTakeSchema, type SentenceTake } from './book-render';

const id = z.number().int().positive();
/** A path the user chose on their own machine. */
const hostPath = z.string().min(1).max(4096);
const sentenceText = z.string().max(5000);

export const bookLanguages = ['en-US', 'en-GB', 'de-DE'] as const;
export const sourceKinds = ['epub', 'text', 'markdown'] as const;
/** What the importer decided a section of the source is. Only chapter/front/back become chapters. */
export const sectionKinds = ['chapter', 'front', 'back', 'toc', 'images', 'empty'] as const;
export const chapterKinds = ['chapter', 'front', 'back'] as const;
export const sentenceStates = ['new', 'stale', 'rendered'] as const;
export const flagKinds = ['mispronounced', 'skipped', 'wrong_stress', 'noise', 'note', 'repeated', 'mumbled', 'stretched', 'no_stop', 'babble', 'cut_short'] as const;

export const ImportSectionSchema = z.object({
  /** Position in the source, the handle `books:import` takes in `include`. */
  index: z.number().int().nonnegative(),
  title: z.string(),
  kind: z.enum(sectionKinds),
  words: z.number().int().nonnegative(),
  firstWords: z.string(),
  /** Whether an import without `include` takes it (chapters yes; front/back matter, contents, images and empty no). */
  includedByDefault: z.boolean(),
  /** Why the importer classified it so (e.g. "title says Copyright", "no text, 3 images"). */
  reason: z.string(),
  /** Where it came from: the EPUB file(s) and anchor, or the line range of a text file. */
  sourceRef: z.string(),
  warnings: z.array(z.string()),
});
export type ImportSection = z.infer<typeof ImportSectionSchema>;

export const ImportPreviewSchema = z.object({
  format: z.enum(sourceKinds),
  title: z.string(),
  author: z.string(),
  language: z.string(),
  sections: z.array(ImportSectionSchema),
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

/** One line of the stored import report: every section seen, kept or not, and why. */
export const ImportReportEntrySchema = z.object({
  index: z.number().int().nonnegative(),
  title: z.string(),
  kind: z.enum(sectionKinds),
  words: z.number().int().nonnegative(),
  included: z.boolean(),
  reason: z.string(),
});
export type ImportReportEntry = z.infer<typeof ImportReportEntrySchema>;

export const ChapterSummarySchema = z.object({
  id,
  position: z.number().int().nonnegative(),
  title: z.string(),
  kind: z.enum(chapterKinds),
  included: z.boolean(),
  sentences: z.number().int().nonnegative(),
  rendered: z.number().int().nonnegative(),
  stale: z.number().int().nonnegative(),
  words: z.number().int().nonnegative(),
});
export type ChapterSummary = z.infer<typeof ChapterSummarySchema>;

export const BookDetailSchema = z.object({
  id,
  title: z.string(),
  author: z.string(),
  language: z.string(),
  sourcePath: z.string(),
  sourceKind: z.enum(sourceKinds),
  lexiconVersion: z.number().int().positive(),
  voiceId: id.nullable(),
  vocoder: z.string().nullable(),
  chapters: z.array(ChapterSummarySchema),
  importReport: z.array(ImportReportEntrySchema),
  createdAt: z.string(),
});
export type BookDetail = z.infer<typeof BookDetailSchema>;


const range = z.object({ start: z.number().nonnegative(), end: z.number().nonnegative() })
  .refine((r) => r.end > r.start, 'a range ends after it starts');
const charRange = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((r) => r.end > r.start, 'a range ends after it starts');

export const SentenceFlagSchema = z.object({
  id,
  sentenceId: id,
  takeId: id.nullable(),
  source: z.enum(['slip', 'producer']),
  kind: z.enum(flagKinds),
  /** UTF-16 offsets into the sentence text (a word the producer selected). */
  chars: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
  /** Seconds into the take. */
  time: z.object({ start: z.number(), end: z.number() }).nullable(),
  note: z.string(),
  createdAt: z.string(),
});
export type SentenceFlag = z.infer<typeof SentenceFlagSchema>;

export const SentenceSchema = z.object({
  id,
  chapterId: id,
  paragraphId: id,
  position: z.number().int().nonnegative(),
  text: z.string(),
  pauseAfterMs: z.number().int().nonnegative(),
  voiceId: id.nullable(),
  vocoder: z.string().nullable(),
  state: z.enum(sentenceStates),
  chosenTakeId: id.nullable(),
  takes: z.array(SentenceTakeSchema),
  flags: z.array(SentenceFlagSchema),
});
export type Sentence = z.infer<typeof SentenceSchema>;

export const ChapterPageSchema = z.object({
  chapter: ChapterSummarySchema.extend({ bookId: id }),
  /** Sentences in the chapter; `paragraphs` holds those from `offset`, at most `limit`. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  paragraphs: z.array(z.object({ id, position: z.number().int().nonnegative(), sentences: z.array(SentenceSchema) })),
});
export type ChapterPage = z.infer<typeof ChapterPageSchema>;

export const LexiconEntrySchema = z.object({
  id,
  /** null: the workspace lexicon (every book); else the book's own, which wins over the workspace's. */
  bookId: id.nullable(),
  word: z.string(),
  ipa: z.string().nullable(),
  respelling: z.string().nullable(),
  createdAt: z.string(),
});
export type LexiconEntry = z.infer<typeof LexiconEntrySchema>;

/** What a lexicon change or a find/replace did to the sentences: exactly those it touched. */
export const StaleReportSchema = z.object({
  /** Sentences whose reading changed, in book order (across books for a workspace entry). */
  sentenceIds: z.array(id),
  /** Of those, rendered ones that became stale (new ones stay new). */
  staled: z.number().int().nonnegative(),
  /** Each affected book's lexicon version after the change. */
  lexiconVersions: z.array(z.object({ bookId: id, lexiconVersion: z.number().int().positive() })),
});
export type StaleReport = z.infer<typeof StaleReportSchema>;

const lexiconWord = z.string().trim().min(1).max(200).regex(/^\S+$/u, 'a lexicon word is a single token (no spaces)');
const scope = { bookId: id.nullable() };

export const FindReplaceMatchSchema = z.object({
  sentenceId: id,
  chapterId: id,
  before: z.string(),
  after: z.string(),
  count: z.number().int().positive(),
});

export const booksCalls = {
  /** Reads an EPUB, text or Markdown file and lists its sections; nothing is stored. */
  'books:previewImport': {
    input: z.strictObject({ path: hostPath, chapterPattern: z.string().min(1).max(500).optional() }),
    output: ImportPreviewSchema,
  },
  /** Imports the sections in `include` (section indexes; default: those included by default). */
  'books:import': {
    input: z.strictObject({
      path: hostPath,
      title: z.string().trim().min(1).max(500).optional(),
      author: z.string().trim().max(500).optional(),
      language: z.enum(bookLanguages).optional(),
      include: z.array(z.number().int().nonnegative()).max(10_000).optional(),
      chapterPattern: z.string().min(1).max(500).optional(),
    }),
    output: z.object({ bookId: id, report: z.array(ImportReportEntrySchema) }),
  },
  'books:get': { input: z.strictObject({ bookId: id }), output: BookDetailSchema },
  'books:delete': { input: z.strictObject({ bookId: id }), output: z.null() },
  /** Title, author or language after import; a new language stales every rendered sentence (it is read differently). */
  'books:update': {
    input: z.strictObject({
      bookId: id, title: z.string().trim().min(1).max(500).optional(), author: z.string().trim().max(500).optional(), language: z.enum(bookLanguages).optional(),
      /** The voice (and vocoder; null: the voice's first) the book renders with when a render names none. */
      voiceId: id.nullable().optional(), vocoder: z.string().min(1).max(64).nullable().optional(),
    }),
    output: z.object({ book: BookDetailSchema, staled: z.number().int().nonnegative() }),
  },
  'books:setChapter': {
    input: z.strictObject({ chapterId: id, title: z.string().trim().min(1).max(500).optional(), included: z.boolean().optional() }),
    output: ChapterSummarySchema,
  },
  /** A chapter's paragraphs and sentences with their takes and flags, whole or a page of sentences. */
  'books:chapter': {
    input: z.strictObject({ chapterId: id, offset: z.number().int().nonnegative().default(0), limit: z.number().int().min(1).max(100_000).default(100_000) }),
    output: ChapterPageSchema,
  },
  'books:editSentence': { input: z.strictObject({ sentenceId: id, text: sentenceText.trim().min(1) }), output: SentenceSchema },
  'books:setPause': { input: z.strictObject({ sentenceId: id, pauseAfterMs: z.number().int().min(0).max(60_000) }), output: SentenceSchema },
  'books:setSentenceVoice': {
    input: z.strictObject({ sentenceId: id, voiceId: id.nullable(), vocoder: z.string().trim().min(1).max(200).nullable() }),
    output: SentenceSchema,
  },
  /** A producer's flag on a word range of the text or a time range of a take. */
  'books:flag': {
    input: z.strictObject({
      sentenceId: id, takeId: id.optional(), kind: z.enum(flagKinds), chars: charRange.optional(), time: range.optional(),
      note: z.string().max(2000).default(''),
    }),
    output: SentenceFlagSchema,
  },
  'books:unflag': { input: z.strictObject({ flagId: id }), output: z.null() },

  'books:lexiconList': { input: z.strictObject(scope), output: z.array(LexiconEntrySchema) },
  /** Adds or replaces a word's pronunciation (exactly one of ipa, respelling). */
  'books:lexiconAdd': {
    input: z.strictObject({ ...scope, word: lexiconWord, ipa: z.string().trim().min(1).max(400).optional(), respelling: z.string().trim().min(1).max(400).optional() })
      .refine((e) => (e.ipa === undefined) !== (e.respelling === undefined), 'give exactly one of ipa and respelling'),
    output: z.object({ entry: LexiconEntrySchema, stale: StaleReportSchema }),
  },
  'books:lexiconRemove': { input: z.strictObject({ ...scope, word: lexiconWord }), output: StaleReportSchema },
  /** The G2P's IPA for a word, a starting point the producer edits. */
  'books:lexiconSuggest': {
    input: z.strictObject({ word: lexiconWord, language: z.enum(bookLanguages) }),
    output: z.object({ word: z.string(), ipa: z.string() }),
  },
  /** Reads a W3C PLS 1.0 file into the lexicon (entries for the same word are replaced). */
  'books:lexiconImport': {
    input: z.strictObject({ ...scope, path: hostPath }),
    output: z.object({ added: z.number().int().nonnegative(), replaced: z.number().int().nonnegative(), stale: StaleReportSchema, warnings: z.array(z.string()) }),
  },
  'books:lexiconExport': {
    input: z.strictObject({ ...scope, path: hostPath, language: z.enum(bookLanguages).optional() }),
    output: z.object({ path: z.string(), entries: z.number().int().nonnegative() }),
  },
  /** Literal find/replace over the book's sentences; `preview` lists the sentences it would touch and changes nothing. */
  'books:findReplace': {
    input: z.strictObject({
      bookId: id, find: z.string().min(1).max(1000), replace: z.string().max(1000), matchCase: z.boolean().default(false),
      wholeWord: z.boolean().default(false), preview: z.boolean().default(true),
    }),
    output: z.object({ matches: z.array(FindReplaceMatchSchema), applied: z.boolean(), staled: z.number().int().nonnegative() }),
  },
  ...renderCalls,
  ...bookExportCalls,
} as const;

export const booksEvents = {} as const;
