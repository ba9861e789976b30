// Import recordings a narrator already has (a folder of audio + transcripts.csv) into this speaker's corpus, as a job with progress.
import { useState, type FormEvent } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';
import { JobProgress } from '../datasets/JobProgress';
import { useJob } from '../datasets/use-job';
import { WarningList } from './WarningList';

interface ImportResult { imported: number; skippedRetakes: number; newPrompts: number; seconds: number; failing: number; warnings: string[] }

function isResult(x: unknown): x is ImportResult {
  return typeof x === 'object' && x !== null && 'imported' in x && 'skippedRetakes' in x;
}

export function ImportRecordings({ speakerId, onImported, onClose }: { speakerId: number; onImported(): void; onClose(): void }) {
  const { client } = useStudio();
  const [path, setPath] = useState('');
  const [newest, setNewest] = useState(true);
  const followed = useJob((job: Job) => {
    if (job.state === 'succeeded') onImported();
  }, 'corpus:importTakes');
  const start = useAction(async () => {
    const { job } = await client.call('corpus:importTakes', { speakerId, path: path.trim(), keep: newest ? 'newest' : 'all' });
    followed.follow(job);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void start.run();
  };

  return (
    <div className="card import-recordings" data-testid="import-recordings">
      <div className="import-recordings__head">
        <h2 className="card__title">Import recordings</h2>
        <button type="button" className="btn btn--small btn--ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted">
        A folder with the audio files (WAV, FLAC, MP3, Ogg; beside the transcript or in <code>wavs/</code> or <code>flac/</code>) and <code>transcripts.csv</code> with one line
        per recording, <code>id|text</code>, or an LJSpeech <code>metadata.csv</code>. Each recording becomes a checked take; its prompt is added to the script. The files are copied,
        never moved.
      </p>
      <form className="import-recordings__form" onSubmit={submit} aria-label="Import recordings">
        <label className="field">
          <span className="field__label">Folder</span>
          <input className="input" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/recordings" data-testid="import-path" disabled={followed.running} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={newest} onChange={(e) => setNewest(e.target.checked)} disabled={followed.running} />
          Keep only the newest retake of each prompt (file names ending in <code>_&lt;Unix time&gt;</code>)
        </label>
        <button type="submit" className="btn btn--primary" disabled={!path.trim() || followed.running || start.pending} data-testid="import-start">
          Import
        </button>
      </form>
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} /> : null}
      {followed.job || followed.running ? (
        <JobProgress
          followed={followed}
          verb="Import"
          unit="recordings"
          testId="import-job"
          success={(job) => {
            const r = isResult(job.result) ? job.result : null;
            return r ? (
              <div data-testid="import-result">
                <p>
                  Imported {formatNumber(r.imported)} take{r.imported === 1 ? '' : 's'} ({(r.seconds / 60).toFixed(1)} min)
                  {r.skippedRetakes > 0 ? `, leaving out ${formatNumber(r.skippedRetakes)} older retake${r.skippedRetakes === 1 ? '' : 's'}` : ''}; {formatNumber(r.newPrompts)} new prompt
                  {r.newPrompts === 1 ? '' : 's'}.{r.failing > 0 ? ` ${formatNumber(r.failing)} failed their checks: see Review.` : ''}
                </p>
                <WarningList warnings={r.warnings} />
              </div>
            ) : (
              <p>Imported.</p>
            );
          }}
        />
      ) : null}
    </div>
  );
}
