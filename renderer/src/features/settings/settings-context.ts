// Context for the open workspace's settings, their save status, and the update/reset actions.
import { createContext } from 'react';
import type { Settings } from '../../../../electron/shared/contract';
import type { ApiError } from '../../../../electron/shared/errors';

export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; count: number } | { kind: 'error'; error: ApiError };

export interface SettingsContextValue {
  settings: Settings;
  loaded: boolean;
  loadError: ApiError | null;
  status: SaveStatus;
  update(patch: Partial<Settings>): Promise<void>;
  reset(): Promise<void>;
}

export const SettingsContext = createContext<SettingsContextValue | null>(null);
