// Every eval of a run: the alignment image with a scrubber across evals, its metrics, and the sample sentences of two steps side by side (A/B).
import { useEffect, useState } from 'react';
import type { RunEval } from '../../../../electron/shared/domains/training';
import { useStudio } from '../../api/use-studio';
import { formatNumber } from '../../components/format';

const fmt = (v: number | null, digits = 2): string => (v === null ? '—' : v.toFixed(digits));

export function EvalViewer({ evals }: { evals: readonly RunEval[] }) {
  const { mediaUrl } = useStudio();
  const [index, setIndex] = useState<number | null>(null);
  const [compare, setCompare] = useState<number | null>(null);
  const last = evals.length - 1;
  // Follows the newest eval until the user scrubs back.
  const shown = index === null ? last : Math.min(index, last);
  useEffect(() => {
    if (index !== null && index >= last) setIndex(null);
  }, [index, last]);
  if (evals.length === 0) {
    return (
      <div className="card eval-viewer" data-testid="eval-viewer">
        <h2 className="card__title">Alignment and samples</h2>
        <p className="muted">The first evaluation shows the attention alignment and sample sentences.</p>
      </div>
    );
  }
  const e = evals[shown]!;
  const b = compare === null ? null : (evals[compare] ?? null);
  return (
    <div className="card eval-viewer" data-testid="eval-viewer" data-evals={evals.length}>
      <div className="eval-viewer__head">
        <h2 className="card__title">Alignment and samples</h2>
        <span className="muted">
          step {formatNumber(e.step)}
          {e.best ? ' · best so far' : ''}
        </span>
      </div>
      <label className="eval-viewer__scrub">
        <span className="visually-hidden">Eval</span>
        <input type="range" min={0} max={last} value={shown} onChange={(ev) => setIndex(Number(ev.target.value))} aria-label="Scrub through evals" data-testid="eval-scrubber" />
      </label>
      <div className="eval-viewer__body">
        {e.alignmentImage ? (
          <img className="eval-viewer__image" src={mediaUrl(e.alignmentImage)} alt={`Attention alignment at step ${e.step}: decoder steps across, text down; a clean diagonal means the model reads the text in order`} data-testid="alignment-image" />
        ) : (
          <p className="muted">No alignment image at this step.</p>
        )}
        <dl className="eval-viewer__facts">
          <div>
            <dt>Focus rate</dt>
            <dd data-testid="focus-rate">{fmt(e.alignment.focusRate)}</dd>
          </div>
          <div>
            <dt>Diagonality</dt>
            <dd>{fmt(e.alignment.diagonality)}</dd>
          </div>
          <div>
            <dt>Coverage</dt>
            <dd>{fmt(e.alignment.coverage)}</dd>
          </div>
          {Object.entries(e.valLosses).map(([k, v]) => (
            <div key={k}>
              <dt>val {k}</dt>
              <dd>{fmt(v, 3)}</dd>
            </div>
          ))}
        </dl>
      </div>
      {e.samples.length > 0 ? (
        <div className="eval-viewer__samples">
          <label className="field__row">
            <span className="field__label">Compare with step</span>
            <select className="input select" value={compare ?? ''} onChange={(ev) => setCompare(ev.target.value === '' ? null : Number(ev.target.value))} data-testid="compare-step">
              <option value="">—</option>
              {evals.map((x, i) => (i === shown ? null : <option key={x.step} value={i}>{formatNumber(x.step)}</option>))}
            </select>
          </label>
          <ul className="sample-list">
            {e.samples.map((s) => {
              const other = b?.samples.find((x) => x.id === s.id);
              return (
                <li key={s.id} className="sample" data-testid="eval-sample">
                  <p className="sample__text">
                    {s.text} <span className="muted">({s.seconds.toFixed(1)} s{s.gateStopped === false ? ', did not stop by itself' : ''})</span>
                  </p>
                  <div className="sample__players">
                    <span className="sample__tag">A · {formatNumber(e.step)}</span>
                    <audio controls preload="none" src={mediaUrl(s.wav)} />
                    {other && b ? (
                      <>
                        <span className="sample__tag">B · {formatNumber(b.step)}</span>
                        <audio controls preload="none" src={mediaUrl(other.wav)} />
                      </>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
