// Words and badge styles for run states, shared by the run list and the dashboard.
import type { RunState } from '../../../../electron/shared/domains/training';

export const stateLabel: Record<RunState, string> = {
  starting: 'starting',
  running: 'running',
  pausing: 'pausing',
  paused: 'paused',
  completed: 'completed',
  failed: 'failed',
  interrupted: 'interrupted',
  diverged: 'diverged',
};
export const stateBadge: Record<RunState, string> = {
  starting: 'badge--queued',
  running: 'badge--running',
  pausing: 'badge--running',
  paused: 'badge--queued',
  completed: 'badge--succeeded',
  failed: 'badge--failed',
  interrupted: 'badge--interrupted',
  diverged: 'badge--failed',
};
