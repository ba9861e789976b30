// Every contract call's handler. A missing one fails to compile; each receives validated input.
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { statSync } from 'node:fs';
import { defaultSettings, type CallName, type CallOutput, type EventName, type EventPayload, type ParsedInput } from '../shared/contract';
import { ApiError } from '../shared/errors';
import * as areas from './db/areas.repo';
import { getJob, listJobs } from './db/jobs.repo';
import { readMediaUsage } from './db/media.repo';
import { clearSettings, readSettings, writeSettings } from './db/settings.repo';
import type { Workspace } from './workspace/workspace';
import { DB_FILE } from './workspace/workspace';
import type { RecentStore } from './workspace/recent.store';
import type { CorpusService } from './corpus/corpus.service';
import type { DatasetsService } from './dataset/datasets.service';
import type { TrainingService } from './training/training.service';
import { readGpuStatus } from './training/gpu-status';
import { importVoice } from './synth/voice-import';
import { synthesisFor } from './synth/synthesis.service';
import { booksHandlers } from './audiobook/books.handlers';
import { labHandlers } from './lab/lab.handlers';
import { listeningHandlers } from './lab/listening/listening.handlers';

export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>) => Promise<CallOutput<K>> | CallOutput<K>;
};

/** The handlers of one domain's calls, for a domain that registers its own (books, lab). */
export type DomainHandlers<K extends CallName> = Pick<Handlers, K>;

export interface HandlerDeps {
  recent: RecentStore;
  current(): Workspace | null;
  corpus(): CorpusService;
  datasets(): DatasetsService;
  training(): TrainingService;
  open(path: string, create: boolean, name?: string): Promise<Workspace>;
  closeCurrent(): Promise<void>;
  emitSettings(): void;
  emitWorkspace(): void;
  /** Sends a contract event to every client (IPC and headless alike). */
  emit<K extends EventName>(event: K, payload: EventPayload<K>): void;
}

function dirSize(file: string): number {
  try { return statSync(file).size; } catch { return 0; }
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const ws = (): Workspace => {
    const w = deps.current();
    if (!w) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
    return w;
  };
  return {
    'workspace:defaultPath': () => ({ path: join(homedir(), 'Voicewright') }),
    'workspace:current': () => deps.current()?.info() ?? null,
    'workspace:open': async ({ path, create, name }) => (await deps.open(path, create, name)).info(),
    'workspace:close': async () => {
      await deps.closeCurrent();
      return null;
    },
    'workspace:recent': () => deps.recent.list(),
    'workspace:forgetRecent': ({ path }) => deps.recent.forget(path),
    'workspace:rename': ({ name }) => {
      const info = ws().rename(name);
      deps.recent.touch(info.path, info.name);
      deps.emitWorkspace();
      return info;
    },
    'workspace:stats': () => {
      const w = ws();
      const dbFile = join(w.root, DB_FILE);
      return {
        databaseBytes: dirSize(dbFile) + dirSize(`${dbFile}-wal`),
        counts: areas.countAll(w.db),
        media: readMediaUsage(w.db),
      };
    },
    'workspace:scanMedia': () => ({ job: ws().jobs.start('workspace:scanMedia', 'Scan media folders', {}).id }),
    'workspace:listMedia': async ({ folder }) => {
      const w = ws();
      const dir = w.resolveInside(folder);
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        throw new ApiError('not_found', `The folder "${folder}" does not exist in this workspace.`);
      }
      const out = [];
      for (const e of entries) {
        if (!e.isFile() && !e.isDirectory()) continue;
        if (e.name.startsWith('.')) continue;
        const abs = join(dir, e.name);
        const st = await stat(abs);
        out.push({
          name: e.name,
          path: relative(w.root, abs).split('\\').join('/'),
          kind: e.isDirectory() ? ('folder' as const) : ('file' as const),
          bytes: e.isDirectory() ? 0 : st.size,
          modifiedAt: st.mtime.toISOString(),
        });
      }
      return out.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    },

    'settings:get': () => {
      const w = deps.current();
      return w ? readSettings(w.db) : { ...defaultSettings };
    },
    'settings:update': (patch) => {
      const w = ws();
      writeSettings(w.db, patch);
      deps.emitSettings();
      return readSettings(w.db);
    },
    'settings:reset': () => {
      const w = ws();
      clearSettings(w.db);
      deps.emitSettings();
      return readSettings(w.db);
    },

    'jobs:list': ({ limit }) => listJobs(ws().db, limit),
    'jobs:get': ({ id }) => {
      const job = getJob(ws().db, id);
      if (!job) throw new ApiError('not_found', `There is no job ${id}.`);
      return job;
    },
    'jobs:cancel': ({ id }) => ws().jobs.cancel(id),

    'corpus:listSpeakers': () => areas.listSpeakers(ws().db),
    'corpus:createSpeaker': (input) => deps.corpus().createSpeaker(input),
    'corpus:getSpeaker': ({ speakerId }) => deps.corpus().speaker(speakerId),
    'corpus:importScript': (input) => deps.corpus().importScript(input),
    'corpus:listPrompts': (input) => deps.corpus().listPrompts(input),
    'corpus:setPosition': (input) => deps.corpus().setPosition(input),
    'corpus:startTake': (input) => deps.corpus().startTake(input),
    'corpus:appendTake': (input) => deps.corpus().appendTake(input),
    'corpus:finishTake': (input) => deps.corpus().finishTake(input),
    'corpus:listTakes': (input) => deps.corpus().listTakes(input),
    'corpus:setTakeState': (input) => deps.corpus().setTakeState(input),
    'corpus:flagTake': (input) => deps.corpus().flagTake(input),
    'corpus:reviewTakes': (input) => deps.corpus().reviewTakes(input),
    'corpus:setTrim': (input) => deps.corpus().setTrim(input),
    'corpus:chooseTake': (input) => deps.corpus().chooseTake(input),
    'corpus:importTakes': (input) => deps.corpus().importTakes(input),
    'corpus:selectScript': (input) => deps.corpus().selectScript(input),
    'corpus:coverage': (input) => deps.corpus().coverage(input),
    'corpus:addFromPool': (input) => deps.corpus().addFromPool(input),
    'datasets:list': () => areas.listDatasets(ws().db),
    'datasets:build': (input) => deps.datasets().build(input),
    'datasets:importFolder': (input) => deps.datasets().importFolder(input),
    'datasets:report': ({ datasetId }) => deps.datasets().report(datasetId),
    'datasets:export': (input) => deps.datasets().exportTo(input),
    'training:listRuns': () => areas.listRuns(ws().db),
    'training:interpreters': (input) => deps.training().interpreters(input),
    'training:start': (input) => deps.training().start(input),
    'training:get': (input) => deps.training().get(input),
    'training:pause': (input) => deps.training().pause(input),
    'training:resume': (input) => deps.training().resume(input),
    'training:list': () => deps.training().list(),
    'training:gpus': () => readGpuStatus(),
    'training:export': (input) => deps.training().exportVoice(input),
    'voices:list': () => areas.listVoices(ws().db),
    'voices:import': ({ path, name }) => importVoice(ws(), path, name),
    'books:list': () => areas.listBooks(ws().db),
    'lab:listExperiments': () => areas.listExperiments(ws().db),
    'synthesis:providers': async () => {
      // Loaded on first use: the native runtime is large and only synthesis needs it.
      const ort = await import('onnxruntime-node');
      const backends = ort.listSupportedBackends();
      return {
        available: backends.filter((b) => b.bundled).map((b) => b.name),
        runtimeVersion: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown',
        note: backends.some((b) => b.name === 'cuda' && !b.bundled)
          ? 'CUDA is supported by this build but its provider libraries are not installed; see README "GPU" to install them.'
          : 'CPU inference is always available.',
      };
    },
    'synthesis:speak': (input) => synthesisFor(ws(), (e) => deps.emit('synthesis:sentence', e)).speak(input),
    ...booksHandlers(deps),
    ...labHandlers(deps),
    ...listeningHandlers(deps),
  };
}
