// The API contract: every call and event the renderer can use, as zod schemas grouped by domain.
import { z } from 'zod';
import { booksCalls, booksEvents } from './domains/books';
import { corpusCalls } from './domains/corpus';
import { datasetCalls } from './domains/datasets';
import { labCalls, labEvents } from './domains/lab';
import { listeningCalls, listeningEvents } from './domains/listening';
import { synthesisCalls, synthesisEvents } from './domains/synthesis';
import { trainingCalls, trainingEvents } from './domains/training';

const text = (max = 1000) => z.string().max(max);
/** A path the user chose on their own machine (absolute or relative to the cwd of the backend). */
const hostPath = z.string().min(1).max(4096);
/** A path inside the open workspace, always relative, never escaping it. */
export const workspaceRelPath = z
  .string()
  .max(4096)
  .refine((p) => !p.includes('\0'), 'contains a NUL byte');
const id = z.number().int().positive();
const isoTime = z.string();
const empty = z.strictObject({});

// ---- jobs -------------------------------------------------------------------------------
export const jobStates = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const JobSchema = z.object({
  id,
  kind: z.string(),
  state: z.enum(jobStates),
  title: z.string(),
  step: z.string(),
  current: z.number(),
  total: z.number(),
  etaSeconds: z.number().nullable(),
  error: z.string().nullable(),
  /** What to do about the error, when the job said. */
  hint: z.string().nullable(),
  result: z.unknown().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Job = z.infer<typeof JobSchema>;
export const JobStartedSchema = z.object({ job: id });
export const ProgressEventSchema = z.object({
  job: id,
  step: z.string(),
  current: z.number(),
  total: z.number(),
  etaSeconds: z.number().nullable(),
});
export type ProgressEvent = z.infer<typeof ProgressEventSchema>;

// ---- workspace ----------------------------------------------------------------------------
export const mediaFolders = ['takes', 'datasets', 'runs', 'voices', 'books'] as const;
export const WorkspaceInfoSchema = z.object({
  path: z.string(),
  name: z.string(),
  createdAt: isoTime,
  schemaVersion: z.number().int(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;
export const RecentWorkspaceSchema = z.object({
  path: z.string(),
  name: z.string(),
  lastOpenedAt: isoTime,
  exists: z.boolean(),
});
export type RecentWorkspace = z.infer<typeof RecentWorkspaceSchema>;
export const WorkspaceStatsSchema = z.object({
  databaseBytes: z.number(),
  counts: z.object({
    speakers: z.number(),
    takes: z.number(),
    datasets: z.number(),
    runs: z.number(),
    voices: z.number(),
    books: z.number(),
    experiments: z.number(),
    jobs: z.number(),
  }),
  /** Bytes per media folder as of the last media scan; null before the first scan. */
  media: z
    .object({
      scannedAt: isoTime,
      folders: z.array(z.object({ folder: z.enum(mediaFolders), files: z.number(), bytes: z.number() })),
    })
    .nullable(),
});
export type WorkspaceStats = z.infer<typeof WorkspaceStatsSchema>;
export const MediaEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['file', 'folder']),
  bytes: z.number(),
  modifiedAt: isoTime,
});
export type MediaEntry = z.infer<typeof MediaEntrySchema>;

// ---- settings ----------------------------------------------------------------------------
export const SettingsSchema = z.strictObject({
  theme: z.enum(['system', 'light', 'dark']),
  uiLanguage: z.enum(['en', 'de']),
  defaultLanguage: z.enum(['en-US', 'de-DE']),
  sampleRate: z.union([z.literal(22050), z.literal(44100), z.literal(48000)]),
  executionProvider: z.enum(['auto', 'cpu', 'cuda', 'directml', 'coreml']),
  inferenceThreads: z.number().int().min(1).max(256),
  targetCorpusHours: z.number().min(0.1).max(1000),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const defaultSettings: Settings = {
  theme: 'system',
  uiLanguage: 'en',
  defaultLanguage: 'en-US',
  sampleRate: 22050,
  executionProvider: 'auto',
  inferenceThreads: 2,
  targetCorpusHours: 10,
};

// ---- the areas later issues fill in: each lists what the workspace holds ------------------------
export const SpeakerSchema = z.object({ id, name: z.string(), language: z.string(), takes: z.number(), createdAt: isoTime });
export const DatasetSchema = z.object({ id, name: z.string(), path: z.string(), sampleRate: z.number(), utterances: z.number(), createdAt: isoTime });
export const RunSchema = z.object({ id, name: z.string(), model: z.string(), state: z.string(), step: z.number(), createdAt: isoTime });
export const VoiceSchema = z.object({ id, name: z.string(), language: z.string(), path: z.string(), createdAt: isoTime });
export const BookSchema = z.object({ id, title: z.string(), author: z.string(), chapters: z.number(), createdAt: isoTime });
export const ExperimentSchema = z.object({ id, name: z.string(), utterances: z.number(), createdAt: isoTime });

/** Every call: name `domain:verb` → input and output schema. */
export const calls = {
  'workspace:defaultPath': { input: empty, output: z.object({ path: z.string() }) },
  'workspace:current': { input: empty, output: WorkspaceInfoSchema.nullable() },
  'workspace:open': {
    input: z.strictObject({ path: hostPath, create: z.boolean().default(false), name: text(200).optional() }),
    output: WorkspaceInfoSchema,
  },
  'workspace:close': { input: empty, output: z.null() },
  'workspace:recent': { input: empty, output: z.array(RecentWorkspaceSchema) },
  'workspace:forgetRecent': { input: z.strictObject({ path: hostPath }), output: z.array(RecentWorkspaceSchema) },
  'workspace:rename': { input: z.strictObject({ name: text(200).trim().min(1) }), output: WorkspaceInfoSchema },
  'workspace:stats': { input: empty, output: WorkspaceStatsSchema },
  'workspace:scanMedia': { input: empty, output: JobStartedSchema },
  'workspace:listMedia': { input: z.strictObject({ folder: workspaceRelPath }), output: z.array(MediaEntrySchema) },

  'settings:get': { input: empty, output: SettingsSchema },
  'settings:update': { input: SettingsSchema.partial().strict(), output: SettingsSchema },
  'settings:reset': { input: empty, output: SettingsSchema },

  'jobs:list': { input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(100) }), output: z.array(JobSchema) },
  'jobs:get': { input: z.strictObject({ id }), output: JobSchema },
  'jobs:cancel': { input: z.strictObject({ id }), output: JobSchema },

  'corpus:listSpeakers': { input: empty, output: z.array(SpeakerSchema) },
  ...corpusCalls,
  'datasets:list': { input: empty, output: z.array(DatasetSchema) },
  ...datasetCalls,
  'training:listRuns': { input: empty, output: z.array(RunSchema) },
  ...trainingCalls,
  'voices:list': { input: empty, output: z.array(VoiceSchema) },
  /** A voice package folder from elsewhere (the trainer's export command): checked graph by graph, copied into voices/, listed. */
  'voices:import': {
    input: z.strictObject({ path: hostPath, name: text(64).trim().min(1).optional() }),
    output: z.object({ id, name: z.string(), path: z.string() }),
  },
  'synthesis:providers': {
    input: empty,
    output: z.object({ available: z.array(z.string()), runtimeVersion: z.string(), note: z.string() }),
  },
  ...synthesisCalls,
  'books:list': { input: empty, output: z.array(BookSchema) },
  ...booksCalls,
  'lab:listExperiments': { input: empty, output: z.array(ExperimentSchema) },
  ...labCalls,
  ...listeningCalls,
} as const;

/** Every event the backend emits: name `domain:event` → payload schema. */
export const events = {
  'jobs:progress': ProgressEventSchema,
  'jobs:updated': JobSchema,
  'workspace:changed': WorkspaceInfoSchema.nullable(),
  'settings:changed': SettingsSchema,
  ...trainingEvents,
  ...synthesisEvents,
  ...booksEvents,
  ...labEvents,
  ...listeningEvents,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.output<Calls[K]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;
export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** What window.studio (preload) and the WebSocket client both provide. */
export type StudioMethods = { [K in CallName]: (input: CallInput<K>) => Promise<unknown> };
export interface StudioBridge {
  /** One named method per contract call; each resolves to a Result envelope. */
  readonly calls: StudioMethods;
  /** Subscribe to a backend event; returns the unsubscribe function. */
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Electron only: the native folder picker. */
  pickFolder?: () => Promise<string | null>;
}
