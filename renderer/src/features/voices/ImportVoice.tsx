// Import a voice package folder made outside the studio (the trainer's export command, another workspace): checked, copied, listed.
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';

export function ImportVoice({ onImported }: { onImported(id: number): void }) {
  const { client } = useStudio();
  const [path, setPath] = useState('');
  const run = useAction(async () => {
    const v = await client.call('voices:import', { path: path.trim() });
    setPath('');
    onImported(v.id);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void run.run();
  };
  return (
    <form className="card import-voice" onSubmit={submit} aria-label="Import a voice folder" data-testid="import-voice">
      <label className="field">
        <span className="field__label">Import a voice folder</span>
        <input className="input" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/voice (holds voice.json and the .onnx files)" aria-label="Voice folder" />
      </label>
      <button type="submit" className="btn btn--small" disabled={!path.trim() || run.pending}>
        {run.pending ? 'Checking…' : 'Import'}
      </button>
      {run.error ? <ErrorNotice error={run.error} onDismiss={run.clearError} testId="import-voice-error" /> : null}
    </form>
  );
}
