// Review every take of a speaker: filter chips with counts, search, a virtual list that stays instant at 50,000 takes, and the inspector.
import { useCallback, useEffect, useRef, useState } from 'react';
import { reviewFilters, type ReviewFilter, type ReviewTake, type Take } from '../../../../../electron/shared/domains/corpus';
import { useStudio } from '../../../api/use-studio';
import { isTyping } from '../../../components/dom';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatNumber } from '../../../components/format';
import { formatSeconds, stateLabel, verdictBadge, verdictLabel } from '../take-labels';
import { TakeInspector, type InspectorCommand } from './TakeInspector';
import { useReviewList } from './use-review-list';

const ROW = 52;
const filterLabel: Record<ReviewFilter, string> = {
  all: 'All',
  unreviewed: 'To review',
  flagged: 'Flagged',
  failing: 'Failing checks',
  outliers: 'Outliers',
  accepted: 'Accepted',
  rejected: 'Rejected',
  chosen: 'Chosen',
};
const order: readonly ReviewFilter[] = ['all', 'unreviewed', 'flagged', 'failing', 'outliers', 'accepted', 'rejected', 'chosen'];

export function ReviewPanel({ speakerId }: { speakerId: number }) {
  const { client } = useStudio();
  const [filter, setFilter] = useState<ReviewFilter>('all');
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const list = useReviewList(speakerId, filter, search);
  const [selected, setSelected] = useState(0);
  const [override, setOverride] = useState<ReviewTake | null>(null);
  const [siblings, setSiblings] = useState<Take[]>([]);
  const [scrollTop, setScrollTop] = useState(0);
  const viewport = useRef<HTMLDivElement>(null);
  const commands = useRef<((c: InspectorCommand) => void) | null>(null);
  const total = list.total ?? 0;
  const current = override ?? list.at(selected);

  // Typing settles for 200 ms before the list is asked again.
  useEffect(() => {
    const t = setTimeout(() => setSearch(query.trim()), 200);
    return () => clearTimeout(t);
  }, [query]);
  useEffect(() => {
    setSelected(0);
    setOverride(null);
    viewport.current?.scrollTo({ top: 0 });
  }, [filter, search]);

  const promptId = current?.promptId ?? null;
  const loadSiblings = useCallback(async () => {
    if (promptId === null) return setSiblings([]);
    setSiblings(await client.call('corpus:listTakes', { speakerId, promptId }));
  }, [client, speakerId, promptId]);
  useEffect(() => {
    void loadSiblings().catch(() => setSiblings([]));
  }, [loadSiblings]);

  const select = (index: number) => {
    const i = Math.max(0, Math.min(total - 1, index));
    setOverride(null);
    setSelected(i);
    const el = viewport.current;
    if (!el) return;
    if (i * ROW < el.scrollTop) el.scrollTop = i * ROW;
    else if ((i + 1) * ROW > el.scrollTop + el.clientHeight) el.scrollTop = (i + 1) * ROW - el.clientHeight;
  };

  const changed = (take: Take) => {
    list.put(take);
    if (current && override) setOverride({ ...current, ...(take.id === current.id ? take : {}) });
    void loadSiblings().catch(() => undefined);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const move = k === 'ArrowDown' || k === 'j' ? 1 : k === 'ArrowUp' || k === 'k' ? -1 : 0;
      if (move !== 0) {
        e.preventDefault();
        select(selected + move);
        return;
      }
      const command: InspectorCommand | undefined = ({ ' ': 'play', t: 'playTrim', a: 'accept', x: 'reject', c: 'choose', s: 'saveTrim' } as const)[k as ' '];
      if (!command) return;
      e.preventDefault();
      commands.current?.(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const height = viewport.current?.clientHeight ?? 560;
  const first = Math.max(0, Math.floor(scrollTop / ROW) - 5);
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW) + 5);
  const rows: number[] = [];
  for (let i = first; i < last; i++) rows.push(i);

  return (
    <div className="review" data-testid="review">
      <div className="review__side card">
        <div className="review__filters" role="group" aria-label="Show takes">
          {order.filter((f) => reviewFilters.includes(f)).map((f) => (
            <button
              key={f}
              type="button"
              className={`chip${f === filter ? ' chip--active' : ''}`}
              aria-pressed={f === filter}
              onClick={() => setFilter(f)}
              data-testid={`review-filter-${f}`}
            >
              {filterLabel[f]} <span className="chip__count">{list.counts[f] === undefined ? '' : formatNumber(list.counts[f])}</span>
            </button>
          ))}
        </div>
        <input
          className="input review__search"
          type="search"
          placeholder="Search prompt id or text"
          aria-label="Search takes by prompt id or text"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="review-search"
        />
        <p className="muted review__total" data-testid="review-total" data-total={list.total ?? ''}>
          {list.total === undefined ? 'Loading…' : `${formatNumber(list.total)} take${list.total === 1 ? '' : 's'}`}
        </p>
        {list.error ? <ErrorNotice error={list.error} onRetry={list.reload} /> : null}
        <div ref={viewport} className="review__viewport" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} role="listbox" aria-label="Takes" tabIndex={0}>
          <div style={{ height: total * ROW, position: 'relative' }}>
            {rows.map((i) => {
              const t = list.at(i);
              return (
                <div
                  key={i}
                  role="option"
                  aria-selected={i === selected && !override}
                  className={`review-row${i === selected && !override ? ' review-row--selected' : ''}`}
                  style={{ top: i * ROW, height: ROW }}
                  onClick={() => select(i)}
                  data-testid="review-row"
                  data-take={t?.id}
                >
                  {t ? (
                    <>
                      <span className="review-row__key">
                        {t.chosen ? <span aria-label="chosen">★ </span> : null}
                        {t.promptKey}
                      </span>
                      <span className="review-row__text">{t.promptText}</span>
                      <span className="review-row__meta">
                        {t.verdict ? <span className={`badge ${verdictBadge[t.verdict]}`}>{verdictLabel[t.verdict]}</span> : null}
                        <span className={`take-state take-state--${t.state}`}>{stateLabel[t.state]}</span>
                        {t.flags.length > 0 ? <span aria-label="flagged">⚑</span> : null}
                        <span className="muted">{formatSeconds(t.seconds)}</span>
                      </span>
                    </>
                  ) : (
                    <span className="muted">…</span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
        <p className="muted review__keys">
          <kbd>↑</kbd>
          <kbd>↓</kbd> move · <kbd>Space</kbd> play · <kbd>T</kbd> play trimmed · <kbd>A</kbd>/<kbd>X</kbd> accept/reject · <kbd>C</kbd> choose · <kbd>S</kbd> save trim
        </p>
      </div>
      <div className="review__main">
        {current ? (
          <TakeInspector
            take={current}
            siblings={siblings}
            onChanged={changed}
            commands={commands}
            onSelectSibling={(s) => setOverride({ ...current, ...s })}
          />
        ) : list.total === 0 ? (
          <div className="card review__empty" data-testid="review-empty">
            <p>{filter === 'all' && !search ? 'No takes yet: record some, or import recordings you already have.' : 'No take matches this filter.'}</p>
          </div>
        ) : null}
      </div>
    </div>
  );
}
