// Training: Tacotron2 and vocoder runs driven by the bundled Python trainer.
import { formatDate, formatNumber } from '../../components/format';
import { ListArea } from '../../components/ListArea';

export function TrainingArea() {
  return (
    <ListArea
      area="training"
      title="Training"
      icon="training"
      call="training:listRuns"
      itemsLabel="training runs"
      emptyTitle="No training runs yet"
      purpose="Train Tacotron2 and a vocoder on one of your datasets, follow losses and alignments as they form, and resume any run from its newest checkpoint."
      columns={[
        { header: 'Run', cell: (r) => r.name },
        { header: 'Model', cell: (r) => r.model },
        { header: 'State', cell: (r) => <span className="badge">{r.state}</span> },
        { header: 'Step', cell: (r) => formatNumber(r.step), numeric: true },
        { header: 'Started', cell: (r) => formatDate(r.createdAt) },
      ]}
    />
  );
}
