// One experiment: its setup, the run job with progress, metrics with CIs and plots, speed, the report and CSV, side by side, listening tests.
import { useCallback, useState } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../datasets/JobProgress';
import { useJob } from '../datasets/use-job';
import { ListeningPanel } from './listening/ListeningPanel';
import { MetricsPanel } from './MetricsPanel';
import { SideBySide } from './SideBySide';

export function ExperimentView({ experimentId }: { experimentId: number }) {
  const { client, mediaUrl } = useStudio();
  const detail = useCall('lab:get', { experimentId });
  const onFinished = useCallback((_job: Job) => void detail.refresh(), [detail]);
  const followed = useJob(onFinished, 'lab:run');
  const run = useAction(async () => {
    const { job } = await client.call('lab:run', { experimentId });
    followed.follow(job);
  });
  const [report, setReport] = useState<string | null>(null);
  const makeReport = useAction(async () => {
    const { path } = await client.call('lab:report', { experimentId });
    setReport(path);
    window.open(mediaUrl(path), '_blank', 'noopener');
  });
  const [csv, setCsv] = useState<string | null>(null);
  const makeCsv = useAction(async () => setCsv((await client.call('lab:exportCsv', { experimentId })).path));

  const e = detail.data;
  if (detail.error) return <ErrorNotice error={detail.error} onRetry={() => void detail.refresh()} />;
  if (!e) return <p className="muted">Loading the experiment…</p>;
  const measured = e.utterances.some((u) => u.outputs.length > 0);
  return (
    <div className="lab-view" data-testid="lab-view">
      <div className="card lab-view__head">
        <div>
          <h2 className="card__title" data-testid="lab-view-name">{e.name}</h2>
          <p className="muted">
            {e.utterances.length} utterances × {e.conditions.length} vocoders · {e.mel.sampleRate} Hz mels, hop {e.mel.hop}, {e.mel.nMels} bands · {e.source}
          </p>
          <p className="muted">Conditions: {e.conditions.map((c) => c.label).join(', ')}</p>
        </div>
        <div className="lab-view__actions">
          <button type="button" className="btn btn--primary" onClick={() => void run.run()} disabled={followed.running || run.pending} data-testid="lab-run">
            {measured ? 'Run again' : 'Run'}
          </button>
          <button type="button" className="btn" onClick={() => void makeReport.run()} disabled={!measured || makeReport.pending} data-testid="lab-report">
            Open report
          </button>
          <button type="button" className="btn" onClick={() => void makeCsv.run()} disabled={!measured || makeCsv.pending} data-testid="lab-csv">
            Export CSV
          </button>
        </div>
      </div>
      {run.error ? <ErrorNotice error={run.error} onDismiss={run.clearError} /> : null}
      {makeReport.error ? <ErrorNotice error={makeReport.error} onDismiss={makeReport.clearError} /> : null}
      {makeCsv.error ? <ErrorNotice error={makeCsv.error} onDismiss={makeCsv.clearError} /> : null}
      {report ? (
        <p className="muted" data-testid="lab-report-link">
          Report written to <a href={mediaUrl(report)} target="_blank" rel="noopener noreferrer">{report}</a>
        </p>
      ) : null}
      {csv ? (
        <p className="muted" data-testid="lab-csv-link">
          Metrics CSV written to <a href={mediaUrl(csv)} download>{csv}</a>
        </p>
      ) : null}
      <JobProgress followed={followed} verb="Run" unit="outputs" testId="lab-job" success={() => 'Every utterance was vocoded and measured.'} />
      {measured ? (
        <>
          <MetricsPanel experiment={e} />
          <SideBySide experiment={e} />
        </>
      ) : (
        <p className="muted">Run the experiment to vocode every utterance with every vocoder and measure them.</p>
      )}
      <ListeningPanel experimentId={experimentId} />
    </div>
  );
}
