// Export a dataset: a new (or empty) target folder → the copy job's progress → the folder where the LJSpeech copy landed.
import { useState, type FormEvent } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatNumber } from '../../components/format';
import { FolderField } from '../welcome/FolderField';
import { JobProgress } from './JobProgress';
import { useJob } from './use-job';

interface ExportResult {
  path?: unknown;
  files?: unknown;
  bytes?: unknown;
}

/** Where the export landed (the job's answer, else what the user typed) and how much it copied, when the job says. */
function landed(job: Job, typed: string): { path: string; size: string | null } {
  const r = (typeof job.result === 'object' && job.result !== null ? job.result : {}) as ExportResult;
  const path = typeof r.path === 'string' && r.path !== '' ? r.path : typed;
  const size = typeof r.files === 'number' && typeof r.bytes === 'number' ? `${formatNumber(r.files)} files, ${formatBytes(r.bytes)}` : null;
  return { path, size };
}

export function ExportPanel({ datasetId, name }: { datasetId: number; name: string }) {
  const { client } = useStudio();
  const [path, setPath] = useState('');
  const [submitted, setSubmitted] = useState('');
  const followed = useJob(() => undefined);
  const start = useAction(async () => {
    const target = path.trim();
    setSubmitted(target);
    const { job } = await client.call('datasets:export', { datasetId, path: target });
    followed.follow(job);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    followed.dismiss();
    void start.run();
  };

  return (
    <form className="card report-card export-panel" aria-labelledby="export-title" onSubmit={submit} data-testid="export-dataset">
      <div>
        <h2 id="export-title" className="card__title">
          Export
        </h2>
        <p className="dataset-form__subtitle">
          Copies {name} in the LJSpeech layout (<code>wavs/</code>, <code>metadata.csv</code>, <code>dataset.json</code>) to a new or empty folder, for NVIDIA Tacotron2, Coqui or Piper.
        </p>
      </div>
      <div className="export-panel__row">
        <div className="export-panel__field">
          <FolderField label="Target folder" value={path} onChange={setPath} testId="export-path" placeholder="/path/to/new-folder" />
        </div>
        <button type="submit" className="btn btn--primary" disabled={followed.running || start.pending || path.trim() === ''}>
          Export dataset
        </button>
      </div>
      {followed.job || followed.running ? (
        <JobProgress
          followed={followed}
          verb="Export"
          unit="files"
          testId="export-job"
          success={(job) => {
            const { path: at, size } = landed(job, submitted);
            return (
              <>
                Exported to <code data-testid="export-landed">{at}</code>
                {size ? <span className="muted"> · {size}</span> : null}
              </>
            );
          }}
        />
      ) : null}
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} testId="export-error" /> : null}
    </form>
  );
}
