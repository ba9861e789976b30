// A test's results: listeners (and who post-screening excluded, and why), per-condition means with 95 % intervals and a plot, AB/ABX pair counts, CSV.
import type { ListeningResults, ListeningTest } from '../../../../../electron/shared/domains/listening';
import { useAction } from '../../../api/use-action';
import { useStudio } from '../../../api/use-studio';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { MeanCiChart } from './MeanCiChart';

const f1 = (v: number | null) => (v === null ? '–' : v.toFixed(1));
const pFmt = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

export function ListeningResultsView({ test, results }: { test: ListeningTest; results: ListeningResults }) {
  const { client } = useStudio();
  const csv = useAction(async () => {
    const out = await client.call('listening:exportCsv', { testId: test.id });
    const url = URL.createObjectURL(new Blob([out.csv], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `listening-test-${test.id}-results.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return out.path;
  });
  if (results.listeners.length === 0) return <p className="muted" data-testid="listening-no-results">No results yet: take the test here or import a results file.</p>;
  const kept = results.listeners.filter((l) => !l.excluded).length;
  return (
    <div className="listening__results" data-testid="listening-results">
      <p data-testid="listening-listener-count">{results.listeners.length} listener{results.listeners.length === 1 ? '' : 's'}: {results.listeners.map((l) => l.listenerId).join(', ')}{results.excluded.length ? ` (${kept} counted)` : ''}</p>
      {results.excluded.length > 0 ? (
        <div className="notice listening__excluded" data-testid="listening-excluded">
          <p className="notice__message">Excluded by post-screening (ITU-R BS.1534-3), not counted below:</p>
          <ul>{results.excluded.map((e) => <li key={e.listenerId}><strong>{e.listenerId}</strong> {e.reason}</li>)}</ul>
        </div>
      ) : null}
      {results.conditions.length > 0 ? (
        <>
          <MeanCiChart conditions={results.conditions} scale={test.type === 'mos' ? 'mos' : 'mushra'} />
          <table className="data-table" data-testid="listening-condition-table">
            <thead><tr><th>Condition</th><th className="numeric">Ratings</th><th className="numeric">Mean</th><th className="numeric">95 % CI</th><th className="numeric">SD</th></tr></thead>
            <tbody>
              {results.conditions.map((c) => (
                <tr key={c.condition} data-condition={c.condition}>
                  <td>{c.condition}</td><td className="numeric">{c.n}</td><td className="numeric">{f1(c.mean)}</td>
                  <td className="numeric">{c.ci95 ? `${f1(c.ci95[0])} – ${f1(c.ci95[1])}` : '–'}</td><td className="numeric">{f1(c.sd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {results.pairs.length > 0 ? (
        <table className="data-table" data-testid="listening-pair-table">
          <thead><tr><th>Pair</th><th className="numeric">Trials</th><th className="numeric">{test.type === 'ab' ? 'Preferred first' : 'Correct'}</th>
            <th className="numeric">{test.type === 'ab' ? 'Preferred second' : 'Wrong'}</th><th className="numeric">p ({test.type === 'ab' ? 'two-sided' : 'one-sided'} binomial)</th></tr></thead>
          <tbody>
            {results.pairs.map((p) => (
              <tr key={`${p.a}|${p.b}`}><td>{p.a} vs {p.b}</td><td className="numeric">{p.trials}</td><td className="numeric">{p.aCount}</td><td className="numeric">{p.bCount}</td><td className="numeric">{pFmt(p.pValue)}</td></tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <button type="button" className="btn btn--small" onClick={() => void csv.run()} disabled={csv.pending}>Download CSV</button>
      {csv.error ? <ErrorNotice error={csv.error} onDismiss={csv.clearError} /> : null}
    </div>
  );
}
