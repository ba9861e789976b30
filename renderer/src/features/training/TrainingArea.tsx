// Training: start runs from datasets, see every run's state, and open one run's live dashboard (#/training/<id>).
import { useCallback } from 'react';
import { useCall } from '../../api/use-call';
import { useEvent } from '../../api/use-event';
import { useHashId } from '../../api/use-hash-id';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ProgressBar } from '../../components/ProgressBar';
import { NewRunForm } from './NewRunForm';
import { RunDashboard } from './RunDashboard';
import { stateBadge, stateLabel } from './run-labels';
import '../../styles/training.css';

export function TrainingArea() {
  const [open, go] = useHashId('training');
  const runs = useCall('training:list', {});
  const { setData } = runs;
  useEvent(
    'training:updated',
    useCallback((r) => setData((prev) => (prev?.some((x) => x.id === r.id) ? prev.map((x) => (x.id === r.id ? r : x)) : [r, ...(prev ?? [])])), [setData]),
  );

  return (
    <section className="area area--training" data-testid="area-training">
      <PageHeader title="Training" />
      {open !== null ? (
        <RunDashboard runId={open} onBack={() => go(null)} />
      ) : (
        <>
          {runs.error ? <ErrorNotice error={runs.error} onRetry={() => void runs.refresh()} /> : null}
          {runs.data && runs.data.length > 0 ? (
            <ul className="run-list" data-testid="run-list">
              {runs.data.map((r) => (
                <li key={r.id}>
                  <a className="card run-card" href={`#/training/${r.id}`} data-testid="run-card" data-state={r.state}>
                    <span className="run-card__name">{r.name}</span>
                    <span className={`badge ${stateBadge[r.state]}`}>{stateLabel[r.state]}</span>
                    <span className="muted">
                      {r.preset} · {r.datasetName ?? 'dataset removed'} · step {formatNumber(r.step)} / {formatNumber(r.targetSteps)} · {formatDate(r.createdAt)}
                    </span>
                    <ProgressBar current={r.step} total={Math.max(1, r.targetSteps)} label={`${r.name} progress`} />
                  </a>
                </li>
              ))}
            </ul>
          ) : runs.data ? (
            <p className="muted" data-testid="training-empty">
              No training runs yet. Train Tacotron2 on one of your datasets, follow losses and alignments as they form, and resume any run from its newest checkpoint.
            </p>
          ) : null}
          <NewRunForm onStarted={(run) => go(run.id)} />
        </>
      )}
    </section>
  );
}
