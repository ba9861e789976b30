// The workspace's datasets: name (opens the report), folder, rate, utterances and age; the newest import or build is marked.
import type { CallOutput } from '../../../../electron/shared/contract';
import { DataTable } from '../../components/DataTable';
import { formatNumber, formatRelative } from '../../components/format';
import { reportHref } from './use-dataset-route';

type Dataset = CallOutput<'datasets:list'>[number];

export function DatasetList({ datasets, fresh }: { datasets: readonly Dataset[]; fresh: number | null }) {
  return (
    <div className="card card--flush dataset-list">
      <div className="dataset-list__head">
        <h2 className="card__title">In this workspace</h2>
        <span className="muted">{formatNumber(datasets.length)}</span>
      </div>
      <DataTable
        rows={datasets}
        caption="Datasets in this workspace"
        testId="datasets-table"
        columns={[
          {
            header: 'Name',
            cell: (d) => (
              <span className="dataset-list__name">
                <a href={reportHref(d.id)} data-testid="dataset-link">
                  {d.name}
                </a>
                {d.id === fresh ? <span className="badge badge--succeeded">new</span> : null}
              </span>
            ),
          },
          { header: 'Folder', cell: (d) => <code className="dataset-list__path">{d.path}</code> },
          { header: 'Sample rate', cell: (d) => `${formatNumber(d.sampleRate)} Hz`, numeric: true },
          { header: 'Utterances', cell: (d) => formatNumber(d.utterances), numeric: true },
          { header: 'Created', cell: (d) => <span title={d.createdAt}>{formatRelative(d.createdAt)}</span> },
          {
            header: 'Report',
            cell: (d) => (
              <a className="btn btn--small" href={reportHref(d.id)} aria-label={`Open the report of ${d.name}`}>
                Report →
              </a>
            ),
          },
        ]}
      />
    </div>
  );
}
