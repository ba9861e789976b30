// Loads settings for the open workspace, keeps them in sync with 'settings:changed', applies the theme, saves changes.
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { defaultSettings, type Settings } from '../../../../electron/shared/contract';
import { toApiError } from '../../api/errors';
import { useCall } from '../../api/use-call';
import { useEvent } from '../../api/use-event';
import { useStudio } from '../../api/use-studio';
import { useTheme } from '../../app/use-theme';
import { SettingsContext, type SaveStatus, type SettingsContextValue } from './settings-context';

export function SettingsProvider({ workspaceKey, children }: { workspaceKey: string | null; children: ReactNode }) {
  const { client } = useStudio();
  const loaded = useCall('settings:get', {}, [workspaceKey]);
  const { setData } = loaded;
  useEvent('settings:changed', (s) => setData(s));
  const settings = loaded.data ?? defaultSettings;
  useTheme(settings.theme);

  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const saveTicket = useRef(0);
  const savedCount = useRef(0);
  const current = useRef(loaded.data);
  current.current = loaded.data;

  const save = useCallback(
    async (optimistic: Partial<Settings> | null, request: () => Promise<Settings>) => {
      const ticket = ++saveTicket.current;
      const before = current.current;
      // Apply at once (the theme must switch immediately); roll back if the backend refuses.
      if (optimistic) setData((prev) => ({ ...(prev ?? defaultSettings), ...optimistic }));
      setStatus({ kind: 'saving' });
      try {
        const saved = await request();
        savedCount.current += 1;
        if (ticket !== saveTicket.current) return;
        setData(saved);
        setStatus({ kind: 'saved', count: savedCount.current });
      } catch (err) {
        if (optimistic && before) setData(before);
        if (ticket === saveTicket.current) setStatus({ kind: 'error', error: toApiError(err) });
      }
    },
    [setData],
  );

  const update = useCallback((patch: Partial<Settings>) => save(patch, () => client.call('settings:update', patch)), [client, save]);
  const reset = useCallback(() => save(null, () => client.call('settings:reset', {})), [client, save]);

  const value = useMemo<SettingsContextValue>(
    () => ({ settings, loaded: loaded.data !== undefined, loadError: loaded.error, status, update, reset }),
    [settings, loaded.data, loaded.error, status, update, reset],
  );
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}
