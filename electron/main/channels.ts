// IPC channel names and message shapes shared by the main process and the preload (no 'electron' import here).
import type { EventName } from '../shared/contract';

/** Backend events, fanned out to every window; the preload filters them by name. */
export const EVENT_CHANNEL = 'studio:event';
/** The native folder picker. */
export const PICK_FOLDER_CHANNEL = 'dialog:pickFolder';

/** What travels on EVENT_CHANNEL. */
export type EventMessage = { event: EventName; payload: unknown };
