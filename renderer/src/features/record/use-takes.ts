// Hook: the takes of one prompt (newest first), reloaded on demand and patched in place when one changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Take } from '../../../../electron/shared/domains/corpus';
import type { ApiError } from '../../../../electron/shared/errors';
import { toApiError } from '../../api/errors';
import { useStudio } from '../../api/use-studio';

export interface Takes {
  takes: Take[] | undefined;
  error: ApiError | null;
  refresh(): Promise<void>;
  /** Puts a take the backend returned into the list (new or updated). */
  put(take: Take): void;
}

export function useTakes(speakerId: number, promptId: number | null): Takes {
  const { client } = useStudio();
  const [takes, setTakes] = useState<Take[] | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const ticket = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++ticket.current;
    if (promptId === null) return;
    try {
      const list = await client.call('corpus:listTakes', { speakerId, promptId });
      if (mine !== ticket.current) return;
      setTakes([...list].sort((a, b) => b.id - a.id));
      setError(null);
    } catch (err) {
      if (mine === ticket.current) setError(toApiError(err));
    }
  }, [client, speakerId, promptId]);

  useEffect(() => {
    setTakes(undefined);
    void refresh();
  }, [refresh]);

  const put = useCallback((take: Take) => {
    ticket.current++; // newer than any list still in flight
    setTakes((list) => [take, ...(list ?? []).filter((t) => t.id !== take.id)].sort((a, b) => b.id - a.id));
  }, []);

  return { takes, error, refresh, put };
}
