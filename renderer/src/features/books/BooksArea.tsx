// Books: import a book, render its chapters sentence by sentence, fix slips in the chapter editor, and export what an audiobook store accepts (#/books/<id>[/chapters/<id>]).
import { useCall } from '../../api/use-call';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatNumber } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { BookView } from './BookView';
import { ImportBook } from './ImportBook';
import { booksHref, useBooksRoute } from './use-books-route';
import '../../styles/books.css';
import '../../styles/books-editor.css';

export function BooksArea() {
  const [route, go] = useBooksRoute();
  const books = useCall('books:list', {});
  const list = books.data ?? [];

  if (route.bookId !== null) {
    return (
      <section className="area area--books" data-testid="area-books">
        <BookView key={route.bookId} bookId={route.bookId} chapterId={route.chapterId} go={go} />
      </section>
    );
  }

  return (
    <section className="area area--books" data-testid="area-books">
      <PageHeader title="Books" description="Import a book, synthesize its chapters in your voice, flag and fix slips sentence by sentence, and export files an audiobook store accepts (ACX)." />
      {books.error ? <ErrorNotice error={books.error} onRetry={() => void books.refresh()} /> : null}
      {books.data === undefined && !books.error ? <p className="muted" role="status">Loading books…</p> : null}
      {books.data && list.length === 0 ? (
        <EmptyState icon="books" title="No books yet" testId="books-empty">
          <p>Import an EPUB, a plain text or a Markdown file below. You see every section it holds before anything is stored.</p>
        </EmptyState>
      ) : null}
      {list.length > 0 ? (
        <div className="card card--flush">
          <div className="table-wrap">
            <table className="table" data-testid="books-table">
              <caption className="visually-hidden">Books in this workspace</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Author</th>
                  <th scope="col" className="num">Chapters</th>
                  <th scope="col">Added</th>
                </tr>
              </thead>
              <tbody>
                {list.map((b) => (
                  <tr key={b.id} data-testid="book-row">
                    <td><a href={booksHref(b.id)} data-testid="book-link">{b.title}</a></td>
                    <td>{b.author}</td>
                    <td className="num">{formatNumber(b.chapters)}</td>
                    <td>{formatDate(b.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      <ImportBook onImported={(id) => { void books.refresh(); go(id); }} />
    </section>
  );
}
