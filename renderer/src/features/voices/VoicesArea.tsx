// Voices: exported ONNX voice packages in this workspace.
import { formatDate } from '../../components/format';
import { ListArea } from '../../components/ListArea';

export function VoicesArea() {
  return (
    <ListArea
      area="voices"
      title="Voices"
      icon="voices"
      call="voices:list"
      itemsLabel="voices"
      emptyTitle="No voices yet"
      purpose="Export a trained model as an ONNX voice package, import voices made elsewhere, and listen to them side by side."
      columns={[
        { header: 'Voice', cell: (v) => v.name },
        { header: 'Language', cell: (v) => v.language },
        { header: 'Folder', cell: (v) => <code>{v.path}</code> },
        { header: 'Added', cell: (v) => formatDate(v.createdAt) },
      ]}
    />
  );
}
