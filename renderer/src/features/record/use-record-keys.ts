// Hook: the recorder's single-key shortcuts; never while the user types in a field or holds a modifier.
import { useEffect, useRef } from 'react';
import { isTyping } from '../../components/dom';

export type RecordCommand = 'record' | 'play' | 'accept' | 'reject' | 'next' | 'previous' | 'flag';

const keys: Record<string, RecordCommand> = {
  r: 'record',
  ' ': 'play',
  a: 'accept',
  x: 'reject',
  n: 'next',
  ArrowRight: 'next',
  b: 'previous',
  ArrowLeft: 'previous',
  f: 'flag',
};

export function useRecordKeys(enabled: boolean, run: (command: RecordCommand) => void): void {
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || e.defaultPrevented || isTyping(e.target)) return;
      const command = keys[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (!command) return;
      // Also keeps Space from pressing whichever button has focus.
      e.preventDefault();
      latest.current(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
