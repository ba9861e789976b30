// Datasets: LJSpeech-layout datasets built from recorded takes.
import { formatDate, formatNumber } from '../../components/format';
import { ListArea } from '../../components/ListArea';

export function DatasetsArea() {
  return (
    <ListArea
      area="datasets"
      title="Datasets"
      icon="datasets"
      call="datasets:list"
      itemsLabel="datasets"
      emptyTitle="No datasets yet"
      purpose="Turn recorded takes into training datasets in the LJSpeech layout (wavs/, metadata.csv, dataset.json) that NVIDIA Tacotron2, Coqui and Piper can read."
      columns={[
        { header: 'Name', cell: (d) => d.name },
        { header: 'Folder', cell: (d) => <code>{d.path}</code> },
        { header: 'Sample rate', cell: (d) => `${formatNumber(d.sampleRate)} Hz`, numeric: true },
        { header: 'Utterances', cell: (d) => formatNumber(d.utterances), numeric: true },
        { header: 'Created', cell: (d) => formatDate(d.createdAt) },
      ]}
    />
  );
}
