// Hook: the current area from location.hash, so a reload keeps the area and back/forward work.
import { useCallback, useEffect, useRef, useState } from 'react';
import { areaFromHash, areaHref, type AreaId } from './areas';
import { requestHeadingFocus } from './heading-focus';

export function useHashRoute(): [AreaId, (area: AreaId) => void] {
  const [area, setArea] = useState<AreaId>(() => areaFromHash(window.location.hash));
  const current = useRef(area);

  const go = useCallback((next: AreaId) => {
    if (next === current.current) return;
    current.current = next;
    requestHeadingFocus();
    setArea(next);
  }, []);

  useEffect(() => {
    const onChange = () => go(areaFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, [go]);

  const navigate = useCallback(
    (next: AreaId) => {
      const href = areaHref(next);
      if (window.location.hash !== href && !(next === 'workspace' && window.location.hash === '')) window.location.hash = href;
      go(next);
    },
    [go],
  );
  return [area, navigate];
}
