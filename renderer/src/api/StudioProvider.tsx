// Provides the studio connection and tracks whether the headless socket is connected.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StudioConnection } from './connect';
import { StudioContext, type StudioContextValue } from './studio-context';
import type { ConnectionState } from './ws-transport';

export function StudioProvider({ connection, children }: { connection: StudioConnection; children: ReactNode }) {
  const [state, setState] = useState<ConnectionState>(connection.socket?.state ?? 'open');
  const [reconnects, setReconnects] = useState(0);
  const previous = useRef(state);

  useEffect(() => {
    const socket = connection.socket;
    if (!socket) return undefined;
    return socket.onStateChange((next) => {
      if (next === 'open' && previous.current === 'reconnecting') setReconnects((n) => n + 1);
      previous.current = next;
      setState(next);
    });
  }, [connection]);

  const value = useMemo<StudioContextValue>(() => ({ ...connection, connection: state, reconnects }), [connection, state, reconnects]);
  return <StudioContext.Provider value={value}>{children}</StudioContext.Provider>;
}
