// Side by side: per utterance, the reference and every condition as waveform + spectrogram on one time axis, heard in sync with instant switching (keys 1–9).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ExperimentDetail } from '../../../../electron/shared/domains/lab';
import { useStudio } from '../../api/use-studio';
import { cssVar, isTyping } from '../../components/dom';
import { drawAudio } from './draw-audio';
import { useSwitchDeck, type DeckStimulus } from './use-switch-deck';

interface Row extends DeckStimulus { label: string; loudness: number | null; mcd: number | null }

export function SideBySide({ experiment: e }: { experiment: ExperimentDetail }) {
  const { mediaUrl } = useStudio();
  const withRef = e.utterances.filter((u) => u.outputs.length > 0);
  const [uttId, setUttId] = useState<number>(withRef[0]?.id ?? 0);
  const u = withRef.find((x) => x.id === uttId) ?? withRef[0];
  const rows = useMemo<Row[]>(() => {
    if (!u) return [];
    const list = [
      ...(u.reference ? [{ key: 'reference', label: 'Reference (recording)', path: u.reference, loudness: u.loudness, mcd: null as number | null }] : []),
      ...e.conditions.flatMap((c) => {
        const o = u.outputs.find((x) => x.conditionId === c.id);
        return o ? [{ key: `c${c.id}`, label: c.label, path: o.path, loudness: o.loudness, mcd: o.metrics.mcd }] : [];
      }),
    ];
    // Loudness-matched to the quietest, so matching never pushes one into clipping.
    const levels = list.map((r) => r.loudness).filter((l): l is number => l !== null);
    const target = levels.length ? Math.min(...levels) : 0;
    return list.map((r) => ({ ...r, url: mediaUrl(r.path), gain: r.loudness === null ? 1 : 10 ** ((target - r.loudness) / 20) }));
  }, [u, e.conditions, mediaUrl]);
  const deck = useSwitchDeck(rows);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const heads = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!deck.buffers) return;
    deck.buffers.forEach((b, i) => {
      const c = canvases.current[i];
      if (c) drawAudio(c, b, deck.duration, { wave: cssVar(c, '--wave-live', '#5b4bd6'), background: cssVar(c, '--surface', '#fff') });
    });
  }, [deck.buffers, deck.duration]);

  useEffect(() => {
    if (!deck.playing) return;
    let raf = 0;
    const tick = () => {
      const p = deck.duration > 0 ? Math.min(1, deck.time() / deck.duration) : 0;
      heads.current?.style.setProperty('--playhead', String(p));
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [deck.playing, deck]);

  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (isTyping(ev.target) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const n = Number(ev.key);
      if (Number.isInteger(n) && n >= 1 && n <= Math.min(9, rows.length)) {
        ev.preventDefault();
        deck.select(rows[n - 1]!.key);
      } else if (ev.key === ' ' && deck.playing && !(ev.target instanceof HTMLButtonElement)) {
        // (On a focused button, Space is that button's own click.)
        ev.preventDefault();
        deck.stop();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, deck]);

  if (!u) return null;
  const seek = (ev: React.MouseEvent<HTMLDivElement>, key: string) => {
    const box = ev.currentTarget.getBoundingClientRect();
    deck.select(key, ((ev.clientX - box.left) / box.width) * deck.duration);
  };
  return (
    <section className="card lab-sbs" aria-label="Side by side" data-testid="lab-sbs">
      <div className="lab-sbs__head">
        <h3 className="section-title">Side by side</h3>
        <select className="select" value={u.id} onChange={(ev) => { deck.stop(); setUttId(Number(ev.target.value)); }} aria-label="Utterance" data-testid="lab-sbs-utterance">
          {withRef.map((x) => <option key={x.id} value={x.id}>{x.key}</option>)}
        </select>
        <button type="button" className="btn btn--small" onClick={() => (deck.playing ? deck.stop() : deck.select(deck.active ?? rows[0]?.key ?? '', 0))} disabled={!deck.buffers} data-testid="lab-sbs-play">
          {deck.playing ? 'Stop' : 'Play'}
        </button>
        <span className="muted">Keys 1–{Math.min(9, rows.length)} switch while playing (same position, loudness-matched); click a row to play it from there; Space stops.</span>
      </div>
      {u.text ? <p className="lab-sbs__text">“{u.text}”</p> : null}
      {deck.error ? <p className="notice notice--error" role="alert">{deck.error}</p> : null}
      <div className="lab-sbs__rows" ref={heads} data-playing={deck.playing ? 'true' : 'false'}>
        {rows.map((r, i) => (
          <div key={r.key} className={`lab-sbs__row${deck.active === r.key && deck.playing ? ' lab-sbs__row--active' : ''}`} data-testid="lab-sbs-row" data-active={deck.active === r.key ? 'true' : 'false'}>
            <button type="button" className="lab-sbs__label" onClick={() => deck.select(r.key)} aria-pressed={deck.active === r.key} data-testid="lab-sbs-select">
              <kbd>{i + 1}</kbd> {r.label}
              <span className="muted">
                {r.loudness === null ? 'silent' : `${r.loudness.toFixed(1)} LUFS → ${(20 * Math.log10(r.gain)).toFixed(1)} dB`}
                {r.mcd !== null ? ` · MCD ${r.mcd.toFixed(2)} dB` : ''}
              </span>
            </button>
            <div className="lab-sbs__plot" onClick={(ev) => seek(ev, r.key)} role="presentation">
              <canvas ref={(el) => { canvases.current[i] = el; }} className="lab-sbs__canvas" />
              <div className="lab-sbs__playhead" />
            </div>
          </div>
        ))}
      </div>
      {!deck.buffers && !deck.error ? <p className="muted">Decoding {rows.length} stimuli…</p> : null}
    </section>
  );
}
