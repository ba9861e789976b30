// Hook: the side by side's player — every stimulus decoded, all started together in Web Audio, switching moves gains (loudness-matched), never the position.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface DeckStimulus { key: string; url: string; /** Linear gain that brings it to the common loudness. */ gain: number }

export interface SwitchDeck {
  buffers: AudioBuffer[] | null;
  error: string | null;
  active: string | null;
  playing: boolean;
  /** Plays `key` (starting all in sync if stopped), from `at` seconds when given. */
  select(key: string, at?: number): void;
  stop(): void;
  /** Seconds into the stimuli, for the playhead. */
  time(): number;
  duration: number;
}

let shared: AudioContext | null = null;
const context = (): AudioContext => (shared ??= new AudioContext());

export function useSwitchDeck(stimuli: readonly DeckStimulus[]): SwitchDeck {
  const [buffers, setBuffers] = useState<AudioBuffer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const nodes = useRef<{ sources: AudioBufferSourceNode[]; gains: Map<string, GainNode>; t0: number; offset: number } | null>(null);
  const key = stimuli.map((s) => s.url).join('|');
  const duration = buffers ? Math.max(...buffers.map((b) => b.duration)) : 0;

  const stop = useCallback(() => {
    for (const s of nodes.current?.sources ?? []) { try { s.stop(); } catch { /* already stopped */ } }
    nodes.current = null;
    setPlaying(false);
  }, []);

  useEffect(() => {
    let live = true;
    setBuffers(null);
    setError(null);
    Promise.all(stimuli.map(async (s) => {
      const r = await fetch(s.url);
      if (!r.ok) throw new Error(`${s.key} could not be loaded (HTTP ${r.status}).`);
      return context().decodeAudioData(await r.arrayBuffer());
    })).then((list) => { if (live) setBuffers(list); }, (e: unknown) => { if (live) setError((e as Error).message); });
    return () => { live = false; stop(); };
  }, [key, stop]); // `key` stands for `stimuli`

  const select = useCallback((which: string, at?: number) => {
    if (!buffers) return;
    const ctx = context();
    void ctx.resume();
    if (at !== undefined) stop();
    if (!nodes.current) {
      const t0 = ctx.currentTime + 0.05;
      const offset = at ?? 0;
      const gains = new Map<string, GainNode>();
      const sources = stimuli.map((s, i) => {
        const src = ctx.createBufferSource();
        src.buffer = buffers[i]!;
        const g = ctx.createGain();
        g.gain.value = 0;
        src.connect(g).connect(ctx.destination);
        src.start(t0, Math.min(offset, buffers[i]!.duration));
        gains.set(s.key, g);
        return src;
      });
      // The longest one ending ends the playback.
      const longest = buffers.reduce((best, b, i) => (b.duration > buffers[best]!.duration ? i : best), 0);
      sources[longest]!.onended = () => { if (nodes.current?.sources === sources) { nodes.current = null; setPlaying(false); } };
      nodes.current = { sources, gains, t0, offset };
      setPlaying(true);
    }
    const now = ctx.currentTime;
    for (const s of stimuli) {
      const g = nodes.current.gains.get(s.key)!;
      g.gain.cancelScheduledValues(now);
      g.gain.setValueAtTime(g.gain.value, now);
      g.gain.linearRampToValueAtTime(s.key === which ? s.gain : 0, now + 0.005);
    }
    setActive(which);
  }, [buffers, stimuli, stop]);

  const time = useCallback(() => {
    const n = nodes.current;
    return n ? Math.max(0, context().currentTime - n.t0) + n.offset : 0;
  }, []);

  return { buffers, error, active, playing, select, stop, time, duration };
}
