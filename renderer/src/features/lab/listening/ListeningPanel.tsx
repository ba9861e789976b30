// The Lab's listening tests for one experiment: create from stimuli, take a test here, export a bundle for listeners elsewhere, import their results, see the statistics.
import { useRef, useState, type ChangeEvent } from 'react';
import { testTypeLabels, type ListeningTest } from '../../../../../electron/shared/domains/listening';
import { useAction } from '../../../api/use-action';
import { useCall } from '../../../api/use-call';
import { useStudio } from '../../../api/use-studio';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDate } from '../../../components/format';
import { CreateTestForm } from './CreateTestForm';
import { ListeningResultsView } from './ListeningResultsView';
import { StudioSession } from './StudioSession';
import './listening.css';

function TestDetail({ test, onChanged }: { test: ListeningTest; onChanged(): void }) {
  const { client, mediaUrl } = useStudio();
  const [taking, setTaking] = useState(false);
  const results = useCall('listening:results', { testId: test.id }, [test.listeners]);
  const file = useRef<HTMLInputElement>(null);
  const [exportPath, setExportPath] = useState('');
  const exported = useAction(async () => client.call('listening:exportBundle', { testId: test.id, ...(exportPath.trim() ? { path: exportPath.trim() } : {}) }));
  const [bundle, setBundle] = useState<{ folder: string; zip: string; files: number } | null>(null);
  const [imported, setImported] = useState<string | null>(null);
  const importing = useAction(async (text: string) => {
    const r = await client.call('listening:importResults', { testId: test.id, text });
    setImported(`Imported ${r.listenerId}: ${r.items} answers.`);
    onChanged();
  });
  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (f) void f.text().then((text) => importing.run(text));
  };
  if (taking) return <StudioSession test={test} onCancel={() => setTaking(false)} onFinished={() => { setTaking(false); onChanged(); }} />;
  return (
    <section className="card listening__detail" aria-label={`Listening test ${test.name}`} data-testid="listening-detail" data-state={test.state}>
      <h3>{test.name}</h3>
      <p className="muted">
        {testTypeLabels[test.type]} · {test.utterances} utterance{test.utterances === 1 ? '' : 's'} · conditions: {test.conditions.join(', ')}
        {test.loudnessLufs !== null ? ` · all stimuli at ${test.loudnessLufs.toFixed(1)} LUFS` : ''}
      </p>
      {test.state === 'preparing' ? <p role="status">Preparing the stimuli…</p> : null}
      {test.state === 'failed' ? <p className="notice notice--error" role="alert">Preparation failed: {test.error}</p> : null}
      {test.state === 'ready' ? (
        <>
          <div className="listening__actions">
            <button type="button" className="btn btn--primary" onClick={() => setTaking(true)}>Take the test here</button>
            <button type="button" className="btn" disabled={exported.pending} onClick={() => void exported.run().then((b) => { if (b) setBundle(b); })}>
              {exported.pending ? 'Exporting…' : 'Export bundle'}
            </button>
            <button type="button" className="btn" disabled={importing.pending} onClick={() => file.current?.click()}>Import results…</button>
            <input className="input input--mono listening__export-path" value={exportPath} onChange={(e) => setExportPath(e.target.value)}
              placeholder="Export into this folder (default: inside the workspace)" aria-label="Export folder" />
            <input ref={file} type="file" accept=".json,application/json" hidden onChange={pick} data-testid="listening-import-file" aria-label="Results file" />
          </div>
          {bundle ? (
            <p role="status" data-testid="listening-bundle">
              Bundle written to <code data-testid="listening-bundle-folder">{bundle.folder}</code> ({bundle.files} files).{' '}
              {bundle.zip.startsWith('/') || /^[A-Za-z]:/.test(bundle.zip) ? <>The zip is <code>{bundle.zip}</code>.</> : <><a href={mediaUrl(bundle.zip)} download>Download {bundle.zip.split('/').pop()}</a>.</>}
              {' '}Listeners open index.html in any browser; no server needed.
            </p>
          ) : null}
          {exported.error ? <ErrorNotice error={exported.error} onDismiss={exported.clearError} /> : null}
          {imported ? <p role="status" data-testid="listening-imported">{imported}</p> : null}
          {importing.error ? <ErrorNotice error={importing.error} onDismiss={importing.clearError} testId="listening-import-error" /> : null}
          {results.error ? <ErrorNotice error={results.error} onRetry={() => void results.refresh()} /> : null}
          {results.data ? <ListeningResultsView test={test} results={results.data} /> : null}
        </>
      ) : null}
    </section>
  );
}

export function ListeningPanel({ experimentId }: { experimentId: number }) {
  const tests = useCall('listening:list', { experimentId });
  const [selected, setSelected] = useState<number | null>(null);
  const list = tests.data ?? [];
  const current = list.find((t) => t.id === selected) ?? list[0];
  return (
    <section className="listening" aria-label="Listening tests" data-testid="listening-panel">
      <h2>Listening tests</h2>
      {tests.error ? <ErrorNotice error={tests.error} onRetry={() => void tests.refresh()} /> : null}
      {list.length > 0 ? (
        <ul className="listening__tests" aria-label="Tests">
          {list.map((t) => (
            <li key={t.id}>
              <button type="button" className={`btn btn--small${t.id === current?.id ? ' btn--primary' : ''}`} aria-pressed={t.id === current?.id} onClick={() => setSelected(t.id)} data-testid="listening-test-item">
                {t.name} · {t.type.toUpperCase()} · {t.listeners} listener{t.listeners === 1 ? '' : 's'} · {formatDate(t.createdAt)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {current ? <TestDetail key={current.id} test={current} onChanged={() => void tests.refresh()} /> : null}
      <CreateTestForm experimentId={experimentId} onCreated={(id) => { setSelected(id); void tests.refresh(); }} />
    </section>
  );
}
