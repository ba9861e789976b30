// Record: the speakers of this workspace's corpus; recording itself arrives in a later version.
import { formatDate, formatNumber } from '../../components/format';
import { ListArea } from '../../components/ListArea';

export function RecordArea() {
  return (
    <ListArea
      area="record"
      title="Record"
      icon="record"
      call="corpus:listSpeakers"
      itemsLabel="speakers"
      emptyTitle="No speakers recorded yet"
      purpose="Record a corpus prompt by prompt, with checks that catch clipped, noisy or rushed takes while you are still at the microphone, and watch your progress toward the hours you aim for."
      columns={[
        { header: 'Speaker', cell: (s) => s.name },
        { header: 'Language', cell: (s) => s.language },
        { header: 'Takes', cell: (s) => formatNumber(s.takes), numeric: true },
        { header: 'Created', cell: (s) => formatDate(s.createdAt) },
      ]}
    />
  );
}
