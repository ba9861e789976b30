// Hook: recent jobs (jobs:list) kept current by 'jobs:updated', plus the latest 'jobs:progress' per job.
import { useCallback, useState } from 'react';
import type { Job, ProgressEvent } from '../../../../electron/shared/contract';
import { useCall } from '../../api/use-call';
import { useEvent } from '../../api/use-event';

const LIMIT = 20;
export const activeStates: readonly Job['state'][] = ['queued', 'running'];

export function useJobs(onFinished?: (job: Job) => void) {
  const list = useCall('jobs:list', { limit: LIMIT });
  const { setData } = list;
  const [progress, setProgress] = useState<ReadonlyMap<number, ProgressEvent>>(new Map());

  useEvent('jobs:updated', (job) => {
    setData((prev = []) => {
      const rest = prev.filter((j) => j.id !== job.id);
      return [job, ...rest].sort((a, b) => b.id - a.id).slice(0, LIMIT);
    });
    if (!activeStates.includes(job.state)) onFinished?.(job);
  });
  useEvent('jobs:progress', (event) => setProgress((prev) => new Map(prev).set(event.job, event)));

  const progressOf = useCallback(
    (job: Job): ProgressEvent => {
      const live = progress.get(job.id);
      return live ?? { job: job.id, step: job.step, current: job.current, total: job.total, etaSeconds: job.etaSeconds };
    },
    [progress],
  );

  return { jobs: list.data, error: list.error, refresh: list.refresh, progressOf };
}
