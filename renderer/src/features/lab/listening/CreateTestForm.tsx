// Creates a listening test from the experiment's outputs or a stimulus folder (reference/ plus one folder per condition) and follows its preparation job.
import { useState, type FormEvent } from 'react';
import { listeningTestTypes, testTypeLabels, type ListeningTestType } from '../../../../../electron/shared/domains/listening';
import { useAction } from '../../../api/use-action';
import { useStudio } from '../../../api/use-studio';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { JobProgress } from '../../datasets/JobProgress';
import { useJob } from '../../datasets/use-job';

export function CreateTestForm({ experimentId, onCreated }: { experimentId: number; onCreated(testId: number): void }) {
  const { client } = useStudio();
  const [name, setName] = useState('');
  const [type, setType] = useState<ListeningTestType>('mushra');
  const [fromFolder, setFromFolder] = useState(false);
  const [folder, setFolder] = useState('');
  const [includeReference, setIncludeReference] = useState(false);
  const [instructions, setInstructions] = useState('');
  const [created, setCreated] = useState<number | null>(null);
  const job = useJob(() => { if (created !== null) onCreated(created); }, 'listening:prepare');
  const create = useAction(async () => {
    const r = await client.call('listening:create', {
      name: name.trim(), type, experimentId, source: fromFolder ? { kind: 'folder', path: folder.trim() } : { kind: 'experiment' }, includeReference,
      ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
    });
    setCreated(r.testId);
    onCreated(r.testId);
    job.follow(r.job);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() && (!fromFolder || folder.trim())) void create.run();
  };
  return (
    <form className="card listening__create" onSubmit={submit} aria-label="Create a listening test" data-testid="listening-create">
      <h3>New listening test</h3>
      <div className="listening__fields">
        <label className="field"><span className="field__label">Test name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} /></label>
        <label className="field"><span className="field__label">Test type</span>
          <select className="select" value={type} onChange={(e) => setType(e.target.value as ListeningTestType)}>
            {listeningTestTypes.map((t) => <option key={t} value={t}>{testTypeLabels[t]}</option>)}
          </select></label>
      </div>
      <fieldset className="listening__source">
        <legend className="field__label">Stimuli</legend>
        <label className="listening__check"><input type="radio" name="listening-source" checked={!fromFolder} onChange={() => setFromFolder(false)} /> This experiment’s outputs (each reference and every vocoder’s copy of it)</label>
        <label className="listening__check"><input type="radio" name="listening-source" checked={fromFolder} onChange={() => setFromFolder(true)} /> A stimulus folder</label>
      </fieldset>
      {fromFolder ? (
        <label className="field"><span className="field__label">Stimulus folder</span>
          <input className="input input--mono" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/path/holding reference/ and one folder per vocoder, same file names" /></label>
      ) : null}
      {type !== 'mushra' ? (
        <label className="listening__check"><input type="checkbox" checked={includeReference} onChange={(e) => setIncludeReference(e.target.checked)} /> Include the reference recordings as a condition</label>
      ) : <p className="muted">MUSHRA adds the hidden reference and low-pass anchors at 3.5 kHz and 7 kHz; every stimulus is matched in loudness.</p>}
      <label className="field"><span className="field__label">Instructions for listeners (optional)</span>
        <textarea className="input" rows={2} value={instructions} onChange={(e) => setInstructions(e.target.value)} maxLength={4000} placeholder="The standard instructions for this test type are used when empty." /></label>
      <button type="submit" className="btn btn--primary" disabled={!name.trim() || (fromFolder && !folder.trim()) || create.pending || job.running}>Create test</button>
      {create.error ? <ErrorNotice error={create.error} onDismiss={create.clearError} testId="listening-create-error" /> : null}
      {job.job || job.running ? <JobProgress followed={job} verb="Preparation" unit="stimuli" success={() => 'Stimuli ready: loudness matched, anchors built.'} testId="listening-prepare" /> : null}
    </form>
  );
}
