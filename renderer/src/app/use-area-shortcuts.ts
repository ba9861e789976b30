// Hook: Ctrl/Cmd+1..8 switches to the matching area.
import { useEffect } from 'react';
import { areaIds, type AreaId } from './areas';

export function useAreaShortcuts(navigate: (area: AreaId) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      // e.code keeps the shortcut working on layouts where the digit row needs Shift (AZERTY).
      const digit = /^Digit([1-8])$/.exec(e.code)?.[1] ?? (/^[1-8]$/.test(e.key) ? e.key : undefined);
      const area = digit ? areaIds[Number(digit) - 1] : undefined;
      if (!area) return;
      e.preventDefault();
      navigate(area);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}
