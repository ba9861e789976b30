// A books job in the UI (render, preview, export): step, count and ETA with a bar and Pause/Cancel while it runs; the outcome when done.
import type { ReactNode } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDuration, formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import type { FollowedJob } from '../datasets/use-job';

interface Props {
  followed: FollowedJob;
  /** "Render", "Export": the job's name in sentences. */
  verb: string;
  unit: string;
  /** The stop button's words: "Pause" for renders (finished sentences are kept), "Cancel" otherwise. */
  stopLabel: string;
  success(job: Job): ReactNode;
  /** What a cancelled job left behind. */
  cancelled: string;
  testId: string;
  /** Nothing shown once it succeeded (the result speaks for itself, and a banner would push the page). */
  quietSuccess?: boolean;
  /** Show the share done instead of "n of m" (jobs whose counts are internal steps, not things a producer knows). */
  percent?: boolean;
}

export function BookJobProgress({ followed, verb, unit, stopLabel, success, cancelled, testId, quietSuccess = false, percent = false }: Props) {
  const { job, progress, running } = followed;
  if (running) {
    const p = progress ?? (job ? { step: job.step, current: job.current, total: job.total, etaSeconds: job.etaSeconds } : undefined);
    return (
      <div className="job-progress" data-testid={testId} data-state={job?.state ?? 'queued'}>
        <div className="job-progress__row">
          <span className="job-progress__step" data-testid={`${testId}-step`}>{p?.step || 'Starting…'}</span>
          <span className="job-progress__count">
            {p && p.total > 0 ? (percent ? `${Math.min(100, Math.round((100 * p.current) / p.total))} %` : `${formatNumber(p.current)} of ${formatNumber(p.total)} ${unit}`) : ''}
            {p && p.etaSeconds !== null && p.total > 0 && p.current < p.total ? ` · about ${formatDuration(p.etaSeconds)} left` : ''}
          </span>
        </div>
        <ProgressBar current={p?.current ?? 0} total={p?.total ?? 0} label={`${verb} progress`} />
        <div className="job-progress__row job-progress__row--end">
          <button type="button" className="btn btn--small" onClick={followed.cancel} disabled={followed.cancelling || !job} data-testid={`${testId}-stop`}>
            {stopLabel}
          </button>
        </div>
        {followed.cancelError ? <ErrorNotice error={followed.cancelError} /> : null}
      </div>
    );
  }
  if (!job) return null;
  const dismiss = (
    <button type="button" className="btn btn--small btn--ghost" onClick={followed.dismiss}>
      Dismiss
    </button>
  );
  if (job.state === 'succeeded') {
    if (quietSuccess) return <span hidden data-testid={testId} data-state={job.state} />;
    return (
      <div className="job-outcome job-outcome--success" role="status" data-testid={testId} data-state={job.state}>
        <div className="job-outcome__body">{success(job)}</div>
        {dismiss}
      </div>
    );
  }
  if (job.state === 'failed') {
    return (
      <div className="job-outcome job-outcome--error" role="alert" data-testid={testId} data-state={job.state}>
        <div className="job-outcome__body">
          <p className="job-outcome__title">{verb} failed</p>
          <p className="job-outcome__message" data-testid={`${testId}-error`}>{job.error ?? `The ${verb.toLowerCase()} failed without saying why.`}</p>
          {job.hint ? <p className="job-outcome__hint">{job.hint}</p> : null}
        </div>
        {dismiss}
      </div>
    );
  }
  return (
    <div className="job-outcome job-outcome--muted" role="status" data-testid={testId} data-state={job.state}>
      <p className="job-outcome__body">{job.state === 'cancelled' ? cancelled : `${verb} was interrupted when the studio stopped. ${cancelled}`}</p>
      {dismiss}
    </div>
  );
}
