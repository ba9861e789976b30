// Test double: the real dataset worker, which dies (exit code 70) on its third take, as a crash or an out-of-memory kill would.
import { parentPort } from 'node:worker_threads';
import '../dataset-build.worker';

let seen = 0;
parentPort?.on('message', () => {
  seen += 1;
  if (seen === 3) process.exit(70);
});
