// Hook: a speaker's takes for the review list, fetched a page at a time as rows scroll into view, with the filters' counts.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReviewFilter, ReviewTake, Take } from '../../../../../electron/shared/domains/corpus';
import type { ApiError } from '../../../../../electron/shared/errors';
import { toApiError } from '../../../api/errors';
import { useStudio } from '../../../api/use-studio';

export const PAGE = 100;

export interface ReviewList {
  total: number | undefined;
  counts: Partial<Record<ReviewFilter, number>>;
  error: ApiError | null;
  /** The take at a row, or undefined while its page loads (the page is requested). */
  at(index: number): ReviewTake | undefined;
  /** Patches a take the backend returned (accept, trim, choose) in place; counts refresh. */
  put(take: Take): void;
  reload(): void;
}

export function useReviewList(speakerId: number, filter: ReviewFilter, search: string): ReviewList {
  const { client } = useStudio();
  const [pages, setPages] = useState<Map<number, ReviewTake[]>>(() => new Map());
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [counts, setCounts] = useState<Partial<Record<ReviewFilter, number>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const requested = useRef(new Set<number>());
  // Answers for an older filter or search are dropped.
  const generation = useRef(0);

  const load = useCallback(
    async (page: number, gen: number) => {
      try {
        const r = await client.call('corpus:reviewTakes', { speakerId, filter, search, offset: page * PAGE, limit: PAGE });
        if (gen !== generation.current) return;
        setTotal(r.total);
        setCounts(r.counts);
        setPages((prev) => new Map(prev).set(page, r.takes));
        setError(null);
      } catch (err) {
        if (gen !== generation.current) return;
        requested.current.delete(page);
        setError(toApiError(err));
      }
    },
    [client, speakerId, filter, search],
  );

  const reload = useCallback(() => {
    const gen = ++generation.current;
    requested.current = new Set([0]);
    setPages(new Map());
    void load(0, gen);
  }, [load]);

  useEffect(() => {
    setTotal(undefined);
    reload();
  }, [reload]);

  const at = useCallback(
    (index: number) => {
      const page = Math.floor(index / PAGE);
      const rows = pages.get(page);
      if (!rows && !requested.current.has(page)) {
        requested.current.add(page);
        void load(page, generation.current);
      }
      return rows?.[index - page * PAGE];
    },
    [pages, load],
  );

  const put = useCallback(
    (take: Take) => {
      setPages((prev) => {
        const next = new Map(prev);
        for (const [k, rows] of next) {
          // The chosen take of a prompt is unique: choosing one un-chooses its siblings on screen too.
          if (rows.some((r) => r.id === take.id || (take.chosen && r.promptId === take.promptId))) {
            next.set(k, rows.map((r) => (r.id === take.id ? { ...r, ...take } : take.chosen && r.promptId === take.promptId ? { ...r, chosen: false } : r)));
          }
        }
        return next;
      });
      // Counts follow the change; the rows stay where they are until the narrator reloads or changes the filter.
      void client.call('corpus:reviewTakes', { speakerId, filter, search, offset: 0, limit: 1 }).then((r) => setCounts(r.counts), () => undefined);
    },
    [client, speakerId, filter, search],
  );

  return { total, counts, error, at, put, reload };
}
