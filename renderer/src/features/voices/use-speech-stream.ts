// Hook: plays a speak job's sentences as they arrive (synthesis:sentence), back to back with the finished WAV's gaps, so listening starts with the first sentence.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SentenceReady } from '../../../../electron/shared/domains/synthesis';
import { useEvent } from '../../api/use-event';
import { useStudio } from '../../api/use-studio';

export interface SpeechStream {
  /** Sentence being heard now (0-based), or null when nothing plays. */
  playing: number | null;
  /** Sentences scheduled so far, and the job's total. */
  scheduled: number;
  total: number;
  /** True when the first sentence was ready (and queued to play) before the job finished: what streaming is for. */
  startedEarly: boolean;
  error: string | null;
  /** Call inside the click that starts the job: browsers only let a user gesture start audio. */
  arm(): void;
  follow(job: number): void;
  finished(): void;
  stop(): void;
}

interface Scheduled { index: number; at: number; until: number; source: AudioBufferSourceNode }

export function useSpeechStream(enabled: boolean): SpeechStream {
  const { mediaUrl } = useStudio();
  const ctx = useRef<AudioContext | null>(null);
  const job = useRef<number | null>(null);
  // Events can beat the call that returns the job id: keep the recent ones.
  const early = useRef<SentenceReady[]>([]);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const queue = useRef<Scheduled[]>([]);
  const last = useRef<{ until: number; end: number } | null>(null);
  const done = useRef(false);
  const [playing, setPlaying] = useState<number | null>(null);
  const [scheduled, setScheduled] = useState(0);
  const [total, setTotal] = useState(0);
  const [startedEarly, setStartedEarly] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const stop = useCallback(() => {
    job.current = null;
    for (const s of queue.current) {
      try { s.source.stop(); } catch { /* already ended */ }
    }
    queue.current = [];
    last.current = null;
    setPlaying(null);
  }, []);

  const schedule = useCallback((e: SentenceReady) => {
    const audio = ctx.current;
    if (!audio) return;
    const forJob = e.job;
    chain.current = chain.current.then(async () => {
      try {
        const res = await fetch(mediaUrl(e.audio));
        if (!res.ok) throw new Error(`the sentence's audio could not be fetched (HTTP ${res.status})`);
        const buffer = await audio.decodeAudioData(await res.arrayBuffer());
        if (job.current !== forJob) return;
        const prev = last.current;
        // The same pause as in the whole WAV; never in the past (a late sentence starts as soon as it can).
        const at = Math.max(audio.currentTime + 0.05, prev ? prev.until + Math.max(0, e.start - prev.end) : 0);
        const source = audio.createBufferSource();
        source.buffer = buffer;
        source.connect(audio.destination);
        source.start(at);
        const item = { index: e.index, at, until: at + buffer.duration, source };
        queue.current.push(item);
        last.current = { until: item.until, end: e.end };
        setScheduled((n) => n + 1);
        setTotal(e.total);
        window.setTimeout(() => { if (job.current === forJob) setPlaying(e.index); }, Math.max(0, (at - audio.currentTime) * 1000));
        source.onended = () => {
          queue.current = queue.current.filter((q) => q !== item);
          if (queue.current.length === 0 && job.current === forJob) setPlaying(null);
        };
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      }
    });
  }, [mediaUrl]);

  useEvent('synthesis:sentence', (e) => {
    if (!enabled) return;
    if (e.index === 0 && !done.current && (job.current === null || job.current === e.job)) setStartedEarly(true);
    if (job.current === null) {
      early.current.push(e);
      if (early.current.length > 64) early.current.shift();
      return;
    }
    if (e.job === job.current) schedule(e);
  });

  const arm = useCallback(() => {
    stop();
    if (!enabled) return;
    ctx.current ??= new AudioContext();
    void ctx.current.resume();
    early.current = [];
    done.current = false;
    setScheduled(0);
    setTotal(0);
    setStartedEarly(false);
    setError(null);
  }, [enabled, stop]);

  const follow = useCallback((id: number) => {
    if (!enabled) return;
    job.current = id;
    const mine = early.current.filter((e) => e.job === id).sort((a, b) => a.index - b.index);
    early.current = [];
    for (const e of mine) schedule(e);
  }, [enabled, schedule]);

  const finished = useCallback(() => { done.current = true; }, []);

  useEffect(() => () => {
    stop();
    void ctx.current?.close();
    ctx.current = null;
  }, [stop]);

  return { playing, scheduled, total, startedEarly, error, arm, follow, finished, stop };
}
