// A dataset job in the UI: step, count and ETA with a progress bar and Cancel while it runs; its outcome (result, or the error in full) when done.
import type { ReactNode } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDuration, formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { splitProblems } from './job-errors';
import type { FollowedJob } from './use-job';

interface Props {
  followed: FollowedJob;
  /** "Build", "Import", "Export": the job's name in sentences. */
  verb: string;
  /** What `current` of `total` counts ("takes", "clips"). */
  unit: string;
  success(job: Job): ReactNode;
  failureHint?(error: string): string | null;
  testId: string;
}

export function JobProgress({ followed, verb, unit, success, failureHint, testId }: Props) {
  const { job, progress, running } = followed;
  if (running) {
    const p = progress ?? (job ? { step: job.step, current: job.current, total: job.total, etaSeconds: job.etaSeconds } : undefined);
    return (
      <div className="job-progress" data-testid={testId} data-state={job?.state ?? 'queued'}>
        <div className="job-progress__row">
          <span className="job-progress__step" data-testid={`${testId}-step`}>
            {p?.step || 'Starting…'}
          </span>
          <span className="job-progress__count">
            {p && p.total > 0 ? `${formatNumber(p.current)} of ${formatNumber(p.total)} ${unit}` : ''}
            {p && p.etaSeconds !== null && p.total > 0 && p.current < p.total ? ` · about ${formatDuration(p.etaSeconds)} left` : ''}
          </span>
        </div>
        <ProgressBar current={p?.current ?? 0} total={p?.total ?? 0} label={`${verb} progress`} />
        <div className="job-progress__row job-progress__row--end">
          <button type="button" className="btn btn--small" onClick={followed.cancel} disabled={followed.cancelling || !job}>
            Cancel {verb.toLowerCase()}
          </button>
        </div>
        {followed.cancelError ? <ErrorNotice error={followed.cancelError} /> : null}
      </div>
    );
  }
  if (!job) return null;

  if (job.state === 'succeeded') {
    return (
      <div className="job-outcome job-outcome--success" role="status" data-testid={testId} data-state={job.state}>
        <div className="job-outcome__body">{success(job)}</div>
        <button type="button" className="btn btn--small btn--ghost" onClick={followed.dismiss}>
          Dismiss
        </button>
      </div>
    );
  }

  if (job.state === 'failed') {
    const error = job.error ?? `The ${verb.toLowerCase()} failed without saying why.`;
    const { summary, problems, more } = splitProblems(error);
    // The backend's own hint first; the caller's reading of the message where the job gave none.
    const hint = job.hint ?? failureHint?.(error) ?? null;
    return (
      <div className="job-outcome job-outcome--error" role="alert" data-testid={testId} data-state={job.state}>
        <div className="job-outcome__body">
          <p className="job-outcome__title">{verb} failed</p>
          <p className="job-outcome__message" data-testid={`${testId}-error`}>
            {summary}
          </p>
          {problems.length > 0 ? (
            <ul className="job-outcome__problems" data-testid={`${testId}-problems`}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
              {more ? <li className="muted">{more}</li> : null}
            </ul>
          ) : null}
          {hint ? <p className="job-outcome__hint">{hint}</p> : null}
        </div>
        <button type="button" className="btn btn--small btn--ghost" onClick={followed.dismiss}>
          Dismiss
        </button>
      </div>
    );
  }

  const text =
    job.state === 'cancelled' ? `${verb} cancelled; nothing was kept.` : `${verb} was interrupted when the studio stopped; nothing was kept. Start it again.`;
  return (
    <div className="job-outcome job-outcome--muted" role="status" data-testid={testId} data-state={job.state}>
      <p className="job-outcome__body">{text}</p>
      <button type="button" className="btn btn--small btn--ghost" onClick={followed.dismiss}>
        Dismiss
      </button>
    </div>
  );
}
