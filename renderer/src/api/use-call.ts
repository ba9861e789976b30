// Hook: loads one call's result, with loading/error state, refresh, and a setter for event-driven updates.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallInput, CallName, CallOutput } from '../../../electron/shared/contract';
import type { ApiError } from '../../../electron/shared/errors';
import { toApiError } from './errors';
import { useStudio } from './use-studio';

export interface CallState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  refresh(): Promise<void>;
  setData(update: T | ((previous: T | undefined) => T)): void;
}

export function useCall<K extends CallName>(name: K, input: CallInput<K>, deps: readonly unknown[] = []): CallState<CallOutput<K>> {
  const { client, reconnects } = useStudio();
  const [data, setDataState] = useState<CallOutput<K> | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const key = JSON.stringify(input);

  const refresh = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const value = await client.call(name, JSON.parse(key) as CallInput<K>);
      if (ticket !== latest.current) return;
      setDataState(() => value);
      setError(null);
    } catch (err) {
      if (ticket !== latest.current) return;
      setError(toApiError(err));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [client, name, key, ...deps]);

  useEffect(() => {
    void refresh();
  }, [refresh, reconnects]);

  const setData = useCallback((update: CallOutput<K> | ((previous: CallOutput<K> | undefined) => CallOutput<K>)) => {
    latest.current += 1; // an event is newer than any reply still in flight
    setLoading(false);
    setDataState(update as CallOutput<K>);
  }, []);

  return { data, error, loading, refresh, setData };
}
