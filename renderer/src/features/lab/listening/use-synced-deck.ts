// Hook: one screen's stimuli decoded up front and started together in Web Audio, looping; switching moves gains (5 ms), never the position.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface DeckEntry {
  /** What the button selects (a stimulus id, or "X"). */
  key: string;
  url: string;
  /** The stimulus a play counts for (X counts for the one it is). */
  stimulus: string;
}

export interface SyncedDeck {
  ready: boolean;
  error: string | null;
  active: string | null;
  plays: Record<string, number>;
  select(key: string): void;
  stop(): void;
  /** 0–1 through the loop, for a progress bar. */
  position(): number;
}

let sharedContext: AudioContext | null = null;
const decoded = new Map<string, Promise<AudioBuffer>>();

function context(): AudioContext {
  sharedContext ??= new AudioContext();
  return sharedContext;
}

function load(url: string): Promise<AudioBuffer> {
  let p = decoded.get(url);
  if (!p) {
    p = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`The stimulus ${url} could not be loaded (HTTP ${r.status}).`);
      return r.arrayBuffer();
    }).then((bytes) => context().decodeAudioData(bytes));
    p.catch(() => decoded.delete(url));
    decoded.set(url, p);
    // Decoded audio is large (float32 at the device rate): keep the recent screens' only.
    if (decoded.size > 64) decoded.delete(decoded.keys().next().value as string);
  }
  return p;
}

/** Starts fetching and decoding `urls` (the next screen's) so they are ready when it shows. */
export function preloadStimuli(urls: readonly string[]): void {
  for (const url of urls) void load(url).catch(() => undefined);
}

export function useSyncedDeck(entries: readonly DeckEntry[]): SyncedDeck {
  const [buffers, setBuffers] = useState<AudioBuffer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [plays, setPlays] = useState<Record<string, number>>({});
  const nodes = useRef<{ sources: AudioBufferSourceNode[]; gains: Map<string, GainNode>; t0: number } | null>(null);
  const key = entries.map((e) => `${e.key}=${e.url}`).join('|');

  const stop = useCallback(() => {
    for (const s of nodes.current?.sources ?? []) { try { s.stop(); } catch { /* already stopped */ } }
    nodes.current = null;
    setActive(null);
  }, []);

  useEffect(() => {
    let live = true;
    setBuffers(null);
    setError(null);
    setPlays({});
    Promise.all(entries.map((e) => load(e.url))).then((list) => { if (live) setBuffers(list); }, (e: unknown) => { if (live) setError((e as Error).message); });
    return () => {
      live = false;
      stop();
    };
  }, [key, stop]); // `key` stands for `entries`: a new array with the same stimuli must not reload them

  const select = useCallback((which: string) => {
    if (!buffers) return;
    const ctx = context();
    void ctx.resume();
    if (!nodes.current) {
      const t0 = ctx.currentTime + 0.05;
      const gains = new Map<string, GainNode>();
      const sources = entries.map((e, i) => {
        const src = ctx.createBufferSource();
        src.buffer = buffers[i]!;
        src.loop = true;
        const g = ctx.createGain();
        g.gain.value = 0;
        src.connect(g).connect(ctx.destination);
        src.start(t0);
        gains.set(e.key, g);
        return src;
      });
      nodes.current = { sources, gains, t0 };
    }
    const now = ctx.currentTime;
    for (const [k, g] of nodes.current.gains) {
      g.gain.cancelScheduledValues(now);
      g.gain.setValueAtTime(g.gain.value, now);
      g.gain.linearRampToValueAtTime(k === which ? 1 : 0, now + 0.005);
    }
    const stimulus = entries.find((e) => e.key === which)?.stimulus ?? which;
    setActive(which);
    setPlays((p) => ({ ...p, [stimulus]: (p[stimulus] ?? 0) + 1 }));
  }, [buffers, entries]);

  const position = useCallback(() => {
    const n = nodes.current;
    if (!n || !buffers) return 0;
    const duration = Math.max(...buffers.map((b) => b.duration));
    return (Math.max(0, context().currentTime - n.t0) % duration) / duration;
  }, [buffers]);

  return { ready: buffers !== null, error, active, plays, select, stop, position };
}
