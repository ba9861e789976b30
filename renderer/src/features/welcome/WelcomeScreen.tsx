// Shown when no workspace is open: create one, open an existing folder, or pick from the recent list.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { WorkspaceInfo } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { RecentWorkspaces } from '../workspace/RecentWorkspaces';
import { FolderField } from './FolderField';

const steps = ['Record a corpus', 'Build a dataset', 'Train a voice', 'Synthesize a book'];

function baseName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
}

export function WelcomeScreen({ onOpened }: { onOpened(info: WorkspaceInfo): void }) {
  const { client } = useStudio();
  const nameId = useId();
  const [createPath, setCreatePath] = useState('');
  const [name, setName] = useState('');
  const [openPath, setOpenPath] = useState('');

  useEffect(() => {
    let live = true;
    client.call('workspace:defaultPath', {}).then(
      ({ path }) => live && setCreatePath((p) => p || path),
      () => undefined, // the field simply stays empty
    );
    return () => {
      live = false;
    };
  }, [client]);

  const create = useAction(async () => {
    const trimmed = name.trim();
    onOpened(await client.call('workspace:open', { path: createPath.trim(), create: true, ...(trimmed ? { name: trimmed } : {}) }));
  });
  const open = useAction(async () => onOpened(await client.call('workspace:open', { path: openPath.trim(), create: false })));
  const busy = create.pending || open.pending;

  const submit = (action: typeof create) => (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };

  return (
    <div className="welcome" data-testid="welcome">
      <aside className="welcome__hero">
        <div className="brand brand--large">
          <span className="brand__mark">
            <Icon name="logo" size={26} />
          </span>
          <span className="brand__name">Voicewright</span>
        </div>
        <p className="welcome__tagline">From an empty folder to an audiobook in a voice of your own — offline, on your own machine.</p>
        <ol className="welcome__steps">
          {steps.map((s, i) => (
            <li key={s}>
              <span className="welcome__step-number" aria-hidden="true">
                {i + 1}
              </span>
              {s}
            </li>
          ))}
        </ol>
        <p className="welcome__note">A workspace is a folder that holds your recordings, datasets, training runs, voices and books.</p>
      </aside>

      <main className="welcome__main" id="main-content" tabIndex={-1}>
        <h1 className="welcome__title">Welcome to Voicewright</h1>
        <div className="welcome__grid">
          <form className="card" aria-labelledby="create-title" onSubmit={submit(create)} data-testid="create-workspace">
            <h2 id="create-title" className="card__title">
              Create a workspace
            </h2>
            <p className="card__subtitle">Starts an empty workspace in a new or empty folder.</p>
            <FolderField label="Folder" value={createPath} onChange={setCreatePath} testId="create-path" />
            <div className="field">
              <label htmlFor={nameId} className="field__label">
                Name
              </label>
              <input id={nameId} className="input" type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={baseName(createPath) || 'My studio'} maxLength={200} data-testid="create-name" />
            </div>
            {create.error ? <ErrorNotice error={create.error} onDismiss={create.clearError} testId="create-error" /> : null}
            <div className="card__actions">
              <button type="submit" className="btn btn--primary" disabled={busy || !createPath.trim()}>
                {create.pending ? 'Creating…' : 'Create workspace'}
              </button>
            </div>
          </form>

          <form className="card" aria-labelledby="open-title" onSubmit={submit(open)} data-testid="open-workspace">
            <h2 id="open-title" className="card__title">
              Open a workspace
            </h2>
            <p className="card__subtitle">Opens a folder that already holds a Voicewright workspace.</p>
            <FolderField label="Folder" value={openPath} onChange={setOpenPath} testId="open-path" placeholder="/path/to/workspace" />
            {open.error ? <ErrorNotice error={open.error} onDismiss={open.clearError} testId="open-error" /> : null}
            <div className="card__actions">
              <button type="submit" className="btn" disabled={busy || !openPath.trim()}>
                {open.pending ? 'Opening…' : 'Open workspace'}
              </button>
            </div>
          </form>

          <section className="card welcome__recent" aria-labelledby="recent-title">
            <h2 id="recent-title" className="card__title">
              Recent workspaces
            </h2>
            <RecentWorkspaces onOpened={onOpened} />
          </section>
        </div>
      </main>
    </div>
  );
}
