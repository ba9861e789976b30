// The React context that carries the one studio connection through the tree.
import { createContext } from 'react';
import type { StudioConnection } from './connect';
import type { ConnectionState } from './ws-transport';

export interface StudioContextValue extends StudioConnection {
  connection: ConnectionState;
  /** Increments each time a lost connection comes back, so loaded data can refresh. */
  reconnects: number;
}

export const StudioContext = createContext<StudioContextValue | null>(null);
