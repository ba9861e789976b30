// Datasets: the workspace's LJSpeech-layout datasets, building one from takes or importing a folder, and each dataset's report.
import { useEffect, useMemo, useState } from 'react';
import { useCall } from '../../api/use-call';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { BuildDatasetForm } from './BuildDatasetForm';
import { DatasetList } from './DatasetList';
import { DatasetReport } from './DatasetReport';
import { ImportFolderForm } from './ImportFolderForm';
import { useDatasetRoute } from './use-dataset-route';
import '../../styles/datasets.css';

export function DatasetsArea() {
  const datasets = useCall('datasets:list', {});
  const [open, go] = useDatasetRoute();
  const [fresh, setFresh] = useState<number | null>(null);
  const list = useMemo(() => datasets.data ?? [], [datasets.data]);
  const taken = useMemo(() => list.map((d) => d.name), [list]);
  const { refresh } = datasets;
  // A report opened for a dataset the list has not seen yet (just built, or a link): ask once more before saying it is missing.
  const [askedFor, setAskedFor] = useState<number | null>(null);
  const unknown = open !== null && datasets.data !== undefined && !list.some((d) => d.id === open);
  useEffect(() => {
    if (unknown && askedFor !== open) {
      setAskedFor(open);
      void refresh();
    }
  }, [unknown, askedFor, open, refresh]);

  if (open !== null) {
    return (
      <section className="area area--datasets" data-testid="area-datasets">
        <DatasetReport key={open} datasetId={open} dataset={list.find((d) => d.id === open)} loading={datasets.data === undefined || datasets.loading || (unknown && askedFor !== open)} onBack={() => go(null)} />
      </section>
    );
  }

  const added = (id: number) => {
    setFresh(id);
    void refresh();
  };
  const built = (id: number) => {
    void refresh();
    go(id);
  };

  return (
    <section className="area area--datasets" data-testid="area-datasets">
      <PageHeader title="Datasets" description="Training data in the LJSpeech layout (wavs/, metadata.csv, dataset.json) that NVIDIA Tacotron2, Coqui and Piper read." />
      {datasets.error ? <ErrorNotice error={datasets.error} onRetry={() => void datasets.refresh()} /> : null}
      {datasets.data === undefined && !datasets.error ? (
        <p className="muted" role="status">
          Loading datasets…
        </p>
      ) : null}
      {datasets.data !== undefined && list.length > 0 ? <DatasetList datasets={list} fresh={fresh} /> : null}
      {datasets.data !== undefined && list.length === 0 ? (
        <EmptyState icon="datasets" title="No datasets yet" testId="datasets-empty">
          <p>Build one from a speaker’s recorded takes, or import an LJSpeech folder you already have. Each dataset gets a report: hours, length and speaking-rate histograms, phone coverage and the outliers to listen to.</p>
        </EmptyState>
      ) : null}
      <div className="dataset-forms">
        <BuildDatasetForm taken={taken} onBuilt={built} />
        <ImportFolderForm taken={taken} onImported={added} />
      </div>
    </section>
  );
}
