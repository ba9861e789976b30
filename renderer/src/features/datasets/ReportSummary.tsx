// The headline numbers of a dataset: hours, utterances, rejected takes, median length and pace, sample rate.
import type { BuildReport } from '../../../../electron/shared/domains/datasets';
import type { CallOutput } from '../../../../electron/shared/contract';
import { median } from '../../components/charts/chart-scale';
import { formatDuration, formatNumber } from '../../components/format';

type Dataset = CallOutput<'datasets:list'>[number];

function hours(seconds: number): string {
  const h = seconds / 3600;
  return `${h >= 10 ? h.toFixed(1) : h.toFixed(2)} h`;
}

function Stat({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <div className="report-stat">
      <dt className="report-stat__label">{label}</dt>
      <dd className="report-stat__value" data-testid={testId}>
        {value}
      </dd>
      {note ? <dd className="report-stat__note">{note}</dd> : null}
    </div>
  );
}

export function ReportSummary({ report, dataset }: { report: BuildReport | null; dataset: Dataset | undefined }) {
  const midLength = report ? median(report.durations) : null;
  const midRate = report ? median(report.charsPerSecond) : null;
  const considered = report ? report.utterances + report.rejected : 0;
  return (
    <dl className="card report-stats" data-testid="report-summary">
      {report ? <Stat label="Audio" value={hours(report.seconds)} note={formatDuration(report.seconds)} testId="report-hours" /> : null}
      <Stat label="Utterances" value={formatNumber(report?.utterances ?? dataset?.utterances ?? 0)} note={report ? `of ${formatNumber(considered)} takes` : 'in metadata.csv'} testId="report-utterances" />
      {report ? (
        <Stat label="Rejected" value={formatNumber(report.rejected)} note={considered > 0 ? `${Math.round((report.rejected / considered) * 100)} % of takes` : undefined} testId="report-rejected" />
      ) : null}
      {midLength !== null ? <Stat label="Median length" value={`${midLength.toFixed(1)} s`} /> : null}
      {midRate !== null ? <Stat label="Median pace" value={`${midRate.toFixed(1)}`} note="characters/s" /> : null}
      {dataset ? <Stat label="Sample rate" value={`${(dataset.sampleRate / 1000).toLocaleString(undefined, { maximumFractionDigits: 2 })} kHz`} note="mono, 16-bit PCM" /> : null}
    </dl>
  );
}
