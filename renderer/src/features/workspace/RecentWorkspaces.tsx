// The recent-workspaces list: open one, or forget an entry (missing folders are marked and can be forgotten).
import type { RecentWorkspace, WorkspaceInfo } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatRelative } from '../../components/format';

interface Props {
  current?: string | null;
  onOpened(info: WorkspaceInfo): void;
}

export function RecentWorkspaces({ current = null, onOpened }: Props) {
  const { client } = useStudio();
  const recent = useCall('workspace:recent', {}, [current]);
  const open = useAction(async (path: string) => onOpened(await client.call('workspace:open', { path, create: false })));
  const forget = useAction(async (path: string) => recent.setData(await client.call('workspace:forgetRecent', { path })));
  const items = (recent.data ?? []).filter((r) => r.path !== current);

  return (
    <div className="recent" data-testid="recent-workspaces">
      {recent.error ? <ErrorNotice error={recent.error} onRetry={() => void recent.refresh()} /> : null}
      {open.error ? <ErrorNotice error={open.error} onDismiss={open.clearError} testId="recent-open-error" /> : null}
      {forget.error ? <ErrorNotice error={forget.error} onDismiss={forget.clearError} /> : null}
      {recent.data !== undefined && items.length === 0 ? <p className="muted">{current ? 'No other workspaces opened recently.' : 'Workspaces you open will be listed here.'}</p> : null}
      {items.length > 0 ? (
        <ul className="recent__list" aria-label="Recent workspaces">
          {items.map((r) => (
            <RecentItem key={r.path} item={r} busy={open.pending || forget.pending} onOpen={() => void open.run(r.path)} onForget={() => void forget.run(r.path)} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function RecentItem({ item, busy, onOpen, onForget }: { item: RecentWorkspace; busy: boolean; onOpen(): void; onForget(): void }) {
  return (
    <li className={`recent__item${item.exists ? '' : ' recent__item--missing'}`} data-testid="recent-item" data-path={item.path}>
      <div className="recent__text">
        <span className="recent__name">
          {item.name}
          {item.exists ? null : <span className="badge badge--warning">Missing</span>}
        </span>
        <span className="recent__path" title={item.path}>
          {item.path}
        </span>
        <span className="recent__meta">{item.exists ? `Opened ${formatRelative(item.lastOpenedAt)}` : 'This folder no longer exists.'}</span>
      </div>
      <div className="recent__actions">
        {item.exists ? (
          <button type="button" className="btn btn--small" onClick={onOpen} disabled={busy} aria-label={`Open ${item.name}`}>
            Open
          </button>
        ) : null}
        <button type="button" className="btn btn--small btn--ghost" onClick={onForget} disabled={busy} aria-label={`Forget ${item.name}`}>
          Forget
        </button>
      </div>
    </li>
  );
}
