// Export a Tacotron2 run (with a HiFi-GAN run as its vocoder, or Griffin-Lim alone) as a voice package the studio can speak with.
import { useState, type FormEvent } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import type { RunDetail } from '../../../../electron/shared/domains/training';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';
import { JobProgress } from '../datasets/JobProgress';
import { useJob } from '../datasets/use-job';

export function ExportVoice({ run }: { run: RunDetail }) {
  const { client } = useStudio();
  const runs = useCall('training:list', {});
  const vocoders = (runs.data ?? []).filter((r) => r.model === 'hifigan' && r.checkpoints > 0);
  const [name, setName] = useState(run.name.replace(/[^A-Za-z0-9 _.-]+/g, ' ').trim() || 'My voice');
  const [vocoder, setVocoder] = useState<number | ''>('');
  const followed = useJob((_job: Job) => undefined, 'training:export');
  const start = useAction(async () => {
    const { job } = await client.call('training:export', { runId: run.id, name: name.trim(), ...(vocoder !== '' ? { vocoderRunId: vocoder } : {}) });
    followed.follow(job);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start.run();
  };
  return (
    <form className="card export-voice" onSubmit={submit} aria-label="Export as a voice" data-testid="export-voice">
      <h2 className="card__title">Export as a voice</h2>
      <p className="muted">
        The best checkpoint (or the newest) becomes ONNX files and voice.json under <code>voices/</code>, checked against PyTorch; Voices, Books and the Lab can then use it.
      </p>
      <div className="new-run__fields">
        <label className="field">
          <span className="field__label">Voice name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} aria-label="Voice name" />
        </label>
        <label className="field">
          <span className="field__label">Vocoder</span>
          <select className="input select" value={vocoder} onChange={(e) => setVocoder(e.target.value === '' ? '' : Number(e.target.value))} aria-label="Vocoder">
            <option value="">Griffin-Lim only</option>
            {vocoders.map((v) => (
              <option key={v.id} value={v.id}>
                HiFi-GAN: {v.name} · step {formatNumber(v.step)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn--primary" disabled={!name.trim() || followed.running || start.pending} data-testid="export-start">
          Export
        </button>
      </div>
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} /> : null}
      {followed.job || followed.running ? (
        <JobProgress
          followed={followed}
          verb="Export"
          unit="steps"
          testId="export-voice-job"
          success={(job) => <p>Exported to {typeof job.result === 'object' && job.result !== null && 'path' in job.result ? String(job.result.path) : 'voices/'}.</p>}
        />
      ) : null}
    </form>
  );
}
