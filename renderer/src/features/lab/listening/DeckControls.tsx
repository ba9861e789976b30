// The play buttons of a listening screen (one per stimulus, plus Stop) and the loop position; digits switch, space stops.
import { useEffect, useRef } from 'react';
import type { SyncedDeck } from './use-synced-deck';

export function DeckProgress({ deck }: { deck: SyncedDeck }) {
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let frame = 0;
    const tick = () => {
      if (bar.current) bar.current.style.width = `${(deck.position() * 100).toFixed(2)}%`;
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [deck]);
  return <div className="listening__progress" aria-hidden="true"><div ref={bar} className="listening__progress-bar" /></div>;
}

export function PlayButton({ deck, k, label }: { deck: SyncedDeck; k: string; label: string }) {
  const on = deck.active === k;
  return (
    <button type="button" className={`btn btn--small listening__play${on ? ' listening__play--on' : ''}`} aria-pressed={on} disabled={!deck.ready}
      onClick={() => deck.select(k)} data-key={k} data-shortcut={label === 'Reference' ? 'r' : label.toLowerCase()} {...(k === 'X' ? {} : { 'data-stimulus': k })}>
      ▶ {label}
    </button>
  );
}

export function DeckControls({ deck, buttons }: { deck: SyncedDeck; buttons: { key: string; label: string }[] }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (e.key === ' ') { e.preventDefault(); deck.stop(); return; }
      // The shortcut is what the label says: 1–9, A/B/X, R for the reference.
      const key = e.key.toLowerCase();
      [...document.querySelectorAll<HTMLButtonElement>('.listening__play')].find((b) => b.dataset.shortcut === key)?.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [deck]);
  return (
    <div className="listening__deck">
      {buttons.map((b) => <PlayButton key={b.key} deck={deck} k={b.key} label={b.label} />)}
      <button type="button" className="btn btn--small" onClick={deck.stop}>■ Stop</button>
      {deck.error ? <p className="notice notice--error" role="alert">{deck.error}</p> : !deck.ready ? <span className="muted">Loading audio…</span> : null}
    </div>
  );
}
