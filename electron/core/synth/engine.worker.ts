// The engine process (forked by EngineHost): keeps one opened voice, runs requests one at a time, streams each finished sentence.
import { ApiError } from '../../shared/errors';
import type { EngineMessage, EngineRequest, WireError } from './engine-protocol';
import { SynthEngine, type EngineOptions } from './synth-engine';
import { speak } from './synth-pipeline';

if (!process.send) throw new Error('engine.worker runs as a child process forked by EngineHost (it needs an IPC channel), not on its own.');
const send = (m: EngineMessage): void => { process.send?.(m); };

let open: { key: string; engine: SynthEngine } | null = null;
const cancelled = new Set<number>();

async function engineFor(voiceDir: string, options: EngineOptions): Promise<SynthEngine> {
  const key = JSON.stringify([voiceDir, options]);
  if (open?.key === key) return open.engine;
  await open?.engine.release();
  open = null;
  const engine = await SynthEngine.open(voiceDir, options);
  open = { key, engine };
  return engine;
}

function wire(err: unknown): WireError {
  if (err instanceof ApiError) return { message: err.message, code: err.code, ...(err.hint ? { hint: err.hint } : {}) };
  return { message: err instanceof Error ? err.message : String(err) };
}

async function handle(req: EngineRequest): Promise<void> {
  switch (req.op) {
    case 'speak': {
      const { voiceDir, text, options, engine: engineOptions } = req.speak;
      const engine = await engineFor(voiceDir, engineOptions);
      const summary = await speak(engine, text, options, (sentence, total) => {
        if (cancelled.has(req.id)) throw new ApiError('cancelled', 'Synthesis was cancelled.');
        send({ id: req.id, event: 'sentence', sentence, total });
      });
      send({ id: req.id, ok: true, value: { summary, report: engine.report, voiceName: engine.voice.name, precision: engine.precision } });
      return;
    }
    case 'release':
      await open?.engine.release();
      open = null;
      send({ id: req.id, ok: true, value: null });
      return;
    case 'cancel':
      cancelled.add(req.target);
      return;
    case 'debugCrash':
      if (req.how === 'abort') process.abort();
      setImmediate(() => { throw new Error('debugCrash: an uncaught error in the engine process'); });
      return;
  }
}

// One request at a time: two decodes at once would only share the same cores.
let chain: Promise<void> = Promise.resolve();
process.on('message', (req: EngineRequest) => {
  // A debug crash jumps the queue, so it lands while a request is in flight.
  if (req.op === 'debugCrash' || req.op === 'cancel') return void handle(req);
  chain = chain.then(() => handle(req).catch((err: unknown) => send({ id: req.id, ok: false, error: wire(err) })))
    .finally(() => cancelled.delete(req.id));
});
process.on('disconnect', () => process.exit(0));
