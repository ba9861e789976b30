// Hook: which item of an area is open, from the hash (#/<area>/<id>), so reload and back/forward keep it.
import { useCallback, useEffect, useState } from 'react';

function fromHash(area: string, hash: string): number | null {
  const m = new RegExp(`^#/${area}/(\\d+)(?:[/?].*)?$`).exec(hash);
  const id = m ? Number(m[1]) : NaN;
  return Number.isInteger(id) && id > 0 ? id : null;
}

export function useHashId(area: string): [number | null, (id: number | null) => void] {
  const [open, setOpen] = useState<number | null>(() => fromHash(area, window.location.hash));
  useEffect(() => {
    const onChange = () => setOpen(fromHash(area, window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [area]);
  const go = useCallback(
    (id: number | null) => {
      window.location.hash = id === null ? `#/${area}` : `#/${area}/${id}`;
      setOpen(id);
    },
    [area],
  );
  return [open, go];
}
