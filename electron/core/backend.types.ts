// The shape of the backend every adapter (Electron IPC, headless server, tests) drives.
import type { Result } from '../shared/errors';
import type { EventName } from '../shared/contract';

export interface BackendOptions {
  /** Where app-level state (the recent-workspaces list) lives: Electron's userData, or ~/.config/voicewright. */
  appDataDir: string;
  /** A workspace folder to open (created if missing) at start-up. */
  workspace?: string;
}

export interface Backend {
  /** Validates input against the contract, runs the handler, and never throws: errors come back typed. */
  invoke(name: string, input: unknown): Promise<Result<unknown>>;
  /** Every backend event; returns the unsubscribe function. */
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /** Absolute path of a file inside the open workspace; throws ApiError('path_outside_workspace' | 'no_workspace'). */
  resolveMedia(relPath: string): string;
  close(): Promise<void>;
}
