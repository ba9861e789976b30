// Hook: which dataset's report is open, from the hash (#/datasets/<id>), so reload and back/forward keep it.
import { useCallback, useEffect, useState } from 'react';

function fromHash(hash: string): number | null {
  const m = /^#\/datasets\/(\d+)(?:[/?].*)?$/.exec(hash);
  const id = m ? Number(m[1]) : NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

export const reportHref = (id: number): string => `#/datasets/${id}`;
export const listHref = '#/datasets';

export function useDatasetRoute(): [number | null, (id: number | null) => void] {
  const [open, setOpen] = useState<number | null>(() => fromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setOpen(fromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((id: number | null) => {
    window.location.hash = id === null ? listHref : reportHref(id);
    setOpen(id);
  }, []);
  return [open, go];
}
