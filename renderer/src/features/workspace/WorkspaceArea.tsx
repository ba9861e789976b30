// Workspace (home): identity and rename, stats with the media scan, recent jobs, switching and closing.
import { useCallback } from 'react';
import type { Job, WorkspaceInfo } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { JobsList } from './JobsList';
import { MediaScan } from './MediaScan';
import { RecentWorkspaces } from './RecentWorkspaces';
import { activeStates, useJobs } from './use-jobs';
import { WorkspaceOverview } from './WorkspaceOverview';
import { WorkspaceStats } from './WorkspaceStats';

const SCAN = 'workspace:scanMedia';

interface Props {
  workspace: WorkspaceInfo;
  onWorkspace(info: WorkspaceInfo | null): void;
}

export function WorkspaceArea({ workspace, onWorkspace }: Props) {
  const { client } = useStudio();
  const stats = useCall('workspace:stats', {}, [workspace.path]);
  const refreshStats = stats.refresh;
  const onFinished = useCallback((job: Job) => job.kind === SCAN && void refreshStats(), [refreshStats]);
  const jobs = useJobs(onFinished);
  const close = useAction(async () => {
    await client.call('workspace:close', {});
    onWorkspace(null);
  });

  const scans = (jobs.jobs ?? []).filter((j) => j.kind === SCAN);
  const activeScan = scans.find((j) => activeStates.includes(j.state));
  const lastScan = scans.find((j) => !activeStates.includes(j.state));

  return (
    <section className="area" data-testid="area-workspace">
      <PageHeader
        title="Workspace"
        description="Everything in this studio lives in one folder on your disk."
        actions={
          <button type="button" className="btn" onClick={() => void close.run()} disabled={close.pending} data-testid="close-workspace">
            Close workspace
          </button>
        }
      />
      {close.error ? <ErrorNotice error={close.error} onDismiss={close.clearError} /> : null}
      <div className="columns">
        <div className="columns__main">
          <section className="card" aria-label="Workspace details">
            <WorkspaceOverview workspace={workspace} onRenamed={onWorkspace} />
          </section>
          <section className="card" aria-labelledby="stats-title">
            <h2 id="stats-title" className="card__title">
              Contents
            </h2>
            {stats.error ? <ErrorNotice error={stats.error} onRetry={() => void stats.refresh()} /> : null}
            {stats.data ? <WorkspaceStats stats={stats.data} /> : !stats.error ? <p className="muted">Loading…</p> : null}
            <MediaScan active={activeScan} last={lastScan} progressOf={jobs.progressOf} onStarted={() => void jobs.refresh()} />
          </section>
        </div>
        <div className="columns__side">
          <section className="card" aria-labelledby="jobs-title">
            <h2 id="jobs-title" className="card__title">
              Recent jobs
            </h2>
            {jobs.error ? <ErrorNotice error={jobs.error} onRetry={() => void jobs.refresh()} /> : null}
            {jobs.jobs ? <JobsList jobs={jobs.jobs} progressOf={jobs.progressOf} /> : null}
          </section>
          <section className="card" aria-labelledby="switch-title">
            <h2 id="switch-title" className="card__title">
              Switch workspace
            </h2>
            <RecentWorkspaces current={workspace.path} onOpened={onWorkspace} />
          </section>
        </div>
      </div>
    </section>
  );
}
