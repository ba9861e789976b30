// The pronunciation lexicon of a book and of the workspace: list, add, remove, import and export W3C PLS files.
import { useState } from 'react';
import type { LexiconEntry, StaleReport } from '../../../../electron/shared/domains/books';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { asBookLanguage, LexiconEntryForm } from './LexiconEntryForm';

interface Props {
  bookId: number;
  language: string;
  /** Bumped by the parent when an entry was added elsewhere (the chapter editor). */
  version: number;
  onChanged(stale: StaleReport): void;
}

export function LexiconPanel({ bookId, language, version, onChanged }: Props) {
  const { client } = useStudio();
  const book = useCall('books:lexiconList', { bookId }, [version]);
  const workspace = useCall('books:lexiconList', { bookId: null }, [version]);
  const [adding, setAdding] = useState(false);
  const [scope, setScope] = useState<'book' | 'workspace'>('book');
  const [path, setPath] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => {
    void book.refresh();
    void workspace.refresh();
  };
  const remove = useAction(async (e: LexiconEntry) => {
    const stale = await client.call('books:lexiconRemove', { bookId: e.bookId, word: e.word });
    refresh();
    onChanged(stale);
  });
  const importPls = useAction(async () => {
    const r = await client.call('books:lexiconImport', { bookId: scope === 'book' ? bookId : null, path: path.trim() });
    setDone(`Imported ${r.added} new and ${r.replaced} replaced entr${r.added + r.replaced === 1 ? 'y' : 'ies'}.${r.warnings.length ? ` ${r.warnings.join(' ')}` : ''}`);
    refresh();
    onChanged(r.stale);
  });
  const exportPls = useAction(async () => {
    const r = await client.call('books:lexiconExport', { bookId: scope === 'book' ? bookId : null, path: path.trim(), language: asBookLanguage(language) });
    setDone(`Wrote ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'} to ${r.path}.`);
  });
  const entries = [...(book.data ?? []), ...(workspace.data ?? [])];
  const error = book.error ?? workspace.error ?? remove.error ?? importPls.error ?? exportPls.error;

  return (
    <section className="card lexicon-panel" aria-label="Pronunciation lexicon" data-testid="lexicon-panel">
      <div className="render-queue__head">
        <h2 className="card__title">Pronunciations</h2>
        <button type="button" className="btn btn--small" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
          {adding ? 'Close' : 'Add a word'}
        </button>
      </div>
      {adding ? (
        <LexiconEntryForm bookId={bookId} language={language} onCancel={() => setAdding(false)}
          onSaved={(stale) => { setAdding(false); refresh(); onChanged(stale); }} />
      ) : null}
      {entries.length === 0 && book.data && workspace.data ? (
        <p className="muted small" data-testid="lexicon-empty">No pronunciations yet. Select a word in the chapter editor and choose “Pronunciation…”, or add one here.</p>
      ) : (
        <ul className="lexicon-list">
          {entries.map((e) => (
            <li key={e.id} data-testid="lexicon-entry" data-word={e.word}>
              <span className="lexicon-list__word">{e.word}</span>
              <code className="lexicon-list__say">{e.ipa ? `/${e.ipa}/` : `“${e.respelling ?? ''}”`}</code>
              <span className="badge">{e.bookId === null ? 'workspace' : 'book'}</span>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => void remove.run(e)} disabled={remove.pending} aria-label={`Remove ${e.word}`}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      <details className="lexicon-pls">
        <summary>Import or export a PLS file</summary>
        <div className="lexicon-form__row">
          <label className="field lexicon-pls__path">
            <span className="field__label">PLS file</span>
            <input className="input" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/lexicon.pls" aria-label="PLS file" />
          </label>
          <select className="input select" value={scope} onChange={(e) => setScope(e.target.value === 'workspace' ? 'workspace' : 'book')} aria-label="Lexicon to import into or export">
            <option value="book">This book</option>
            <option value="workspace">Workspace</option>
          </select>
          <button type="button" className="btn btn--small" disabled={!path.trim() || importPls.pending} onClick={() => void importPls.run()}>Import</button>
          <button type="button" className="btn btn--small" disabled={!path.trim() || exportPls.pending} onClick={() => void exportPls.run()}>Export</button>
        </div>
        {done ? <p className="small" role="status">{done}</p> : null}
      </details>
      {error ? <ErrorNotice error={error} onRetry={refresh} /> : null}
    </section>
  );
}
