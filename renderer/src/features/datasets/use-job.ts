// Hook: follows one background job by id — its row from 'jobs:updated' (seeded by jobs:get) and its live 'jobs:progress' — and resumes a running one of its kind.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job, ProgressEvent } from '../../../../electron/shared/contract';
import type { ApiError } from '../../../../electron/shared/errors';
import { useAction } from '../../api/use-action';
import { useEvent } from '../../api/use-event';
import { useStudio } from '../../api/use-studio';

const active: readonly Job['state'][] = ['queued', 'running'];
export const isActive = (job: Job | undefined): boolean => job !== undefined && active.includes(job.state);

/** The later of two views of the same job: a finished state beats a running one, else the newer row. */
function newer(a: Job | undefined, b: Job): Job {
  if (!a) return b;
  if (isActive(b) && !isActive(a)) return a;
  if (isActive(a) && !isActive(b)) return b;
  return b.updatedAt >= a.updatedAt ? b : a;
}

export interface FollowedJob {
  job: Job | undefined;
  progress: ProgressEvent | undefined;
  running: boolean;
  follow(id: number): void;
  cancel(): void;
  cancelling: boolean;
  cancelError: ApiError | null;
  dismiss(): void;
}

/** `resumeKind`: on mount, pick up the newest queued or running job of this kind (the user left and came back). */
export function useJob(onFinished: (job: Job) => void, resumeKind?: string): FollowedJob {
  const { client } = useStudio();
  const [job, setJob] = useState<Job | undefined>(undefined);
  const [progress, setProgress] = useState<ProgressEvent | undefined>(undefined);
  const followed = useRef<number | null>(null);
  // A fast job can finish before the call that started it returns; keep recent rows so none is missed.
  const early = useRef(new Map<number, Job>());
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const reported = useRef<number | null>(null);

  const [followedId, setFollowedId] = useState<number | null>(null);
  const accept = useCallback((row: Job) => setJob((prev) => newer(prev?.id === row.id ? prev : undefined, row)), []);

  useEvent('jobs:updated', (row) => {
    early.current.set(row.id, row);
    if (early.current.size > 20) early.current.delete(early.current.keys().next().value as number);
    if (row.id === followed.current) accept(row);
  });
  useEvent('jobs:progress', (event) => {
    if (event.job === followed.current) setProgress(event);
  });

  const follow = useCallback(
    (id: number) => {
      followed.current = id;
      setFollowedId(id);
      setProgress(undefined);
      setJob(early.current.get(id));
      client.call('jobs:get', { id }).then(
        (row) => followed.current === id && accept(row),
        () => undefined, // the events still arrive; the row is only a head start
      );
    },
    [client, accept],
  );

  useEffect(() => {
    if (job && !isActive(job) && reported.current !== job.id) {
      reported.current = job.id;
      finished.current(job);
    }
  }, [job]);

  useEffect(() => {
    if (!resumeKind) return;
    let live = true;
    client.call('jobs:list', { limit: 50 }).then(
      (rows) => {
        const running = rows.find((r) => r.kind === resumeKind && isActive(r));
        if (live && running && followed.current === null) follow(running.id);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, resumeKind, follow]);

  const cancelAction = useAction(async (id: number) => client.call('jobs:cancel', { id }));
  const cancel = useCallback(() => {
    if (followed.current !== null) void cancelAction.run(followed.current);
  }, [cancelAction]);
  const dismiss = useCallback(() => {
    followed.current = null;
    setFollowedId(null);
    setJob(undefined);
    setProgress(undefined);
  }, []);

  // Between the start call and the first row the job counts as running, so the form cannot start a second one.
  const running = followedId !== null && (job === undefined || isActive(job));
  return { job, progress, running, follow, cancel, cancelling: cancelAction.pending, cancelError: cancelAction.error, dismiss };
}
