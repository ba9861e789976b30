// Starts the media-folder scan job and follows it: progress bar fed by 'jobs:progress', ETA, Cancel, outcome.
import type { Job, ProgressEvent } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatDuration, formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { Icon } from '../../components/Icon';

interface Props {
  active: Job | undefined;
  last: Job | undefined;
  progressOf(job: Job): ProgressEvent;
  onStarted(): void;
}

interface ScanResult {
  folders: { folder: string; files: number; bytes: number }[];
}

function isScanResult(value: unknown): value is ScanResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as ScanResult).folders);
}

function outcome(job: Job): string {
  if (job.state === 'succeeded' && isScanResult(job.result)) {
    const files = job.result.folders.reduce((n, f) => n + f.files, 0);
    const bytes = job.result.folders.reduce((n, f) => n + f.bytes, 0);
    return `Scan finished: ${formatNumber(files)} ${files === 1 ? 'file' : 'files'}, ${formatBytes(bytes)}.`;
  }
  if (job.state === 'succeeded') return 'Scan finished.';
  if (job.state === 'cancelled') return 'Scan cancelled.';
  if (job.state === 'interrupted') return 'The last scan was interrupted when the studio stopped.';
  return `Scan failed: ${job.error ?? 'unknown error'}`;
}

export function MediaScan({ active, last, progressOf, onStarted }: Props) {
  const { client } = useStudio();
  const start = useAction(async () => {
    await client.call('workspace:scanMedia', {});
    onStarted();
  });
  const cancel = useAction(async (id: number) => client.call('jobs:cancel', { id }));
  const p = active ? progressOf(active) : undefined;

  return (
    <div className="scan" data-testid="media-scan">
      {active && p ? (
        <div className="scan__running" data-testid="scan-progress">
          <div className="scan__row">
            <span className="scan__step">{p.step || 'Starting…'}</span>
            <span className="scan__count" data-testid="scan-count">
              {p.total > 0 ? `${formatNumber(p.current)} of ${formatNumber(p.total)} files` : 'Counting files…'}
              {p.etaSeconds !== null && p.total > 0 ? ` · about ${formatDuration(p.etaSeconds)} left` : ''}
            </span>
          </div>
          <ProgressBar current={p.current} total={p.total} label="Media scan progress" />
          <div className="scan__row">
            <span />
            <button type="button" className="btn btn--small" onClick={() => void cancel.run(active.id)} disabled={cancel.pending}>
              Cancel scan
            </button>
          </div>
        </div>
      ) : (
        <div className="scan__idle">
          <button type="button" className="btn" onClick={() => void start.run()} disabled={start.pending}>
            <Icon name="scan" size={16} />
            Scan media folders
          </button>
          {last ? (
            <p className={`scan__outcome${last.state === 'failed' ? ' scan__outcome--error' : ''}`} role="status" data-testid="scan-outcome" data-state={last.state}>
              {outcome(last)}
            </p>
          ) : null}
        </div>
      )}
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} /> : null}
      {cancel.error ? <ErrorNotice error={cancel.error} onDismiss={cancel.clearError} /> : null}
    </div>
  );
}
