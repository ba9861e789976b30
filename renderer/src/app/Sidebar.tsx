// The left sidebar: brand, the open workspace, and one link per area with its Ctrl/Cmd shortcut.
import type { WorkspaceInfo } from '../../../electron/shared/contract';
import { Icon } from '../components/Icon';
import { areaHref, areaIds, areaLabels, type AreaId } from './areas';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const modifier = isMac ? '⌘' : 'Ctrl+';

export function Sidebar({ area, workspace, onNavigate }: { area: AreaId; workspace: WorkspaceInfo; onNavigate(area: AreaId): void }) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand__mark">
          <Icon name="logo" size={20} />
        </span>
        <span className="brand__name">Voicewright</span>
      </div>
      <div className="sidebar__workspace" title={workspace.path} data-testid="sidebar-workspace">
        <span className="sidebar__workspace-label">Workspace</span>
        <span className="sidebar__workspace-name">{workspace.name}</span>
      </div>
      <nav className="nav" aria-label="Studio areas" data-nav>
        <ul>
          {areaIds.map((id, i) => (
            <li key={id} className={id === 'settings' ? 'nav__item nav__item--end' : 'nav__item'}>
              <a
                href={areaHref(id)}
                className="nav__link"
                aria-current={id === area ? 'page' : undefined}
                aria-keyshortcuts={`${isMac ? 'Meta' : 'Control'}+${i + 1}`}
                data-testid={`nav-${id}`}
                onClick={(e) => {
                  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                  e.preventDefault();
                  onNavigate(id);
                }}
              >
                <Icon name={id} />
                <span className="nav__label">{areaLabels[id]}</span>
                <kbd className="nav__kbd" aria-hidden="true">
                  {modifier}
                  {i + 1}
                </kbd>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
