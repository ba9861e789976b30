// The open workspace's identity: name (renamed inline), folder, schema version, creation date.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { WorkspaceInfo } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate } from '../../components/format';

export function WorkspaceOverview({ workspace, onRenamed }: { workspace: WorkspaceInfo; onRenamed(info: WorkspaceInfo): void }) {
  const { client } = useStudio();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(workspace.name);
  const input = useRef<HTMLInputElement>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const rename = useAction(async (name: string) => {
    onRenamed(await client.call('workspace:rename', { name }));
    setEditing(false);
  });

  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const startEditing = () => {
    setDraft(workspace.name);
    rename.clearError();
    setEditing(true);
  };
  const stopEditing = () => {
    setEditing(false);
    rename.clearError();
    requestAnimationFrame(() => renameButton.current?.focus());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = draft.trim();
    if (name === workspace.name) stopEditing();
    else if (name) void rename.run(name);
  };

  return (
    <div className="overview">
      {editing ? (
        <form className="overview__rename" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && stopEditing()}>
          <label htmlFor="workspace-name-input" className="visually-hidden">
            Workspace name
          </label>
          <input id="workspace-name-input" ref={input} className="input input--title" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={200} data-testid="workspace-name-input" />
          <button type="submit" className="btn btn--primary btn--small" disabled={rename.pending || !draft.trim()}>
            Save
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={stopEditing}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="overview__title-row">
          <h2 className="overview__name" data-testid="workspace-name">
            {workspace.name}
          </h2>
          <button ref={renameButton} type="button" className="btn btn--ghost btn--small" onClick={startEditing} aria-label="Rename workspace">
            Rename
          </button>
        </div>
      )}
      {rename.error ? <ErrorNotice error={rename.error} onDismiss={rename.clearError} /> : null}
      <dl className="overview__facts">
        <div className="overview__folder">
          <dt>Folder</dt>
          <dd>
            <code data-testid="workspace-path" title={workspace.path}>
              {workspace.path}
            </code>
          </dd>
        </div>
        <div>
          <dt>Schema version</dt>
          <dd data-testid="workspace-schema">{workspace.schemaVersion}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDate(workspace.createdAt)}</dd>
        </div>
      </dl>
    </div>
  );
}
