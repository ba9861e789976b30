// Owns the engine process: sends {id}-tagged requests, routes sentence events, fails in-flight work when the process dies and starts a fresh one next time.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ApiError } from '../../shared/errors';
import { resolveWorkerEntry } from '../dataset/dataset-pool';
import type { EngineMessage, EngineRequest, SpeakRequest, SpeakValue } from './engine-protocol';
import type { SentenceResult } from './synth-pipeline';

/** A request without its id (Omit over each member of the union). */
type RequestBody = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, 'id'> : never) : never;
type Listener = (s: SentenceResult, total: number) => void;
interface Pending { resolve(v: SpeakValue | null): void; reject(e: Error): void; onSentence?: Listener; what: string }

export interface EngineHostOptions {
  /** The engine module (default: engine.worker beside this file, built .js or .ts source). */
  entry?: URL;
}

// Only a few KB of the dying process's stderr are kept for the error message.
const TAIL = 4000;

export class EngineHost {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private stderr = '';
  private closed = false;
  /** How many engine processes were started (the first, then one after each crash). */
  starts = 0;

  constructor(private readonly options: EngineHostOptions = {}) {}

  /** Runs a synthesis; aborting `signal` stops it after the sentence in progress. */
  speak(req: SpeakRequest, onSentence?: Listener, signal?: AbortSignal): Promise<SpeakValue> {
    const id = this.seq + 1;
    const done = this.request({ op: 'speak', speak: req }, `synthesis with ${req.voiceDir}`, onSentence) as Promise<SpeakValue>;
    if (signal) {
      const cancel = (): void => { this.child?.send({ id: ++this.seq, op: 'cancel', target: id } satisfies EngineRequest); };
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
      void done.finally(() => signal.removeEventListener('abort', cancel)).catch(() => {});
    }
    return done;
  }

  /** Test hook: make the engine process crash. */
  debugCrash(how: 'abort' | 'throw'): Promise<void> {
    return this.request({ op: 'debugCrash', how }, `debug crash (${how})`).then(() => undefined);
  }

  /** True once close() was called: this host takes no more requests. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** The engine process id, or null while none runs. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  private request(body: RequestBody, what: string, onSentence?: Listener): Promise<SpeakValue | null> {
    if (this.closed) return Promise.reject(new ApiError('internal', 'The synthesis engine was shut down', 'Restart the studio.'));
    const child = this.ensure();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, what, ...(onSentence ? { onSentence } : {}) });
      child.send({ ...body, id } as EngineRequest);
    });
  }

  private ensure(): ChildProcess {
    if (this.child) return this.child;
    const entry = this.options.entry ?? resolveWorkerEntry('engine.worker', import.meta.url);
    const execArgv = entry.pathname.endsWith('.ts') ? ['--import', new URL('../dataset/ts-source.register.mjs', import.meta.url).href] : [];
    // ELECTRON_RUN_AS_NODE: under Electron, process.execPath is the Electron binary; this makes it run the engine as plain Node.
    const child = fork(fileURLToPath(entry), [], {
      execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'pipe', 'ipc'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.starts++;
    this.stderr = '';
    child.stderr?.on('data', (b: Buffer) => {
      process.stderr.write(b);
      this.stderr = (this.stderr + b.toString('utf8')).slice(-TAIL);
    });
    child.on('message', (m: EngineMessage) => this.settle(m));
    child.on('exit', (code, signal) => this.died(child, code, signal));
    child.on('error', (err) => this.died(child, null, null, err));
    this.child = child;
    return child;
  }

  private settle(m: EngineMessage): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if ('event' in m) {
      p.onSentence?.(m.sentence, m.total);
      return;
    }
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new ApiError(m.error.code === 'invalid_input' || m.error.code === 'cancelled' ? m.error.code : 'internal', m.error.message, m.error.hint));
  }

  private died(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, err?: Error): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.closed && this.pending.size === 0) return;
    const how = err ? `could not run (${err.message})` : signal ? `crashed (signal ${signal})` : `stopped unexpectedly (exit code ${code})`;
    const lines = this.stderr.trim().split('\n').map((l) => l.trim()).filter(Boolean);
    const last = lines.filter((l) => /^\w*Error\b|^Error:|[Aa]borted|FATAL/.test(l)).slice(-1)[0] ?? lines.slice(-1)[0];
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new ApiError('internal', `The synthesis engine ${how} during ${p.what}${last ? `: ${last}` : ''}`,
        'Nothing was written. Try again: the engine restarts by itself. If it crashes again on this voice, re-export the voice or choose the CPU provider.'));
    }
  }
}
