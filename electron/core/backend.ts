// The Electron-free backend: validates every call against the contract and routes it to its handler.
import { EventEmitter } from 'node:events';
import { calls, events as eventSchemas, isCallName, type EventName, type EventPayload } from '../shared/contract';
import { ApiError, type Result } from '../shared/errors';
import type { Backend, BackendOptions } from './backend.types';
import { createHandlers, type Handlers } from './handlers';
import { readSettings } from './db/settings.repo';
import { RecentStore } from './workspace/recent.store';
import { Workspace } from './workspace/workspace';
import { mediaScanJob } from './workspace/media-scan.job';
import { CorpusService } from './corpus/corpus.service';
import { DatasetsService } from './dataset/datasets.service';
import { TrainingService } from './training/training.service';
import { closeEngineHost } from './synth/synthesis.service';
import type { z } from 'zod';

export type { Backend, BackendOptions } from './backend.types';

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  const recent = new RecentStore(options.appDataDir);
  let current: Workspace | null = null;
  let corpus: CorpusService | null = null;
  let datasets: DatasetsService | null = null;
  let training: TrainingService | null = null;
  // Calls that open/close workspaces run one at a time.
  let switching: Promise<unknown> = Promise.resolve();

  function emit<K extends EventName>(event: K, payload: EventPayload<K>): void {
    emitter.emit('event', event, eventSchemas[event].parse(payload));
  }

  async function open(path: string, create: boolean, name?: string): Promise<Workspace> {
    const next = switching.then(async () => {
      // Open the new one before closing the old: a failed open leaves the current workspace as it was.
      const ws = Workspace.open(path, create, name, {
        progress: (e) => emit('jobs:progress', e),
        updated: (j) => emit('jobs:updated', j),
      });
      ws.jobs.register('workspace:scanMedia', mediaScanJob(ws));
      const nextCorpus = new CorpusService(ws);
      const nextDatasets = new DatasetsService(ws);
      const nextTraining = new TrainingService(ws, (run) => emit('training:updated', run));
      nextCorpus.recover();
      nextTraining.recover();
      if (current) {
        corpus?.close();
        training?.close();
        await current.close();
      }
      current = ws;
      corpus = nextCorpus;
      datasets = nextDatasets;
      training = nextTraining;
      recent.touch(ws.root, ws.info().name);
      emit('workspace:changed', ws.info());
      emit('settings:changed', readSettings(ws.db));
      return ws;
    });
    switching = next.catch(() => undefined);
    return next;
  }

  async function closeCurrent(): Promise<void> {
    const next = switching.then(async () => {
      if (!current) return;
      const ws = current;
      current = null;
      corpus?.close();
      corpus = null;
      datasets = null;
      training?.close();
      training = null;
      await ws.close();
      emit('workspace:changed', null);
    });
    switching = next.catch(() => undefined);
    return next;
  }

  const handlers: Handlers = createHandlers({
    recent,
    current: () => current,
    corpus: () => {
      if (!corpus) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
      return corpus;
    },
    datasets: () => {
      if (!datasets) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
      return datasets;
    },
    training: () => {
      if (!training) throw new ApiError('no_workspace', 'No workspace is open.', 'Create or open a workspace first.');
      return training;
    },
    open,
    closeCurrent,
    emitSettings: () => { if (current) emit('settings:changed', readSettings(current.db)); },
    emitWorkspace: () => { if (current) emit('workspace:changed', current.info()); },
    emit,
  });

  if (options.workspace) await open(options.workspace, true);

  return {
    async invoke(name: string, input: unknown): Promise<Result<unknown>> {
      if (!isCallName(name)) {
        return { ok: false, error: { code: 'unknown_call', message: `There is no call named "${String(name).slice(0, 100)}".` } };
      }
      const parsed = calls[name].input.safeParse(input ?? {});
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'invalid_input', message: `Invalid input for ${name}: ${describeIssues(parsed.error)}` },
        };
      }
      try {
        // The schema for `name` produced parsed.data, so it is that handler's input.
        const handler = handlers[name] as (i: unknown) => unknown;
        const value = await handler(parsed.data);
        return { ok: true, value: calls[name].output.parse(value) };
      } catch (err) {
        if (err instanceof ApiError) return { ok: false, error: err.toJSON() };
        return {
          ok: false,
          error: { code: 'internal', message: err instanceof Error ? err.message : String(err), hint: 'This is a bug in Voicewright; the log has details.' },
        };
      }
    },
    onEvent(listener) {
      const wrapped = (event: EventName, payload: unknown): void => listener(event, payload);
      emitter.on('event', wrapped);
      return () => emitter.off('event', wrapped);
    },
    resolveMedia(relPath: string): string {
      if (!current) throw new ApiError('no_workspace', 'No workspace is open.');
      return current.resolveInside(relPath);
    },
    async close() {
      await closeCurrent();
      await closeEngineHost();
      emitter.removeAllListeners();
    },
  };
}
