// The last few seconds of input as a scrolling min/max waveform on a canvas, redrawn once per animation frame.
import { useEffect, useRef } from 'react';
import type { LiveSignal } from './live-signal';

export function LiveWaveform({ signal, recording }: { signal: LiveSignal; recording: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    let frame = 0;
    const draw = () => {
      const dpr = window.devicePixelRatio || 1;
      const w = Math.round(el.clientWidth * dpr);
      const h = Math.round(el.clientHeight * dpr);
      if (el.width !== w || el.height !== h) {
        el.width = w;
        el.height = h;
      }
      const style = getComputedStyle(el);
      ctx.clearRect(0, 0, w, h);
      ctx.fillStyle = style.getPropertyValue('--wave-axis').trim() || '#ccc';
      ctx.fillRect(0, Math.floor(h / 2), w, Math.max(1, dpr));
      ctx.fillStyle = style.getPropertyValue(recording ? '--wave-live' : '--wave-idle').trim() || '#888';
      const n = signal.columns;
      const colW = w / n;
      const mid = h / 2;
      for (let i = 0; i < n; i++) {
        const k = (signal.head + i) % n;
        const top = mid - signal.maxs[k]! * mid * 0.95;
        const bottom = mid - signal.mins[k]! * mid * 0.95;
        ctx.fillRect(i * colW, top, Math.max(colW * 0.7, 1), Math.max(bottom - top, dpr));
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [signal, recording]);

  return <canvas ref={canvas} className={`wave${recording ? ' wave--recording' : ''}`} data-testid="live-waveform" aria-label="Live waveform of the microphone input" role="img" />;
}
