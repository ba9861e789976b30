// Keeps the machine from sleeping while a training run is active (a multi-day run must not stop at the screen saver).
import { powerSaveBlocker } from 'electron';
import type { Backend } from '../core/backend.types';
import type { RunDetail } from '../shared/domains/training';

const ACTIVE: ReadonlySet<string> = new Set(['starting', 'running', 'pausing']);

/** Follows 'training:updated'; returns the unsubscribe function (which also lets the machine sleep again). */
export function keepAwakeWhileTraining(backend: Backend): () => void {
  const active = new Set<number>();
  let blocker: number | null = null;
  const sync = (): void => {
    if (active.size > 0 && blocker === null) blocker = powerSaveBlocker.start('prevent-app-suspension');
    if (active.size === 0 && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
  };
  const off = backend.onEvent((event, payload) => {
    if (event !== 'training:updated') return;
    const run = payload as RunDetail;
    if (ACTIVE.has(run.state)) active.add(run.id);
    else active.delete(run.id);
    sync();
  });
  return () => {
    off();
    active.clear();
    sync();
  };
}
