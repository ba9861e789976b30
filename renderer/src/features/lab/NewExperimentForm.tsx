// A new experiment: a name, recordings (folder, dataset) or texts, their mels (the recording's, or a Tacotron2 voice's), and the vocoders to compare.
import { useState, type FormEvent } from 'react';
import type { AvailableCondition } from '../../../../electron/shared/domains/lab';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';

const textLines = (t: string): string[] => t.split('\n').map((l) => l.trim()).filter(Boolean);

const melSummary = (c: AvailableCondition): string => `${c.mel.sampleRate} Hz · hop ${c.mel.hop} · ${c.mel.nMels} mels · ${c.mel.fmin}–${c.mel.fmax} Hz`;

export function NewExperimentForm({ onCreated }: { onCreated(id: number): void }) {
  const { client } = useStudio();
  const conditions = useCall('lab:conditions', {});
  const datasets = useCall('datasets:list', {});
  const voices = useCall('voices:list', {});
  const [acousticId, setAcousticId] = useState<number | null>(null);
  const [texts, setTexts] = useState('');
  const [name, setName] = useState('');
  const [sourceKind, setSourceKind] = useState<'folder' | 'dataset' | 'texts'>('folder');
  const [folder, setFolder] = useState('');
  const [datasetId, setDatasetId] = useState<number | null>(null);
  const [limit, setLimit] = useState('10');
  const [threads, setThreads] = useState('1');
  const [picked, setPicked] = useState<Set<string>>(() => new Set(['Griffin-Lim']));
  const [problem, setProblem] = useState<string | null>(null);
  const create = useAction(async () => {
    const list = (conditions.data ?? []).filter((c) => picked.has(c.label)).map((c) => c.input);
    const source = sourceKind === 'folder' ? { kind: 'folder' as const, path: folder.trim() }
      : sourceKind === 'dataset' ? { kind: 'dataset' as const, datasetId: datasetId ?? 0 }
        : { kind: 'texts' as const, texts: textLines(texts) };
    const e = await client.call('lab:create', { name: name.trim(), source, limit: Number(limit), conditions: list, threads: Number(threads),
      ...(acousticId !== null ? { acoustic: { voiceId: acousticId } } : {}) });
    onCreated(e.id);
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const n = Number(limit);
    if (!name.trim()) return setProblem('Give the experiment a name.');
    if (sourceKind === 'folder' && !folder.trim()) return setProblem('Give the folder that holds the recordings.');
    if (sourceKind === 'dataset' && datasetId === null) return setProblem('Pick a dataset.');
    if (sourceKind === 'texts' && textLines(texts).length === 0) return setProblem('Type at least one text, one per line.');
    if (sourceKind === 'texts' && acousticId === null) return setProblem('Texts need a Tacotron2 voice to render their mels: pick one under Mels.');
    if (!Number.isInteger(n) || n < 1 || n > 500) return setProblem('Utterances must be a whole number from 1 to 500.');
    const t = Number(threads);
    if (!Number.isInteger(t) || t < 1 || t > 64) return setProblem('Threads must be a whole number from 1 to 64.');
    if (picked.size === 0) return setProblem('Pick at least one vocoder.');
    setProblem(null);
    void create.run();
  };
  const toggle = (label: string) => setPicked((p) => {
    const next = new Set(p);
    if (next.has(label)) next.delete(label); else next.add(label);
    return next;
  });

  return (
    <form className="card lab-new" onSubmit={submit} aria-label="New experiment" noValidate data-testid="lab-new-form">
      <h2 className="card__title">New experiment</h2>
      <label className="field">
        <span className="field__label">Name</span>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} data-testid="lab-name" />
      </label>
      <fieldset className="field lab-new__source">
        <legend className="field__label">Utterances</legend>
        <label><input type="radio" name="source" checked={sourceKind === 'folder'} onChange={() => setSourceKind('folder')} /> A folder on this machine</label>
        <label><input type="radio" name="source" checked={sourceKind === 'dataset'} onChange={() => setSourceKind('dataset')} /> A dataset of this workspace</label>
        <label><input type="radio" name="source" checked={sourceKind === 'texts'} onChange={() => setSourceKind('texts')} data-testid="lab-source-texts" /> Texts only (no reference: speed and listening, no metrics)</label>
        {sourceKind === 'texts' ? (
          <textarea className="input" rows={4} placeholder="One utterance per line" value={texts} onChange={(e) => setTexts(e.target.value)} data-testid="lab-texts" />
        ) : sourceKind === 'folder' ? (
          <input className="input input--mono" placeholder="/path/to/recordings (metadata.csv, or .wav/.flac with .txt/.lab)" value={folder} onChange={(e) => setFolder(e.target.value)} data-testid="lab-folder" />
        ) : (
          <select className="select" value={datasetId ?? ''} onChange={(e) => setDatasetId(e.target.value ? Number(e.target.value) : null)} data-testid="lab-dataset">
            <option value="">Pick a dataset…</option>
            {(datasets.data ?? []).map((d) => <option key={d.id} value={d.id}>{d.name} ({d.utterances} utterances)</option>)}
          </select>
        )}
      </fieldset>
      <label className="field">
        <span className="field__label">Mels</span>
        <select className="select" value={acousticId ?? ''} onChange={(e) => setAcousticId(e.target.value ? Number(e.target.value) : null)} data-testid="lab-acoustic">
          <option value="">Each recording's own mel (copy synthesis)</option>
          {(voices.data ?? []).map((v) => <option key={v.id} value={v.id}>The text read by the Tacotron2 of {v.name}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Utterances (at most, in the source's order)</span>
        <input className="input input--number" inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value)} data-testid="lab-limit" />
      </label>
      <label className="field">
        <span className="field__label">onnxruntime threads (speed is measured at this count)</span>
        <input className="input input--number" inputMode="numeric" value={threads} onChange={(e) => setThreads(e.target.value)} data-testid="lab-threads" />
      </label>
      <fieldset className="field">
        <legend className="field__label">Vocoders</legend>
        {conditions.error ? <ErrorNotice error={conditions.error} onRetry={() => void conditions.refresh()} /> : null}
        <ul className="lab-new__conditions">
          {(conditions.data ?? []).map((c) => (
            <li key={c.label}>
              <label>
                <input type="checkbox" checked={picked.has(c.label)} onChange={() => toggle(c.label)} data-testid="lab-condition" data-label={c.label} /> {c.label}{' '}
                <span className="badge">{c.kind}</span> <span className="muted">{melSummary(c)}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {problem ? <p className="notice notice--error" role="alert">{problem}</p> : null}
      {create.error ? <ErrorNotice error={create.error} onDismiss={create.clearError} testId="lab-create-error" /> : null}
      <div>
        <button type="submit" className="btn btn--primary" disabled={create.pending} data-testid="lab-create">
          {create.pending ? 'Creating…' : 'Create experiment'}
        </button>
      </div>
    </form>
  );
}
