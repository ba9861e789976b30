// Find/replace across the book: a preview of exactly the sentences it touches (before → after), then apply, which marks them stale.
import { useState, type FormEvent } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';

type Result = CallOutput<'books:findReplace'>;

export function FindReplace({ bookId, onApplied }: { bookId: number; onApplied(staled: number, touched: number): void }) {
  const { client } = useStudio();
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const [matchCase, setMatchCase] = useState(false);
  const [wholeWord, setWholeWord] = useState(true);
  const [preview, setPreview] = useState<Result | null>(null);
  const args = { bookId, find, replace, matchCase, wholeWord };
  const look = useAction(async () => setPreview(await client.call('books:findReplace', { ...args, preview: true })));
  const apply = useAction(async () => {
    const r = await client.call('books:findReplace', { ...args, preview: false });
    setPreview(null);
    onApplied(r.staled, r.matches.length);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (find) void look.run();
  };
  const edited = () => setPreview(null);

  return (
    <section className="card find-replace" aria-label="Find and replace" data-testid="find-replace">
      <h2 className="card__title">Find and replace</h2>
      <form className="lexicon-form__row" onSubmit={submit}>
        <label className="field"><span className="field__label">Find</span><input className="input" value={find} onChange={(e) => { setFind(e.target.value); edited(); }} aria-label="Find" /></label>
        <label className="field"><span className="field__label">Replace with</span><input className="input" value={replace} onChange={(e) => { setReplace(e.target.value); edited(); }} aria-label="Replace with" /></label>
        <label className="check"><input type="checkbox" checked={matchCase} onChange={(e) => { setMatchCase(e.target.checked); edited(); }} /> Match case</label>
        <label className="check"><input type="checkbox" checked={wholeWord} onChange={(e) => { setWholeWord(e.target.checked); edited(); }} /> Whole words</label>
        <button type="submit" className="btn btn--small" disabled={!find || look.pending}>Preview</button>
      </form>
      {preview ? (
        preview.matches.length === 0 ? <p className="muted small" role="status">No sentence contains “{find}”.</p> : (
          <div data-testid="find-replace-preview">
            <p className="small">{preview.matches.length} sentence{preview.matches.length === 1 ? '' : 's'} would change:</p>
            <ul className="find-replace__list">
              {preview.matches.slice(0, 200).map((m) => (
                <li key={m.sentenceId}>
                  <del>{m.before}</del>
                  <ins>{m.after}</ins>
                </li>
              ))}
              {preview.matches.length > 200 ? <li className="muted">and {preview.matches.length - 200} more</li> : null}
            </ul>
            <button type="button" className="btn btn--primary btn--small" onClick={() => void apply.run()} disabled={apply.pending}>Replace in {preview.matches.length} sentence{preview.matches.length === 1 ? '' : 's'}</button>
          </div>
        )
      ) : null}
      {look.error ? <ErrorNotice error={look.error} onDismiss={look.clearError} /> : null}
      {apply.error ? <ErrorNotice error={apply.error} onDismiss={apply.clearError} /> : null}
    </section>
  );
}
