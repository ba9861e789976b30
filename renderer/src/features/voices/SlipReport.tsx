// The slip report of one spoken text: each sentence with its own slips (no stop, babble, cut short) and its flagged words, each playable from where it starts.
import type { SpeakResult } from '../../../../electron/shared/domains/synthesis';

const kindLabel: Record<string, string> = {
  no_stop: 'no stop',
  cut_short: 'cut short',
  babble: 'babble',
  skipped: 'skipped',
  repeated: 'repeated',
  mumbled: 'mumbled',
  stretched: 'stretched',
};
const label = (kind: string): string => kindLabel[kind] ?? kind.replace(/_/g, ' ');
const secs = (s: number): string => `${s.toFixed(2)} s`;

export function SlipReport({ result, playFrom }: { result: SpeakResult; playFrom(seconds: number): void }) {
  const flagged = result.sentences.filter((s) => s.flagged || s.slips.length > 0 || s.words.some((w) => w.slips.length > 0));
  return (
    <section className="slip-report" aria-label="Slip report" data-testid="slip-report" data-flagged={flagged.length}>
      <h3 className="section-title">Slip report</h3>
      {flagged.length === 0 ? (
        <p className="muted" data-testid="slip-none">
          No slips: every sentence stopped by itself and every word was read once, in focus.
        </p>
      ) : (
        <p className="muted">
          {flagged.length} of {result.sentences.length} sentence{result.sentences.length === 1 ? '' : 's'} flagged. Play from a flag to hear it.
        </p>
      )}
      <ol className="slip-report__sentences">
        {result.sentences.map((s) => {
          const words = s.words.filter((w) => w.slips.length > 0);
          const bad = s.flagged || s.slips.length > 0 || words.length > 0;
          return (
            <li key={s.index} className={`slip-sentence${bad ? ' slip-sentence--flagged' : ''}`} data-testid="slip-sentence" data-flagged={bad}>
              <div className="slip-sentence__head">
                <button type="button" className="btn btn--small btn--ghost" onClick={() => playFrom(s.start)} aria-label={`Play sentence ${s.index + 1} from ${secs(s.start)}`}>
                  ▶ {secs(s.start)}
                </button>
                <span className="slip-sentence__text">{s.text}</span>
                <span className="muted slip-sentence__meta">
                  {s.steps} steps{s.gateStopped ? '' : ' · ran to the cap'}
                </span>
              </div>
              {s.slips.length > 0 ? (
                <ul className="slip-list">
                  {s.slips.map((slip, i) => (
                    <li key={i} className="slip" data-testid="slip" data-kind={slip.kind}>
                      <span className="badge badge--warning">{label(slip.kind)}</span>
                      <span className="slip__reason">{slip.reason}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
              {words.length > 0 ? (
                <ul className="slip-list slip-list--words">
                  {words.map((w, wi) => (
                    <li key={wi} className="slip slip--word" data-testid="slip-word" data-kind={w.slips.map((x) => x.kind).join(' ')}>
                      <button
                        type="button"
                        className="btn btn--small"
                        disabled={w.span === null}
                        onClick={() => w.span && playFrom(w.span.start)}
                        title={w.span ? `Play from ${secs(w.span.start)}` : 'The attention never reached this word: there is nothing to play'}
                        data-testid="play-word"
                      >
                        ▶ {w.span ? secs(w.span.start) : '—'}
                      </button>
                      <span className="slip__word">“{w.text}”</span>
                      <span className="slip__reasons">
                        {w.slips.map((slip, i) => (
                          <span key={i} className="slip__reason">
                            <span className="badge badge--warning">{label(slip.kind)}</span> {slip.reason}
                          </span>
                        ))}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
      {result.skipped.length > 0 ? (
        <div className="slip-report__extra" data-testid="slip-skipped">
          <h4 className="field__label">Left out</h4>
          <ul>
            {result.skipped.map((k, i) => (
              <li key={i}>
                “{k.text}”: {k.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result.dropped.length > 0 ? (
        <p className="muted" data-testid="slip-dropped">
          Characters the voice cannot say (left out): {result.dropped.map((c) => `“${c}”`).join(' ')}
        </p>
      ) : null}
    </section>
  );
}
