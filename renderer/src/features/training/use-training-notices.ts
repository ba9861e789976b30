// Hook (mounted once, in the app shell): a desktop notification when a run ends, fails or raises a new alert, wherever the user is.
import { useRef } from 'react';
import type { RunDetail } from '../../../../electron/shared/domains/training';
import { useEvent } from '../../api/use-event';

const ENDED: ReadonlySet<string> = new Set(['completed', 'failed', 'diverged', 'interrupted']);

function notify(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  new Notification(title, { body });
}

export function useTrainingNotices(): void {
  const seen = useRef(new Map<number, { state: string; alerts: Set<string> }>());
  useEvent('training:updated', (run: RunDetail) => {
    const before = seen.current.get(run.id);
    seen.current.set(run.id, { state: run.state, alerts: new Set(run.alerts) });
    // The first update of a run only sets what is known; news is a change after that.
    if (!before) return;
    if (before.state !== run.state && ENDED.has(run.state)) {
      notify(`Voicewright: ${run.name} ${run.state}`, run.state === 'completed' ? 'The run reached its last step.' : (run.error?.message ?? 'Open Training to see why and what to do.'));
    }
    for (const id of run.alerts) {
      if (!before.alerts.has(id)) notify(`Voicewright: ${run.name} needs a look`, `${id.replace(/_/g, ' ')} — open Training for what to change.`);
    }
  });
}
