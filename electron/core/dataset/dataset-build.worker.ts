// Worker thread of a dataset build: runs one take at a time through dataset-take.ts and answers each numbered request.
import { parentPort, workerData } from 'node:worker_threads';
import { createG2p, type G2p } from '../text/g2p';
import type { PoolReply, PoolRequest } from './dataset-pool';
import { processTake, type TakeOutcome, type TakeSettings, type TakeTask } from './dataset-take';

const port = parentPort;
if (!port) throw new Error('dataset-build.worker runs as a worker thread started by the dataset build, not on its own.');
const settings = workerData as TakeSettings;
// espeak loads while the first takes decode.
const g2p: Promise<G2p> | null = settings.coverage ? createG2p() : null;

// Requests run strictly in order: the pool sends a couple ahead, and two takes at once would only share one core.
let chain: Promise<void> = Promise.resolve();
port.on('message', (req: PoolRequest<TakeTask>) => {
  chain = chain.then(async () => {
    let reply: PoolReply<TakeOutcome>;
    try {
      reply = { seq: req.seq, ok: true, value: await processTake(req.task, settings, g2p ? await g2p : null) };
    } catch (err) {
      reply = { seq: req.seq, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
});
