// Phone coverage of a dataset: covered/total phones and diphones, and every phone's count with the missing ones called out.
import type { BuildReport } from '../../../../electron/shared/domains/datasets';
import { BarChart } from '../../components/charts/BarChart';
import { formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';

type Coverage = NonNullable<BuildReport['coverage']>;
/** Fewer occurrences than this and a phone is too rare for the model to learn it well. */
const RARE = 5;

function Meter({ label, covered, total, testId }: { label: string; covered: number; total: number; testId: string }) {
  const percent = total > 0 ? Math.round((covered / total) * 100) : 0;
  return (
    <div className="coverage-meter" data-testid={testId}>
      <div className="coverage-meter__row">
        <span className="coverage-meter__label">{label}</span>
        <span className="coverage-meter__value">
          <strong>{formatNumber(covered)}</strong> of {formatNumber(total)} · {percent} %
        </span>
      </div>
      <ProgressBar current={covered} total={total} label={`${label} covered`} />
    </div>
  );
}

export function CoverageCard({ coverage }: { coverage: Coverage | null }) {
  if (!coverage) {
    return (
      <section className="card report-card" aria-labelledby="coverage-title" data-testid="report-coverage" data-state="none">
        <h2 id="coverage-title" className="card__title">
          Phone coverage
        </h2>
        <p className="muted">This report has no phone coverage. Reports written before coverage was measured lack it: build the dataset again to see which sounds of the language it covers.</p>
      </section>
    );
  }
  const missing = coverage.phoneCounts.filter((p) => p.count === 0);
  const rare = coverage.phoneCounts.filter((p) => p.count > 0 && p.count < RARE);
  return (
    <section className="card report-card" aria-labelledby="coverage-title" data-testid="report-coverage" data-state="measured">
      <div className="report-card__head">
        <h2 id="coverage-title" className="card__title">
          Phone coverage
        </h2>
        <span className="muted">sounds of the language in the normalized texts</span>
      </div>
      <div className="coverage-meters">
        <Meter label="Phones" covered={coverage.phones.covered} total={coverage.phones.total} testId="coverage-phones" />
        <Meter label="Diphones" covered={coverage.diphones.covered} total={coverage.diphones.total} testId="coverage-diphones" />
      </div>
      <BarChart items={coverage.phoneCounts.map((p) => ({ label: p.phone, value: p.count }))} noun="phones" measure="occurrences" rareBelow={RARE} testId="phone-chart" />
      {missing.length > 0 || rare.length > 0 ? (
        <div className="coverage-gaps" data-testid="coverage-gaps">
          {missing.length > 0 ? (
            <p>
              <span className="coverage-gaps__label">Missing</span>
              {missing.map((p) => (
                <span key={p.phone} className="phone-chip phone-chip--missing">
                  {p.phone}
                </span>
              ))}
            </p>
          ) : null}
          {rare.length > 0 ? (
            <p>
              <span className="coverage-gaps__label">Rare</span>
              {rare.map((p) => (
                <span key={p.phone} className="phone-chip phone-chip--rare" title={`${p.count} occurrences`}>
                  {p.phone}
                </span>
              ))}
            </p>
          ) : null}
          <p className="muted">Record prompts that contain these sounds, then build again: a voice cannot say what it never heard.</p>
        </div>
      ) : (
        <p className="coverage-gaps__ok">Every phone of the language occurs at least {RARE} times.</p>
      )}
    </section>
  );
}
