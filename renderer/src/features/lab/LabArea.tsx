// Lab: vocoder comparison experiments on the same mel spectrograms.
import { formatDate, formatNumber } from '../../components/format';
import { ListArea } from '../../components/ListArea';

export function LabArea() {
  return (
    <ListArea
      area="lab"
      title="Lab"
      icon="lab"
      call="lab:listExperiments"
      itemsLabel="experiments"
      emptyTitle="No experiments yet"
      purpose="Feed the same mel spectrograms to several vocoders, listen to the results blind, and measure how they differ."
      columns={[
        { header: 'Experiment', cell: (e) => e.name },
        { header: 'Utterances', cell: (e) => formatNumber(e.utterances), numeric: true },
        { header: 'Created', cell: (e) => formatDate(e.createdAt) },
      ]}
    />
  );
}
