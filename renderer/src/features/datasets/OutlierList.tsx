// The takes the builder rejected or flagged: reason, detail, kept or rejected, and a play button each (one shared <audio>).
import { useEffect, useRef, useState } from 'react';
import type { BuildReport } from '../../../../electron/shared/domains/datasets';
import { useStudio } from '../../api/use-studio';
import { formatNumber } from '../../components/format';
import { reasonLabel } from './outlier-labels';

type Outlier = BuildReport['outliers'][number];
type Filter = 'all' | 'rejected' | 'kept';

function PlayIcon({ playing }: { playing: boolean }) {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {playing ? <path d="M4 3h3v10H4zM9 3h3v10H9z" fill="currentColor" /> : <path d="M4.5 2.8v10.4a.6.6 0 0 0 .9.5l8.2-5.2a.6.6 0 0 0 0-1L5.4 2.3a.6.6 0 0 0-.9.5Z" fill="currentColor" />}
    </svg>
  );
}

export function OutlierList({ outliers }: { outliers: readonly Outlier[] }) {
  const { mediaUrl } = useStudio();
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState<string | null>(null);
  const loaded = useRef<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const rejected = outliers.filter((o) => o.rejected).length;
  const counts: Record<Filter, number> = { all: outliers.length, rejected, kept: outliers.length - rejected };
  const shown = outliers.filter((o) => filter === 'all' || (filter === 'rejected') === o.rejected);

  useEffect(() => () => audio.current?.pause(), []);

  const toggle = (o: Outlier) => {
    const el = audio.current;
    if (!el || !o.audio) return;
    const key = `${o.id}:${o.reason}`;
    if (playing === key) {
      el.pause();
      setPlaying(null);
      return;
    }
    if (loaded.current !== key) {
      loaded.current = key;
      el.src = mediaUrl(o.audio);
    }
    // Switching clips aborts the previous play(); only the newest one's failure matters.
    el.play().catch(() => {
      if (loaded.current === key && el.paused) setPlaying(null);
    });
  };

  return (
    <section className="card report-card" aria-labelledby="outliers-title" data-testid="report-outliers">
      <div className="report-card__head">
        <h2 id="outliers-title" className="card__title">
          Outliers <span className="muted">{formatNumber(outliers.length)}</span>
        </h2>
        {outliers.length > 0 ? (
          <div className="segmented segmented--small" role="radiogroup" aria-label="Show outliers">
            {(['all', 'rejected', 'kept'] as const).map((f) => (
              <label key={f} className="segmented__option">
                <input type="radio" name="outlier-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
                <span>
                  {f === 'all' ? 'All' : f === 'rejected' ? 'Rejected' : 'Kept'} {counts[f]}
                </span>
              </label>
            ))}
          </div>
        ) : null}
      </div>
      {outliers.length === 0 ? (
        <p className="outliers__none" data-testid="outliers-none">
          No outliers: every take passed the checks, and none strays from the speaker’s usual pace.
        </p>
      ) : (
        <ul className="outliers" aria-label="Outliers">
          {shown.map((o) => {
            const key = `${o.id}:${o.reason}`;
            const isPlaying = playing === key;
            return (
              <li key={key} className="outlier" data-testid="outlier" data-id={o.id} data-rejected={o.rejected}>
                <button
                  type="button"
                  className={`play-button${isPlaying ? ' play-button--playing' : ''}`}
                  onClick={() => toggle(o)}
                  disabled={!o.audio}
                  aria-label={`${isPlaying ? 'Pause' : 'Play'} ${o.id}`}
                  aria-pressed={isPlaying}
                  title={o.audio ? undefined : 'No audio kept for this take'}
                >
                  <PlayIcon playing={isPlaying} />
                </button>
                <div className="outlier__main">
                  <div className="outlier__row">
                    <code className="outlier__id">{o.id}</code>
                    <span className="outlier__reason">{reasonLabel(o.reason)}</span>
                  </div>
                  <p className="outlier__detail">{o.detail}</p>
                </div>
                <span className={`badge ${o.rejected ? 'badge--failed' : 'badge--warning'}`} data-testid="outlier-status">
                  {o.rejected ? 'Rejected' : 'Kept'}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <audio
        ref={audio}
        onPlay={() => setPlaying(loaded.current)}
        onPause={() => setPlaying(null)}
        onEnded={() => setPlaying(null)}
        preload="none"
        data-testid="outlier-audio"
      />
    </section>
  );
}
