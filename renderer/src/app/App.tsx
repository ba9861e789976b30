// Root: follows the open workspace (workspace:current + 'workspace:changed') and shows the welcome screen or the studio.
import { useCallback } from 'react';
import type { WorkspaceInfo } from '../../../electron/shared/contract';
import { useCall } from '../api/use-call';
import { useEvent } from '../api/use-event';
import { ErrorNotice } from '../components/ErrorNotice';
import { SettingsProvider } from '../features/settings/SettingsProvider';
import { useTrainingNotices } from '../features/training/use-training-notices';
import { WelcomeScreen } from '../features/welcome/WelcomeScreen';
import { AppShell } from './AppShell';
import { ConnectionBanner } from './ConnectionBanner';

export function App() {
  const current = useCall('workspace:current', {});
  const { setData } = current;
  useEvent('workspace:changed', (info) => setData(info));
  useTrainingNotices();
  const onWorkspace = useCallback((info: WorkspaceInfo | null) => setData(info), [setData]);
  const workspace = current.data;

  let body;
  if (workspace === undefined) {
    body = (
      <div className="splash" data-testid="splash">
        {current.error ? (
          <ErrorNotice error={current.error} onRetry={() => void current.refresh()} />
        ) : (
          <p className="muted" role="status">
            Connecting to the studio…
          </p>
        )}
      </div>
    );
  } else if (workspace === null) {
    body = <WelcomeScreen onOpened={onWorkspace} />;
  } else {
    body = <AppShell workspace={workspace} onWorkspace={onWorkspace} />;
  }

  return (
    <SettingsProvider workspaceKey={workspace?.path ?? null}>
      <ConnectionBanner />
      {body}
    </SettingsProvider>
  );
}
