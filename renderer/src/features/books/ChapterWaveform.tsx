// The assembled chapter in wavesurfer.js from precomputed peaks (no decoding, so a long chapter opens at once): sentence regions, drag to select a region, click to seek.
import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import type { ChapterPeaks } from '../../../../electron/shared/domains/book-export';
import { cssVar } from '../../components/dom';
import type { SentenceSpan } from './edit-anchors';

export interface Span { start: number; end: number }

export interface ChapterPlayer {
  /** Plays [start, end) of the chapter and stops there. */
  playSpan(span: Span): void;
  toggle(): void;
  pause(): void;
  seek(t: number): void;
  clearSelection(): void;
}

interface Props {
  /** Absolute media URL of the assembled WAV. */
  src: string;
  peaks: ChapterPeaks;
  spans: readonly SentenceSpan[];
  selectedId: number | null;
  onReady(player: ChapterPlayer | null): void;
  onTime(t: number, playing: boolean): void;
  onSelection(span: Span | null): void;
  onSentence(sentenceId: number): void;
  /** The short label drawn at the top of a sentence's region ("3"). */
  label(sentenceId: number): string;
}

export function ChapterWaveform({ src, peaks, spans, selectedId, onReady, onTime, onSelection, onSentence, label }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  // Bumped each time a wavesurfer instance is ready: a rebuilt chapter can be ready within the same tick as the
  // old one went away, so 'ready' alone would not tell the region effect that it has a new instance to draw on.
  const [generation, setGeneration] = useState(0);
  const callbacks = useRef({ onReady, onTime, onSelection, onSentence });
  callbacks.current = { onReady, onTime, onSelection, onSentence };
  const regionsRef = useRef<RegionsPlugin | null>(null);
  const spanRef = useRef(spans);
  spanRef.current = spans;

  useEffect(() => {
    const container = box.current;
    if (!container) return;
    setState('loading');
    const regions = RegionsPlugin.create();
    regionsRef.current = regions;
    // Our own element already pointing at the media URL: wavesurfer streams from it instead of fetching a blob (the CSP refuses blob: media).
    const media = new Audio();
    media.preload = 'auto';
    media.src = src;
    const ws = WaveSurfer.create({
      container,
      media,
      url: src,
      peaks: [peaks.peaks],
      duration: peaks.durationSeconds,
      height: 120,
      normalize: true,
      waveColor: cssVar(container, '--wave-idle', '#8b8fa3'),
      progressColor: cssVar(container, '--wave-live', '#5b4bd6'),
      cursorColor: cssVar(container, '--text', '#222'),
      minPxPerSec: 0,
      plugins: [regions],
    });
    let stopAt: number | null = null;
    const tick = (t: number) => {
      if (stopAt !== null && t >= stopAt) {
        stopAt = null;
        ws.pause();
      }
      callbacks.current.onTime(t, ws.isPlaying());
    };
    ws.on('timeupdate', tick);
    ws.on('pause', () => callbacks.current.onTime(ws.getCurrentTime(), false));
    ws.on('error', (e: unknown) => {
      const m = e as { code?: number; message?: string };
      setState('error');
      setError(e instanceof Error ? e.message : m.message || (m.code ? `media error ${m.code}` : String(e)));
    });
    ws.on('ready', () => {
      setState('ready');
      setGeneration((g) => g + 1);
      callbacks.current.onReady({
        playSpan: (s) => {
          stopAt = s.end;
          ws.setTime(s.start);
          void ws.play();
        },
        toggle: () => void ws.playPause(),
        pause: () => ws.pause(),
        seek: (t) => ws.setTime(t),
        clearSelection: () => {
          for (const r of regions.getRegions()) if (!r.id.startsWith('sentence-')) r.remove();
          callbacks.current.onSelection(null);
        },
      });
    });
    const selectionColor = cssVar(container, '--edit-selection', 'rgba(220, 120, 0, 0.28)');
    regions.enableDragSelection({ color: selectionColor, id: 'selection' }, 4);
    const isSelection = (r: Region) => !r.id.startsWith('sentence-');
    regions.on('region-created', (r) => {
      if (!isSelection(r)) return;
      for (const other of regions.getRegions()) if (other !== r && isSelection(other)) other.remove();
      callbacks.current.onSelection({ start: r.start, end: r.end });
    });
    regions.on('region-updated', (r) => {
      if (isSelection(r)) callbacks.current.onSelection({ start: r.start, end: r.end });
    });
    // A click (not a drag) seeks; the sentence under it becomes the selected one.
    ws.on('interaction', (t) => {
      const hit = spanRef.current.find((x) => t >= x.start && t < x.end);
      if (hit) callbacks.current.onSentence(hit.sentenceId);
    });
    return () => {
      callbacks.current.onReady(null);
      regionsRef.current = null;
      ws.destroy();
      media.removeAttribute('src');
      media.load();
    };
  }, [src, peaks]);

  // Sentence regions: redrawn when the spans or the selected sentence change, without reloading the audio.
  useEffect(() => {
    const regions = regionsRef.current;
    const container = box.current;
    if (!regions || !container || state !== 'ready') return;
    for (const r of regions.getRegions()) if (r.id.startsWith('sentence-')) r.remove();
    const tint = [cssVar(container, '--sentence-region-a', 'rgba(91, 75, 214, 0.07)'), cssVar(container, '--sentence-region-b', 'rgba(91, 75, 214, 0.14)')];
    const chosen = cssVar(container, '--sentence-region-selected', 'rgba(91, 75, 214, 0.3)');
    spans.forEach((s, i) => {
      const tag = document.createElement('span');
      // Regions live in wavesurfer's shadow DOM, where the page's stylesheets do not reach.
      Object.assign(tag.style, { display: 'inline-block', padding: '0 3px', fontSize: '10px', lineHeight: '14px', color: s.sentenceId === selectedId ? '#fff' : '#555',
        background: s.sentenceId === selectedId ? 'rgba(91, 75, 214, 0.9)' : 'rgba(255, 255, 255, 0.75)', borderRadius: '0 0 3px 0', pointerEvents: 'none' });
      tag.textContent = label(s.sentenceId);
      const r = regions.addRegion({ id: `sentence-${s.sentenceId}`, start: s.start, end: Math.max(s.end, s.start + 0.01), color: s.sentenceId === selectedId ? chosen : tint[i % 2], drag: false, resize: false, content: tag });
      // Sentence regions only show where each sentence is: the pointer goes through them to the drag selection and the seek.
      if (r.element) r.element.style.pointerEvents = 'none';
    });
  }, [spans, selectedId, state, label, generation]);

  return (
    <div className="chapter-wave" data-testid="chapter-waveform" data-state={state} data-duration={peaks.durationSeconds.toFixed(3)} data-regions={spans.length}>
      <div ref={box} className="chapter-wave__wave" role="img" aria-label={`Waveform of the chapter, ${spans.length} sentences; drag across it to select a region to edit`} />
      {state === 'error' ? <p className="take-wave__status take-wave__status--error" role="alert">The chapter audio could not be loaded: {error}</p> : null}
      {state === 'loading' ? <p className="muted small chapter-wave__status">Loading the waveform…</p> : null}
    </div>
  );
}
