// Hook: the book's one followed render job (a chapter or the whole book), started with the book's render settings, picked up again after a reload.
import { useCallback, useEffect, useRef } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import type { ApiError } from '../../../../electron/shared/errors';
import { useAction } from '../../api/use-action';
import { useEvent } from '../../api/use-event';
import { useStudio } from '../../api/use-studio';
import { useJob, type FollowedJob } from '../datasets/use-job';
import { renderOptions, type RenderSettings } from './use-render-settings';

export interface RenderJob {
  followed: FollowedJob;
  renderChapter(chapterId: number): void;
  renderBook(): void;
  starting: boolean;
  startError: ApiError | null;
  clearStartError(): void;
  /** Follows a job already running (seen in books:renderStatus). */
  adopt(job: number): void;
}

/** `onChange` runs when the job finishes and, at most once a second, while sentences land. */
export function useRenderJob(bookId: number, settings: RenderSettings, onChange: () => void): RenderJob {
  const { client } = useStudio();
  const changed = useRef(onChange);
  changed.current = onChange;
  const onFinished = useCallback((_job: Job) => changed.current(), []);
  const followed = useJob(onFinished);
  const last = useRef(0);
  const followedId = followed.job?.id ?? null;
  useEvent('jobs:progress', (e) => {
    if (e.job !== followedId) return;
    const t = Date.now();
    if (t - last.current > 1000) {
      last.current = t;
      changed.current();
    }
  });

  const start = useAction(async (chapterId: number | null) => {
    const opts = renderOptions(settings);
    const { job } = chapterId === null
      ? await client.call('books:renderBook', { bookId, ...opts })
      : await client.call('books:renderChapter', { bookId, chapterId, ...opts });
    followed.follow(job);
  });
  const { follow } = followed;
  const adopted = useRef<number | null>(null);
  const adopt = useCallback((job: number) => {
    if (adopted.current === job) return;
    adopted.current = job;
    follow(job);
  }, [follow]);
  useEffect(() => () => { adopted.current = null; }, [bookId]);

  return {
    followed,
    renderChapter: (chapterId) => void start.run(chapterId),
    renderBook: () => void start.run(null),
    starting: start.pending,
    startError: start.error,
    clearStartError: start.clearError,
    adopt,
  };
}
