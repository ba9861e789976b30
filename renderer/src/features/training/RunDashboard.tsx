// A run's dashboard: state and speed, pause/resume, loss/lr/grad-norm charts, plain-words guidance, evals and samples, the log's tail.
import { useState } from 'react';
import { ApiError } from '../../../../electron/shared/errors';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDuration, formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { EvalViewer } from './EvalViewer';
import { ExportVoice } from './ExportVoice';
import { GpuPanel } from './GpuPanel';
import { MetricChart, type ChartSeries } from './MetricChart';
import { stateBadge, stateLabel } from './run-labels';
import { useRun } from './use-run';

const VOCODER_LOSSES: readonly ChartSeries[] = [
  { key: 'mel', label: 'mel L1', color: '#1f9d6b' },
  { key: 'gen', label: 'generator', color: '#5b4bd6' },
  { key: 'disc', label: 'discriminator', color: '#c2410c' },
  { key: 'fm', label: 'feature matching', color: '#d08a00' },
];
const LOSSES: readonly ChartSeries[] = [
  { key: 'total', label: 'total', color: '#5b4bd6' },
  { key: 'mel', label: 'mel', color: '#1f9d6b' },
  { key: 'gate', label: 'gate', color: '#d08a00' },
  { key: 'guided_attention', label: 'guided attention', color: '#c2410c' },
];
const LR: readonly ChartSeries[] = [{ key: 'lr', label: 'learning rate', color: '#0e7490' }];
const GRAD: readonly ChartSeries[] = [{ key: 'grad_norm', label: 'grad norm', color: '#9333ea' }];
const SPEED: readonly ChartSeries[] = [{ key: 'items_per_s', label: 'items/s', color: '#475569' }];

export function RunDashboard({ runId, onBack }: { runId: number; onBack(): void }) {
  const { client } = useStudio();
  const view = useRun(runId);
  const [smoothing, setSmoothing] = useState(0.6);
  const [log, setLog] = useState(true);
  const run = view.run;
  const pause = useAction(async () => view.setRun(await client.call('training:pause', { runId })));
  const resume = useAction(async () => view.setRun(await client.call('training:resume', { runId })));
  if (!run) return view.error ? <ErrorNotice error={view.error} /> : <p className="muted">Loading the run…</p>;
  const active = run.state === 'running' || run.state === 'starting' || run.state === 'pausing';

  return (
    <section className="run-dashboard" data-testid="run-dashboard" data-state={run.state}>
      <div className="card run-head">
        <div className="run-head__row">
          <button type="button" className="btn btn--small btn--ghost" onClick={onBack}>
            ← All runs
          </button>
          <h2 className="run-head__name">{run.name}</h2>
          <span className={`badge ${stateBadge[run.state]}`} data-testid="run-state">
            {stateLabel[run.state]}
          </span>
          <span className="run-head__spacer" />
          {active ? (
            <button type="button" className="btn btn--small" disabled={run.state !== 'running' || pause.pending} onClick={() => void pause.run()} data-testid="pause-run">
              {run.state === 'pausing' ? 'Saving a checkpoint…' : 'Pause'}
            </button>
          ) : run.state !== 'completed' ? (
            <button type="button" className="btn btn--small btn--primary" disabled={resume.pending} onClick={() => void resume.run()} data-testid="resume-run">
              Resume
            </button>
          ) : null}
        </div>
        <dl className="run-head__facts">
          <div>
            <dt>Step</dt>
            <dd data-testid="run-step">
              {formatNumber(run.step)} <span className="muted">/ {formatNumber(run.targetSteps)}</span>
            </dd>
          </div>
          <div>
            <dt>Speed</dt>
            <dd>{run.stepsPerSecond ? `${run.stepsPerSecond.toFixed(2)} steps/s` : '—'}{run.itemsPerSecond ? ` · ${run.itemsPerSecond.toFixed(1)} items/s` : ''}</dd>
          </div>
          <div>
            <dt>Left</dt>
            <dd>{run.etaSeconds !== null ? `about ${formatDuration(run.etaSeconds)}` : '—'}</dd>
          </div>
          <div>
            <dt>Loss</dt>
            <dd>{run.lastLoss !== null ? run.lastLoss.toFixed(3) : '—'}</dd>
          </div>
          <div>
            <dt>Device</dt>
            <dd>{run.device ?? '—'}</dd>
          </div>
          <div>
            <dt>Checkpoints</dt>
            <dd data-testid="run-checkpoints">{formatNumber(run.checkpoints)}</dd>
          </div>
          <div>
            <dt>Dataset</dt>
            <dd>{run.datasetName ?? '—'}</dd>
          </div>
        </dl>
        <ProgressBar current={run.step} total={Math.max(1, run.targetSteps)} label="Steps toward the target" />
        <GpuPanel active={active} />
        <p className="muted run-head__where">
          Folder <code>{run.runDir}</code> · Python <code>{run.python}</code>
        </p>
        {run.error ? <ErrorNotice error={new ApiError('internal', run.error.message, run.error.hint ?? undefined)} testId="run-error" /> : null}
        {pause.error ? <ErrorNotice error={pause.error} onDismiss={pause.clearError} /> : null}
        {resume.error ? <ErrorNotice error={resume.error} onDismiss={resume.clearError} /> : null}
      </div>

      {view.guidance.length > 0 ? (
        <ul className="guidance" data-testid="run-guidance">
          {view.guidance.map((g) => (
            <li key={g.id} className={`card guidance__item guidance__item--${g.level}`} data-guidance={g.id}>
              <h3 className="guidance__title">{g.title}</h3>
              <p>{g.message}</p>
              <ul className="guidance__fixes">
                {g.fixes.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
              {run.datasetId !== null && g.id !== 'data_bound' ? (
                // The outliers (misreads, long pauses, broken clips) are listed with play buttons in the dataset's report; re-record them in Record → Review.
                <p className="guidance__links">
                  <a href={`#/datasets/${run.datasetId}`}>Open the dataset report and its outliers</a> · <a href="#/record">Re-record in Record → Review takes</a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="card run-charts">
        <div className="run-charts__controls">
          <label className="field__row">
            <span className="field__label">Smoothing</span>
            <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-label="Smoothing" />
            <span className="muted">{smoothing.toFixed(2)}</span>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} data-testid="log-scale" /> Log scale
          </label>
        </div>
        <div className="run-charts__grid">
          <MetricChart title="Losses" metrics={view.metrics} version={view.version} series={run.model === 'hifigan' ? VOCODER_LOSSES : LOSSES} smoothing={smoothing} log={log} testId="chart-losses" />
          <MetricChart title="Learning rate" metrics={view.metrics} version={view.version} series={LR} smoothing={0} log={false} exponent testId="chart-lr" />
          <MetricChart title="Gradient norm" metrics={view.metrics} version={view.version} series={GRAD} smoothing={smoothing} log={log} testId="chart-grad" />
          <MetricChart title="Throughput" metrics={view.metrics} version={view.version} series={SPEED} smoothing={smoothing} log={false} testId="chart-speed" />
        </div>
      </div>

      <EvalViewer evals={view.evals} />

      {run.model === 'tacotron2' && run.checkpoints > 0 ? <ExportVoice run={run} /> : null}

      {view.warnings.length > 0 ? (
        <details className="card run-warnings">
          <summary>{view.warnings.length} warning{view.warnings.length === 1 ? '' : 's'} from the trainer</summary>
          <ul>
            {view.warnings.map((w, i) => (
              <li key={i}>
                <strong>{w.code}</strong>
                {w.step !== null ? ` (step ${formatNumber(w.step)})` : ''}: {w.message} {w.hint ? <span className="muted">{w.hint}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <div className="card run-log">
        <h2 className="card__title">Log</h2>
        <pre className="run-log__text" data-testid="run-log">
          {view.log.length > 0 ? view.log.join('\n') : 'Nothing logged yet.'}
        </pre>
      </div>
    </section>
  );
}
