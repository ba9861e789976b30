// Import a book: a file path (EPUB, text, Markdown), a preview listing every section with its kind, words and first words, then the import of the chosen ones.
import { useState, type FormEvent } from 'react';
import { bookLanguages, type ImportPreview } from '../../../../electron/shared/domains/books';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';

type Language = (typeof bookLanguages)[number];
const kindLabel: Record<string, string> = { chapter: 'Chapter', front: 'Front matter', back: 'Back matter', toc: 'Contents', images: 'Images only', empty: 'Empty' };

function asLanguage(tag: string): Language {
  const lower = tag.toLowerCase();
  if (lower.startsWith('de')) return 'de-DE';
  if (lower === 'en-gb') return 'en-GB';
  return 'en-US';
}

export function ImportBook({ onImported }: { onImported(bookId: number): void }) {
  const { client } = useStudio();
  const [path, setPath] = useState('');
  const [pattern, setPattern] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [included, setIncluded] = useState<Set<number>>(new Set());
  const [title, setTitle] = useState('');
  const [author, setAuthor] = useState('');
  const [language, setLanguage] = useState<Language>('en-US');

  const previewAction = useAction(async () => {
    setPreview(null);
    const p = await client.call('books:previewImport', { path: path.trim(), ...(pattern.trim() ? { chapterPattern: pattern.trim() } : {}) });
    setPreview(p);
    setIncluded(new Set(p.sections.filter((s) => s.includedByDefault).map((s) => s.index)));
    setTitle(p.title);
    setAuthor(p.author);
    setLanguage(asLanguage(p.language));
  });
  const importAction = useAction(async () => {
    const r = await client.call('books:import', {
      path: path.trim(),
      include: [...included].sort((a, b) => a - b),
      language,
      ...(title.trim() ? { title: title.trim() } : {}),
      author: author.trim(),
      ...(pattern.trim() ? { chapterPattern: pattern.trim() } : {}),
    });
    setPreview(null);
    setPath('');
    onImported(r.bookId);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void previewAction.run();
  };
  const toggle = (index: number) =>
    setIncluded((prev) => {
      const next = new Set(prev);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  const textFormat = preview ? preview.format !== 'epub' : !/\.epub$/i.test(path.trim());

  return (
    <section className="card book-import" aria-label="Import a book" data-testid="book-import">
      <h2 className="card__title">Import a book</h2>
      <form className="book-import__form" onSubmit={submit}>
        <label className="field book-import__path">
          <span className="field__label">Book file</span>
          <input className="input" value={path} onChange={(e) => { setPath(e.target.value); setPreview(null); }} placeholder="/path/to/book.epub, .txt or .md" aria-label="Book file" data-testid="book-import-path" />
        </label>
        <label className="field book-import__pattern">
          <span className="field__label">Chapter pattern (text and Markdown)</span>
          <input className="input input--mono" value={pattern} onChange={(e) => setPattern(e.target.value)} placeholder="e.g. ^CHAPTER [IVXLC]+" aria-label="Chapter pattern" disabled={!textFormat} />
        </label>
        <button type="submit" className="btn" disabled={!path.trim() || previewAction.pending} data-testid="book-import-preview">
          {previewAction.pending ? 'Reading…' : 'Preview'}
        </button>
      </form>
      {/* A large book takes a few seconds to read or store: no file-level progress to report, so an indeterminate bar. */}
      {previewAction.pending || importAction.pending ? <ProgressBar current={0} total={0} label={previewAction.pending ? 'Reading the book' : 'Importing the book'} /> : null}
      {previewAction.error ? <ErrorNotice error={previewAction.error} onDismiss={previewAction.clearError} testId="book-import-error" /> : null}
      {preview ? (
        <div className="book-import__preview" data-testid="book-import-sections">
          <div className="book-import__meta">
            <label className="field">
              <span className="field__label">Title</span>
              <input className="input" value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Book title" />
            </label>
            <label className="field">
              <span className="field__label">Author</span>
              <input className="input" value={author} onChange={(e) => setAuthor(e.target.value)} aria-label="Author" />
            </label>
            <label className="field">
              <span className="field__label">Language</span>
              <select className="input select" value={language} onChange={(e) => setLanguage(e.target.value as Language)} aria-label="Language">
                {bookLanguages.map((l) => <option key={l} value={l}>{l}</option>)}
              </select>
            </label>
          </div>
          {preview.warnings.length > 0 ? (
            <ul className="book-warnings" data-testid="book-import-warnings">
              {preview.warnings.map((w) => <li key={w}>{w}</li>)}
            </ul>
          ) : null}
          <div className="table-wrap">
            <table className="table table--compact">
              <caption className="visually-hidden">Sections found in the book</caption>
              <thead>
                <tr>
                  <th scope="col">Import</th>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="num">Words</th>
                  <th scope="col">Begins</th>
                </tr>
              </thead>
              <tbody>
                {preview.sections.map((s) => (
                  <tr key={s.index} data-testid="book-import-section" data-kind={s.kind} data-included={included.has(s.index)}>
                    <td>
                      <input type="checkbox" checked={included.has(s.index)} onChange={() => toggle(s.index)} aria-label={`Import ${s.title || `section ${s.index + 1}`}`} />
                    </td>
                    <td>
                      <span className="book-import__title">{s.title || <span className="muted">(untitled)</span>}</span>
                      <span className="small muted book-import__reason" title={s.sourceRef}>{s.reason}</span>
                      {s.warnings.map((w) => <span key={w} className="small book-import__warning">{w}</span>)}
                    </td>
                    <td><span className={`badge book-kind book-kind--${s.kind}`}>{kindLabel[s.kind] ?? s.kind}</span></td>
                    <td className="num">{formatNumber(s.words)}</td>
                    <td className="book-import__first">{s.firstWords}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="card__actions">
            <span className="muted small">{included.size} of {preview.sections.length} sections chosen · {preview.format.toUpperCase()}</span>
            <button type="button" className="btn btn--primary" disabled={included.size === 0 || importAction.pending} onClick={() => void importAction.run()} data-testid="book-import-submit">
              {importAction.pending ? 'Importing…' : `Import ${included.size} section${included.size === 1 ? '' : 's'}`}
            </button>
          </div>
          {importAction.error ? <ErrorNotice error={importAction.error} onDismiss={importAction.clearError} testId="book-import-error" /> : null}
        </div>
      ) : null}
    </section>
  );
}
