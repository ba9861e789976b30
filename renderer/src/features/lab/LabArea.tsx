// Lab: vocoder comparison experiments on the same mel spectrograms — the list, a new experiment, and the one open (#/lab/<id>).
import { useState } from 'react';
import { useCall } from '../../api/use-call';
import { useHashId } from '../../api/use-hash-id';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ExperimentView } from './ExperimentView';
import { NewExperimentForm } from './NewExperimentForm';
import './lab.css';

export function LabArea() {
  const [open, go] = useHashId('lab');
  const list = useCall('lab:listExperiments', {});
  const [creating, setCreating] = useState(false);
  const rows = list.data ?? [];
  const selected = rows.find((e) => e.id === open) ?? null;

  return (
    <section className="area area--lab" data-testid="area-lab">
      <PageHeader
        title="Lab"
        description="Feed the same mel spectrograms to several vocoders, listen to the results side by side or blind, and measure how they differ."
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating((c) => !c)} aria-expanded={creating} data-testid="lab-new">
            {creating ? 'Close' : 'New experiment'}
          </button>
        }
      />
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refresh()} /> : null}
      {creating ? (
        <NewExperimentForm
          onCreated={(id) => {
            setCreating(false);
            void list.refresh();
            go(id);
          }}
        />
      ) : null}
      {list.data && rows.length === 0 && !creating ? (
        <EmptyState icon="lab" title="No experiments yet" testId="lab-empty">
          An experiment takes recordings (a folder or a dataset), computes each one's mel spectrogram and vocodes it with every vocoder you pick, then
          measures MCD, log-spectral distance, F0 error and speed. Start one with New experiment.
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <div className="lab">
          <nav className="card lab__list" aria-label="Experiments">
            <h2 className="section-title">
              {rows.length} experiment{rows.length === 1 ? '' : 's'}
            </h2>
            <ul>
              {rows.map((e) => (
                <li key={e.id}>
                  <button
                    type="button"
                    className={`lab-item${e.id === selected?.id ? ' lab-item--active' : ''}`}
                    aria-current={e.id === selected?.id ? 'true' : undefined}
                    onClick={() => go(e.id)}
                    data-testid="lab-item"
                  >
                    <span className="lab-item__name">{e.name}</span>
                    <span className="muted">
                      {formatNumber(e.utterances)} utterances · {formatDate(e.createdAt)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {selected ? (
            <ExperimentView key={selected.id} experimentId={selected.id} />
          ) : (
            <p className="muted lab__hint">Pick an experiment to see its metrics and listen to its outputs side by side.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
