// The takes of the current prompt, newest first: verdict, length and state; click one to review it.
import type { Take } from '../../../../electron/shared/domains/corpus';
import { formatSeconds, stateLabel, verdictBadge, verdictLabel } from './take-labels';

export function TakeList({ takes, selectedId, onSelect }: { takes: readonly Take[]; selectedId: number | null; onSelect(id: number): void }) {
  return (
    <div className="card side-card" data-testid="take-list">
      <h2 className="side-card__title">
        Takes of this prompt <span className="muted">{takes.length}</span>
      </h2>
      {takes.length === 0 ? <p className="muted side-card__empty">None yet.</p> : null}
      <ol className="take-list">
        {takes.map((t, i) => (
          <li key={t.id}>
            <button
              type="button"
              className={`take-list__item${t.id === selectedId ? ' take-list__item--selected' : ''}`}
              aria-current={t.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(t.id)}
              data-testid="take-row"
              data-take={t.id}
              data-state={t.state}
            >
              <span className="take-list__name">Take {takes.length - i}</span>
              <span className="muted take-list__length">{formatSeconds(t.seconds)}</span>
              {t.verdict ? <span className={`badge ${verdictBadge[t.verdict]}`}>{verdictLabel[t.verdict]}</span> : null}
              <span className={`take-state take-state--${t.state}`}>{stateLabel[t.state]}</span>
              {t.flags.length > 0 ? <span className="take-list__flag" title={t.flags.map((f) => f.flag).join(', ')} aria-label="flagged">⚑</span> : null}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
