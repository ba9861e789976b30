// "Import an LJSpeech folder": a folder on this machine and a name → the import job; a broken folder's problems are listed in full.
import { useId, useState, type FormEvent } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDuration, formatNumber } from '../../components/format';
import { FolderField } from '../welcome/FolderField';
import { freeName, nameProblem } from './dataset-names';
import { importHint } from './job-errors';
import { JobProgress } from './JobProgress';
import { useJob } from './use-job';

interface ImportResult {
  datasetId: number;
  utterances: number;
  seconds: number;
}
const isImportResult = (v: unknown): v is ImportResult =>
  typeof v === 'object' && v !== null && typeof (v as ImportResult).datasetId === 'number' && typeof (v as ImportResult).utterances === 'number';

function baseName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
}

interface Props {
  taken: readonly string[];
  onImported(datasetId: number): void;
}

export function ImportFolderForm({ taken, onImported }: Props) {
  const { client } = useStudio();
  const titleId = useId();
  const nameId = useId();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [edited, setEdited] = useState(false);
  const followed = useJob((job: Job) => {
    if (job.state !== 'succeeded' || !isImportResult(job.result)) return;
    // The form is ready for the next folder; the outcome below says what this one became.
    setPath('');
    setName('');
    setEdited(false);
    onImported(job.result.datasetId);
  }, 'datasets:importFolder');
  const start = useAction(async () => {
    const { job } = await client.call('datasets:importFolder', { path: path.trim(), name: name.trim() });
    followed.follow(job);
  });
  const problem = nameProblem(name, taken);

  const changePath = (value: string) => {
    setPath(value);
    // The folder's own name is the natural dataset name until the user picks one.
    if (!edited) setName(freeName(baseName(value), taken));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    followed.dismiss();
    if (!problem) void start.run();
  };

  return (
    <form className="card dataset-form" aria-labelledby={titleId} onSubmit={submit} data-testid="import-dataset">
      <div>
        <h2 id={titleId} className="card__title">
          Import an LJSpeech folder
        </h2>
        <p className="dataset-form__subtitle">
          A folder with <code>metadata.csv</code> (id|text|normalized text) and the clips in <code>wavs/</code>. It is checked completely first: a folder with problems imports nothing.
        </p>
      </div>
      <FolderField label="Folder" value={path} onChange={changePath} testId="import-path" placeholder="/path/to/LJSpeech-1.1" />
      <div className="field">
        <label htmlFor={nameId} className="field__label">
          Dataset name
        </label>
        <input
          id={nameId}
          className="input"
          value={name}
          onChange={(e) => {
            setEdited(true);
            setName(e.target.value);
          }}
          maxLength={80}
          required
          aria-invalid={problem !== null}
          data-testid="import-name"
        />
        {problem ? <p className="field__problem">{problem}</p> : null}
      </div>
      {followed.job || followed.running ? (
        <JobProgress
          followed={followed}
          verb="Import"
          unit="clips"
          testId="import-job"
          failureHint={importHint}
          success={(job) =>
            isImportResult(job.result) ? (
              <>
                Imported {formatNumber(job.result.utterances)} clips ({formatDuration(job.result.seconds)}).{' '}
                <a href={`#/datasets/${job.result.datasetId}`}>Open the dataset</a>
              </>
            ) : (
              'Imported.'
            )
          }
        />
      ) : null}
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} testId="import-error" /> : null}
      <div className="dataset-form__actions">
        <button type="submit" className="btn btn--primary" disabled={followed.running || start.pending || problem !== null || path.trim() === '' || name.trim() === ''}>
          Import folder
        </button>
      </div>
    </form>
  );
}
