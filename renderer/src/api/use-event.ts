// Hook: subscribes to a backend event for the component's lifetime, always calling the newest listener.
import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../electron/shared/contract';
import { useStudio } from './use-studio';

export function useEvent<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): void {
  const { client } = useStudio();
  const current = useRef(listener);
  useEffect(() => {
    current.current = listener;
  });
  useEffect(() => client.on(event, (payload) => current.current(payload)), [client, event]);
}
