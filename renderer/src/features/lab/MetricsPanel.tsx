// An experiment's objective metrics: per-condition means with 95% CIs, bar charts of MCD and speed, and the speed convention in words.
import { type ExperimentDetail, type MetricName } from '../../../../electron/shared/domains/lab';
import { BarChart } from '../../components/charts/BarChart';

const INFO: Record<MetricName, { label: string; unit: string; digits: number; scale?: number }> = {
  mcd: { label: 'MCD', unit: 'dB', digits: 2 },
  lsd: { label: 'LSD', unit: 'dB', digits: 2 },
  f0RmseCents: { label: 'F0 RMSE', unit: '¢', digits: 1 },
  vuvError: { label: 'V/UV', unit: '%', digits: 1, scale: 100 },
  mrstft: { label: 'MR-STFT', unit: '', digits: 3 },
  spectralConvergence: { label: 'Spectral conv.', unit: '', digits: 3 },
  logMagnitude: { label: 'Log mag.', unit: '', digits: 3 },
};

/** The table's columns; spectral convergence and log magnitude (MR-STFT's parts) are in the report and the CSV. */
const SHOWN: readonly MetricName[] = ['mcd', 'lsd', 'f0RmseCents', 'vuvError', 'mrstft'];

export function MetricsPanel({ experiment: e }: { experiment: ExperimentDetail }) {
  const cell = (c: ExperimentDetail['conditions'][number], m: MetricName) => {
    const a = c.aggregate[m];
    if (!a) return '—';
    const k = INFO[m].scale ?? 1;
    return `${(a.mean * k).toFixed(INFO[m].digits)}${a.ci95 === null ? '' : ` ± ${(a.ci95 * k).toFixed(INFO[m].digits)}`}`;
  };
  return (
    <section className="card lab-metrics" aria-label="Objective metrics" data-testid="lab-metrics">
      <h3 className="section-title">Objective metrics · mean ± 95% CI over {e.utterances.length} utterances (lower is better)</h3>
      <div className="table-wrap">
        <table className="table table--compact" data-testid="lab-metrics-table">
          <thead>
            <tr>
              <th scope="col">Condition</th>
              {SHOWN.map((m) => <th key={m} scope="col" className="num">{INFO[m].label}{INFO[m].unit ? ` (${INFO[m].unit})` : ''}</th>)}
              <th scope="col" className="num">× real time</th>
              <th scope="col" className="num">RTF</th>
            </tr>
          </thead>
          <tbody>
            {e.conditions.map((c) => (
              <tr key={c.id} data-testid="lab-metrics-row">
                <th scope="row">{c.label}</th>
                {SHOWN.map((m) => <td key={m} className="num lab-metrics__cell">{cell(c, m)}</td>)}
                <td className="num">{c.speed ? c.speed.audioPerCompute.toFixed(1) : '—'}</td>
                <td className="num">{c.speed ? c.speed.rtf.toFixed(4) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted lab-metrics__note">
        MCD: mel-cepstra c1–c{e.mcep.order} (c0 excluded), α = {e.mcep.alpha} at {e.mcep.sampleRate} Hz, DTW-aligned. F0 RMSE: log-F0 RMSE in cents (¢) over frames
        voiced in both (YIN); V/UV: voicing decisions that differ. Speed: seconds of audio per second of compute for the vocoder call alone, warm, {e.threads} thread{e.threads === 1 ? '' : 's'},
        {' '}{e.environment?.provider ?? 'cpu'} provider{e.environment ? ` on ${e.environment.cpu}` : ''}; GPU: {e.environment?.gpu ?? 'not measured'}.
      </p>
      <div className="lab-metrics__charts">
        <div>
          <h4 className="section-title">MCD (dB)</h4>
          <BarChart items={e.conditions.map((c) => ({ label: c.label, value: c.aggregate.mcd ? Number(c.aggregate.mcd.mean.toFixed(2)) : 0 }))} noun="vocoders" measure="MCD (dB)" height={220} testId="lab-chart-mcd" />
        </div>
        <div>
          <h4 className="section-title">Speed (× real time)</h4>
          <BarChart items={e.conditions.map((c) => ({ label: c.label, value: c.speed ? Number(c.speed.audioPerCompute.toFixed(1)) : 0 }))} noun="vocoders" measure="seconds of audio per second" height={220} testId="lab-chart-speed" />
        </div>
      </div>
    </section>
  );
}
