// A take in wavesurfer.js: waveform over a spectrogram, the trim as a draggable region, the automatic trim marked, click to seek.
import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js';
import SpectrogramPlugin from 'wavesurfer.js/dist/plugins/spectrogram.esm.js';
import { cssVar } from '../../../components/dom';

export interface Span { start: number; end: number }

interface Props {
  src: string;
  /** The trim shown as the editable region (the narrator's, else the automatic one). */
  trim: Span | null;
  /** The automatic trim, drawn as thin markers so an edited trim can be compared with it. */
  autoTrim: Span | null;
  onTrimChange(span: Span): void;
  /** Exposes the player (play, pause, play the trimmed part) to the inspector's buttons and keys. */
  onReady(player: TakePlayer | null): void;
  onTime(seconds: number): void;
}

export interface TakePlayer {
  toggle(): void;
  playSpan(span: Span): void;
  duration(): number;
}

export function TakeWaveform({ src, trim, autoTrim, onTrimChange, onReady, onTime }: Props) {
  const wave = useRef<HTMLDivElement>(null);
  const spectrum = useRef<HTMLDivElement>(null);
  const region = useRef<Region | null>(null);
  const regions = useRef<RegionsPlugin | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState('');
  const callbacks = useRef({ onTrimChange, onReady, onTime });
  callbacks.current = { onTrimChange, onReady, onTime };
  const initial = useRef({ trim, autoTrim });
  initial.current = { trim, autoTrim };

  useEffect(() => {
    const container = wave.current;
    const spec = spectrum.current;
    if (!container || !spec) return;
    setState('loading');
    const regionPlugin = RegionsPlugin.create();
    regions.current = regionPlugin;
    // Our own element, already pointing at the media URL: wavesurfer then streams from it instead of a blob: URL,
    // which the studio's CSP (media-src 'self') refuses.
    // (Absolute, so wavesurfer sees the same URL it was given and keeps it.)
    const url = new URL(src, window.location.href).href;
    const media = new Audio();
    media.preload = 'auto';
    media.src = url;
    const ws = WaveSurfer.create({
      container,
      url,
      media,
      height: 96,
      normalize: true,
      // Decoded for display at 16 kHz (wavesurfer's default is 8 kHz): the spectrogram then reaches 8 kHz, the mel range.
      sampleRate: 16000,
      waveColor: cssVar(container, '--wave-idle', '#8b8fa3'),
      progressColor: cssVar(container, '--wave-live', '#5b4bd6'),
      cursorColor: cssVar(container, '--text', '#222'),
      barWidth: 0,
      dragToSeek: true,
      plugins: [
        regionPlugin,
        SpectrogramPlugin.create({ container: spec, height: 128, labels: true, labelsBackground: 'rgba(0, 0, 0, 0.35)', scale: 'linear', frequencyMin: 0, frequencyMax: 8000, fftSamples: 1024, colorMap: 'roseus' }),
      ],
    });
    let stopAt: number | null = null;
    ws.on('timeupdate', (t) => {
      callbacks.current.onTime(t);
      if (stopAt !== null && t >= stopAt) {
        stopAt = null;
        ws.pause();
      }
    });
    ws.on('error', (e: unknown) => {
      setState('error');
      // A MediaError is not an Error: it carries a code and, in Chromium, a message.
      const media = e as { code?: number; message?: string };
      setError(e instanceof Error ? e.message : media.message || (media.code ? `the browser cannot play this file (media error ${media.code})` : String(e)));
    });
    ws.on('decode', () => {
      const { trim: t, autoTrim: a } = initial.current;
      const span = t ?? a ?? { start: 0, end: ws.getDuration() };
      region.current = regionPlugin.addRegion({ start: span.start, end: span.end, color: cssVar(container, '--trim-region', 'rgba(91, 75, 214, 0.14)'), drag: true, resize: true, id: 'trim' });
      if (a) {
        for (const at of [a.start, a.end]) regionPlugin.addRegion({ start: at, color: cssVar(container, '--trim-auto', 'rgba(200, 120, 0, 0.9)'), drag: false, resize: false, id: `auto-${at}` });
      }
      setState('ready');
      callbacks.current.onReady({
        toggle: () => void ws.playPause(),
        playSpan: (s) => {
          stopAt = s.end;
          ws.setTime(s.start);
          void ws.play();
        },
        duration: () => ws.getDuration(),
      });
    });
    regionPlugin.on('region-updated', (r) => {
      if (r.id === 'trim') callbacks.current.onTrimChange({ start: r.start, end: r.end });
    });
    return () => {
      callbacks.current.onReady(null);
      region.current = null;
      regions.current = null;
      ws.destroy();
    };
  }, [src]);

  // A trim set from outside (reset to automatic, a saved value) moves the region without reloading the audio.
  useEffect(() => {
    const r = region.current;
    const span = trim ?? autoTrim;
    if (!r || !span) return;
    if (Math.abs(r.start - span.start) > 1e-3 || Math.abs(r.end - span.end) > 1e-3) r.setOptions({ start: span.start, end: span.end });
  }, [trim, autoTrim]);

  return (
    <div className="take-wave" data-testid="take-waveform" data-state={state}>
      <div ref={wave} className="take-wave__wave" aria-label="Waveform of the take; drag the shaded region's edges to set the trim" role="img" />
      <div ref={spectrum} className="take-wave__spectrum" aria-label="Spectrogram of the take" role="img" />
      {state === 'loading' ? <p className="muted take-wave__status">Loading audio…</p> : null}
      {state === 'error' ? (
        <p className="take-wave__status take-wave__status--error" role="alert">
          The audio of this take could not be shown: {error}
        </p>
      ) : null}
    </div>
  );
}
