// A horizontal peak meter in dBFS with a peak-hold tick and a clipping warning at -1 dBFS; drawn per frame, not per render.
import { useEffect, useRef, useState } from 'react';
import { CLIP_DBFS, toDbfs, type LiveSignal } from './live-signal';

const FLOOR_DB = -60;
const position = (db: number) => Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB));

export function LevelMeter({ signal, live }: { signal: LiveSignal; live: boolean }) {
  const bar = useRef<HTMLDivElement>(null);
  const hold = useRef<HTMLDivElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  const [clipped, setClipped] = useState(signal.clipped);

  useEffect(() => signal.onClip(setClipped), [signal]);

  useEffect(() => {
    let frame = 0;
    const draw = () => {
      signal.decay();
      const peakDb = toDbfs(signal.peak);
      const holdDb = toDbfs(signal.hold);
      // A clip, not a scale: the green/amber/red zones stay where their levels are.
      if (bar.current) bar.current.style.clipPath = `inset(0 ${(100 - position(peakDb) * 100).toFixed(2)}% 0 0)`;
      if (hold.current) hold.current.style.left = `${position(holdDb) * 100}%`;
      if (readout.current) readout.current.textContent = Number.isFinite(holdDb) && holdDb > FLOOR_DB ? `${holdDb.toFixed(1)} dB` : '–∞ dB';
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [signal]);

  return (
    <div className={`meter${live ? '' : ' meter--idle'}`} data-testid="level-meter">
      <div className="meter__track" aria-hidden="true">
        <div className="meter__fill" ref={bar} />
        <div className="meter__clip-zone" style={{ left: `${position(CLIP_DBFS) * 100}%` }} />
        <div className="meter__hold" ref={hold} />
      </div>
      <div className="meter__legend">
        <span className="meter__readout" ref={readout}>
          –∞ dB
        </span>
        {clipped ? (
          <span className="badge badge--failed" role="status" data-testid="clip-warning">
            Clipping — peaks reached {CLIP_DBFS} dBFS; lower the input gain
          </span>
        ) : (
          <span className="muted meter__scale">peak · hold · clip at {CLIP_DBFS} dBFS</span>
        )}
      </div>
    </div>
  );
}
