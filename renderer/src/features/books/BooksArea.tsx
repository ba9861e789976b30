// Books: audiobooks synthesized chapter by chapter.
import { formatDate, formatNumber } from '../../components/format';
import { ListArea } from '../../components/ListArea';

export function BooksArea() {
  return (
    <ListArea
      area="books"
      title="Books"
      icon="books"
      call="books:list"
      itemsLabel="books"
      emptyTitle="No books yet"
      purpose="Import a book, synthesize its chapters in your voice, flag and fix slips sentence by sentence, and export files an audiobook store accepts (ACX)."
      columns={[
        { header: 'Title', cell: (b) => b.title },
        { header: 'Author', cell: (b) => b.author },
        { header: 'Chapters', cell: (b) => formatNumber(b.chapters), numeric: true },
        { header: 'Added', cell: (b) => formatDate(b.createdAt) },
      ]}
    />
  );
}
