// A small pool of worker threads for one job: tasks queue here, each worker runs a few at a time, a dead worker fails the job.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The one message shape at the boundary (STYLE.md): a numbered request, answered by {ok, value} or {ok: false, error}. */
export interface PoolRequest<T> { seq: number; task: T }
export type PoolReply<V> = { seq: number; ok: true; value: V } | { seq: number; ok: false; error: string };

export interface PoolOptions<T> {
  /** The worker's module: see resolveWorkerEntry. */
  entry: URL;
  size: number;
  /** Given to every worker once, as workerData. */
  workerData: unknown;
  signal?: AbortSignal;
  /** Names a task in error messages ("take arctic_a0001"). */
  describe: (task: T) => string;
  /** What the work is, for error messages ("dataset build"). */
  what: string;
}

/** Two per CPU core would only make the audio work fight itself: at most 2, at least 1. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

// Where the worker module sits, tried in order. The electron-vite build emits it as its own entry beside server.js and
// index.js (out/main/), while this module lands in an entry or in out/main/chunks/; from source (Vitest, tools) it is TS.
const BUILT = ['./', '../'];

/** The worker file for `name` (without extension): the built .js when this code runs from the bundle, else the .ts source. */
export function resolveWorkerEntry(name: string, base: string | URL = import.meta.url): URL {
  for (const dir of BUILT) {
    const url = new URL(`${dir}${name}.js`, base);
    // Packaged Electron: worker threads cannot start from inside app.asar; electron-builder unpacks them beside it.
    const unpacked = new URL(url.href.replace('/app.asar/', '/app.asar.unpacked/'));
    if (unpacked.href !== url.href && existsSync(fileURLToPath(unpacked))) return unpacked;
    if (existsSync(fileURLToPath(url))) return url;
  }
  const source = new URL(`./${name}.ts`, base);
  if (existsSync(fileURLToPath(source))) return source;
  throw new Error(`The worker ${name}.js is missing next to ${fileURLToPath(new URL('.', base))}: the build is incomplete; rebuild (npm run build) or reinstall the studio.`);
}

/** Source workers need a TypeScript loader; built ones run as they are. */
function workerExecArgv(entry: URL): string[] | undefined {
  if (!entry.pathname.endsWith('.ts')) return undefined;
  return ['--import', new URL('./ts-source.register.mjs', import.meta.url).href];
}

interface Slot { worker: Worker; inFlight: Map<number, Pending<unknown>> }
interface Pending<T> { task: T; resolve(v: unknown): void; reject(e: Error): void }

/** Tasks sent ahead to each worker, so it never waits on a round trip through this thread. */
const DEPTH = 2;

export class WorkerPool<T, V> {
  private readonly slots: Slot[] = [];
  private readonly queue: { seq: number; pending: Pending<T> }[] = [];
  private seq = 0;
  private failure: Error | null = null;
  private closing = false;
  private readonly onAbort = (): void => this.fail(new Error('Cancelled'));

  constructor(private readonly opts: PoolOptions<T>) {
    const execArgv = workerExecArgv(opts.entry);
    for (let i = 0; i < Math.max(1, opts.size); i++) {
      const worker = new Worker(opts.entry, { workerData: opts.workerData, ...(execArgv ? { execArgv } : {}), name: `${opts.what} ${i + 1}` });
      const slot: Slot = { worker, inFlight: new Map() };
      worker.on('message', (reply: PoolReply<V>) => this.settle(slot, reply));
      worker.on('error', (err) => this.fail(this.crashError(slot, `failed: ${err.message}`)));
      worker.on('exit', (code) => { if (!this.closing) this.fail(this.crashError(slot, `stopped unexpectedly (exit code ${code})`)); });
      this.slots.push(slot);
    }
    if (opts.signal?.aborted) this.onAbort();
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get size(): number {
    return this.slots.length;
  }

  run(task: T): Promise<V> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<V>((resolve, reject) => {
      this.queue.push({ seq: ++this.seq, pending: { task, resolve: resolve as (v: unknown) => void, reject } });
      this.pump();
    });
  }

  /** Stops every worker and waits until they are gone (their files are closed; a partial folder can then go). */
  async close(): Promise<void> {
    this.closing = true;
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      while (slot.inFlight.size < DEPTH && this.queue.length > 0) {
        const next = this.queue.shift()!;
        slot.inFlight.set(next.seq, next.pending);
        slot.worker.postMessage({ seq: next.seq, task: next.pending.task } satisfies PoolRequest<T>);
      }
    }
  }

  private settle(slot: Slot, reply: PoolReply<V>): void {
    const pending = slot.inFlight.get(reply.seq);
    if (!pending) return;
    slot.inFlight.delete(reply.seq);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new Error(`${this.opts.describe(pending.task as T)}: ${reply.error}`));
    this.pump();
  }

  private crashError(slot: Slot, what: string): Error {
    const first = slot.inFlight.values().next();
    const during = first.done ? '' : ` while working on ${this.opts.describe(first.value.task as T)}`;
    return new Error(`A ${this.opts.what} worker ${what}${during}. Nothing was saved; start it again, and if this repeats, report it with the studio's log.`);
  }

  /** The first failure wins: everything queued or in flight is rejected with it, and the workers are stopped. */
  private fail(err: Error): void {
    if (this.failure || this.closing) return;
    this.failure = err;
    for (const s of this.slots) for (const p of s.inFlight.values()) p.reject(err);
    for (const s of this.slots) s.inFlight.clear();
    for (const q of this.queue.splice(0)) q.pending.reject(err);
    void this.close();
  }
}
