// Hook: runs a user-triggered call, tracking pending state and the last error for inline display.
import { useCallback, useRef, useState } from 'react';
import type { ApiError } from '../../../electron/shared/errors';
import { toApiError } from './errors';

export interface Action<A extends unknown[], T> {
  run(...args: A): Promise<T | undefined>;
  pending: boolean;
  error: ApiError | null;
  clearError(): void;
}

export function useAction<A extends unknown[], T>(fn: (...args: A) => Promise<T>): Action<A, T> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A) => {
    setPending(true);
    setError(null);
    try {
      return await fnRef.current(...args);
    } catch (err) {
      setError(toApiError(err));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}
