// The studio layout once a workspace is open: skip link, sidebar, and the current area.
import { useRef, type ReactNode } from 'react';
import type { WorkspaceInfo } from '../../../electron/shared/contract';
import { BooksArea } from '../features/books/BooksArea';
import { DatasetsArea } from '../features/datasets/DatasetsArea';
import { LabArea } from '../features/lab/LabArea';
import { RecordArea } from '../features/record/RecordArea';
import { SettingsArea } from '../features/settings/SettingsArea';
import { TrainingArea } from '../features/training/TrainingArea';
import { VoicesArea } from '../features/voices/VoicesArea';
import { WorkspaceArea } from '../features/workspace/WorkspaceArea';
import type { AreaId } from './areas';
import { Sidebar } from './Sidebar';
import { useAreaShortcuts } from './use-area-shortcuts';
import { useHashRoute } from './use-hash-route';

interface Props {
  workspace: WorkspaceInfo;
  onWorkspace(info: WorkspaceInfo | null): void;
}

export function AppShell({ workspace, onWorkspace }: Props) {
  const [area, navigate] = useHashRoute();
  useAreaShortcuts(navigate);
  const main = useRef<HTMLElement>(null);

  const content: Record<AreaId, () => ReactNode> = {
    workspace: () => <WorkspaceArea workspace={workspace} onWorkspace={onWorkspace} />,
    record: () => <RecordArea />,
    datasets: () => <DatasetsArea />,
    training: () => <TrainingArea />,
    voices: () => <VoicesArea />,
    books: () => <BooksArea />,
    lab: () => <LabArea />,
    settings: () => <SettingsArea />,
  };

  return (
    <div className="shell">
      <a
        href="#main-content"
        className="skip-link"
        onClick={(e) => {
          // The hash is the router's; move focus without touching it.
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <Sidebar area={area} workspace={workspace} onNavigate={navigate} />
      <main className="main" id="main-content" ref={main} tabIndex={-1}>
        <div className="main__inner" key={`${workspace.path}:${area}`}>
          {content[area]()}
        </div>
      </main>
    </div>
  );
}
