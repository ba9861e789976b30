// One dataset's report page: headline numbers, length and pace histograms, phone coverage, outliers to listen to, and export.
import type { CallOutput } from '../../../../electron/shared/contract';
import { useCall } from '../../api/use-call';
import { Histogram } from '../../components/charts/Histogram';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { CoverageCard } from './CoverageCard';
import { ExportPanel } from './ExportPanel';
import { OutlierList } from './OutlierList';
import { ReportSummary } from './ReportSummary';
import { listHref } from './use-dataset-route';
import '../../styles/datasets-report.css';

type Dataset = CallOutput<'datasets:list'>[number];

interface Props {
  datasetId: number;
  dataset: Dataset | undefined;
  loading: boolean;
  onBack(): void;
}

function BackLink({ onBack }: { onBack(): void }) {
  return (
    <a
      className="back-link"
      href={listHref}
      onClick={(e) => {
        e.preventDefault();
        onBack();
      }}
    >
      ← All datasets
    </a>
  );
}

export function DatasetReport({ datasetId, dataset, loading, onBack }: Props) {
  const report = useCall('datasets:report', { datasetId });

  if (!loading && !dataset) {
    return (
      <>
        <BackLink onBack={onBack} />
        <PageHeader title="Dataset not found" />
        <EmptyState icon="datasets" title={`There is no dataset ${datasetId} in this workspace`} testId="report-missing">
          <p>It may have been removed, or the link belongs to another workspace. Go back to the list to pick one.</p>
        </EmptyState>
      </>
    );
  }

  const r = report.data;
  return (
    <div className="report" data-testid="dataset-report" data-dataset={datasetId}>
      <BackLink onBack={onBack} />
      <PageHeader
        title={dataset?.name ?? 'Dataset'}
        description={
          dataset ? (
            <>
              <code>{dataset.path}</code> · {formatNumber(dataset.sampleRate)} Hz · created {formatDate(dataset.createdAt)}
            </>
          ) : undefined
        }
      />
      {report.error ? <ErrorNotice error={report.error} onRetry={() => void report.refresh()} /> : null}
      {r === undefined && !report.error ? (
        <p className="muted" role="status">
          Loading the report…
        </p>
      ) : null}
      {r !== undefined ? <ReportSummary report={r} dataset={dataset} /> : null}
      {r === null ? (
        <div className="card report-card report-card--note" data-testid="report-none">
          <h2 className="card__title">No build report</h2>
          <p>
            Reports are written when a dataset is built from recorded takes: the builder measures every take, rejects and flags outliers, and keeps what it found. This dataset was imported from a folder, so only what its <code>metadata.csv</code> and clips say is known:{' '}
            {formatNumber(dataset?.utterances ?? 0)} utterances at {formatNumber(dataset?.sampleRate ?? 0)} Hz.
          </p>
        </div>
      ) : null}
      {r ? (
        <>
          <div className="report-charts">
            <section className="card report-card" aria-labelledby="durations-title">
              <div className="report-card__head">
                <h2 id="durations-title" className="card__title">
                  Utterance length
                </h2>
                <span className="muted">after trimming</span>
              </div>
              <Histogram values={r.durations} noun="utterances" quantity="Duration" unit="s" testId="duration-histogram" />
            </section>
            <section className="card report-card" aria-labelledby="pace-title">
              <div className="report-card__head">
                <h2 id="pace-title" className="card__title">
                  Speaking rate
                </h2>
                <span className="muted">letters and digits per second</span>
              </div>
              <Histogram values={r.charsPerSecond} noun="utterances" quantity="Rate" unit="characters/s" testId="rate-histogram" />
            </section>
          </div>
          <CoverageCard coverage={r.coverage} />
          <OutlierList outliers={r.outliers} />
        </>
      ) : null}
      {dataset ? <ExportPanel datasetId={datasetId} name={dataset.name} /> : null}
    </div>
  );
}
