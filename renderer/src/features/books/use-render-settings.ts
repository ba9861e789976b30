// Hook: the voice, vocoder and draft step cap a book renders with, kept per book in localStorage (the book row has no voice of its own to set).
import { useCallback, useState } from 'react';

export interface RenderSettings {
  voiceId: number | null;
  /** Empty: the voice's first vocoder. */
  vocoder: string;
  /** A decoder step cap for quick drafts; null renders in full. Part of the sentence cache key. */
  maxSteps: number | null;
  batch: number;
}

const DEFAULTS: RenderSettings = { voiceId: null, vocoder: '', maxSteps: null, batch: 8 };
const key = (bookId: number): string => `voicewright.books.${bookId}.render`;

function read(bookId: number): RenderSettings {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key(bookId)) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return DEFAULTS;
    const o = raw as Record<string, unknown>;
    const int = (v: unknown, min: number, max: number): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : null);
    return {
      voiceId: int(o.voiceId, 1, Number.MAX_SAFE_INTEGER),
      vocoder: typeof o.vocoder === 'string' ? o.vocoder : '',
      maxSteps: int(o.maxSteps, 1, 100_000),
      batch: int(o.batch, 1, 64) ?? DEFAULTS.batch,
    };
  } catch {
    return DEFAULTS;
  }
}

export function useRenderSettings(bookId: number): [RenderSettings, (patch: Partial<RenderSettings>) => void] {
  const [settings, setSettings] = useState<RenderSettings>(() => read(bookId));
  const update = useCallback((patch: Partial<RenderSettings>) => {
    setSettings((prev) => {
      const next = { ...prev, ...patch };
      localStorage.setItem(key(bookId), JSON.stringify(next));
      return next;
    });
  }, [bookId]);
  return [settings, update];
}

/** The render options every render call takes from the settings. */
export function renderOptions(s: RenderSettings): { voiceId?: number; vocoder?: string; maxSteps?: number; batch: number } {
  return {
    batch: s.batch,
    ...(s.voiceId !== null ? { voiceId: s.voiceId } : {}),
    ...(s.vocoder ? { vocoder: s.vocoder } : {}),
    ...(s.maxSteps !== null ? { maxSteps: s.maxSteps } : {}),
  };
}
