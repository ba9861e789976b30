// Recent background jobs with their state, progress and outcome.
import type { Job, ProgressEvent } from '../../../../electron/shared/contract';
import { formatRelative } from '../../components/format';

const stateLabels: Record<Job['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export function JobsList({ jobs, progressOf }: { jobs: readonly Job[]; progressOf(job: Job): ProgressEvent }) {
  if (jobs.length === 0) return <p className="muted">No jobs have run in this workspace yet.</p>;
  return (
    <ul className="jobs" data-testid="jobs-list" aria-label="Recent jobs">
      {jobs.map((job) => {
        const p = progressOf(job);
        const running = job.state === 'running' || job.state === 'queued';
        return (
          <li key={job.id} className="jobs__item" data-testid="job-item" data-state={job.state}>
            <div className="jobs__main">
              <span className="jobs__title">{job.title}</span>
              <span className="jobs__detail">
                {job.error ?? (running ? `${p.step}${p.total > 0 ? ` · ${p.current} of ${p.total}` : ''}` : formatRelative(job.updatedAt))}
              </span>
            </div>
            <span className={`badge badge--${job.state}`}>{stateLabels[job.state]}</span>
          </li>
        );
      })}
    </ul>
  );
}
