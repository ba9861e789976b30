// Add a word's pronunciation: the G2P's IPA as an editable starting point, or a respelling; in the book's lexicon or the workspace's.
import { useEffect, useState, type FormEvent } from 'react';
import type { StaleReport } from '../../../../electron/shared/domains/books';
import { bookLanguages } from '../../../../electron/shared/domains/books';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';

type Language = (typeof bookLanguages)[number];
export const asBookLanguage = (tag: string): Language => (bookLanguages as readonly string[]).includes(tag) ? (tag as Language) : tag.toLowerCase().startsWith('de') ? 'de-DE' : 'en-US';

interface Props {
  bookId: number;
  language: string;
  /** A word picked in the editor; empty for a blank form. */
  initialWord?: string;
  onSaved(stale: StaleReport, word: string): void;
  onCancel?(): void;
}

export function LexiconEntryForm({ bookId, language, initialWord = '', onSaved, onCancel }: Props) {
  const { client } = useStudio();
  const [word, setWord] = useState(initialWord);
  const [mode, setMode] = useState<'ipa' | 'respelling'>('ipa');
  const [ipa, setIpa] = useState('');
  const [respelling, setRespelling] = useState('');
  const [scope, setScope] = useState<'book' | 'workspace'>('book');
  const lang = asBookLanguage(language);

  const suggest = useAction(async (w: string) => {
    const r = await client.call('books:lexiconSuggest', { word: w, language: lang });
    setIpa(r.ipa);
  });
  const { run: runSuggest } = suggest;
  useEffect(() => {
    if (initialWord.trim() && !/\s/.test(initialWord.trim())) void runSuggest(initialWord.trim());
  }, [initialWord, runSuggest]);

  const save = useAction(async () => {
    const w = word.trim();
    const r = await client.call('books:lexiconAdd', {
      bookId: scope === 'book' ? bookId : null,
      word: w,
      ...(mode === 'ipa' ? { ipa: ipa.trim() } : { respelling: respelling.trim() }),
    });
    onSaved(r.stale, w);
  });
  const value = mode === 'ipa' ? ipa : respelling;
  const problem = !word.trim() ? 'Type the word.' : /\s/.test(word.trim()) ? 'A lexicon word is one token, without spaces.' : !value.trim() ? `Give the ${mode === 'ipa' ? 'IPA' : 'respelling'}.` : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) void save.run();
  };

  return (
    <form className="lexicon-form" onSubmit={submit} aria-label="Pronunciation" data-testid="lexicon-form">
      <div className="lexicon-form__row">
        <label className="field">
          <span className="field__label">Word</span>
          <input className="input" value={word} onChange={(e) => setWord(e.target.value)} aria-label="Word" data-testid="lexicon-word" />
        </label>
        <button type="button" className="btn btn--small" onClick={() => void suggest.run(word.trim())} disabled={!word.trim() || /\s/.test(word.trim()) || suggest.pending}>
          {suggest.pending ? 'Asking the G2P…' : 'Suggest IPA'}
        </button>
      </div>
      <fieldset className="lexicon-form__mode">
        <legend className="field__label">Say it as</legend>
        <label><input type="radio" name="lexicon-mode" checked={mode === 'ipa'} onChange={() => setMode('ipa')} /> IPA</label>
        <label><input type="radio" name="lexicon-mode" checked={mode === 'respelling'} onChange={() => setMode('respelling')} /> Respelling</label>
      </fieldset>
      {mode === 'ipa' ? (
        <label className="field">
          <span className="field__label">IPA (edit what the G2P suggests)</span>
          <input className="input input--mono" value={ipa} onChange={(e) => setIpa(e.target.value)} aria-label="IPA" data-testid="lexicon-ipa" />
        </label>
      ) : (
        <label className="field">
          <span className="field__label">Respelling (how it sounds, in plain letters)</span>
          <input className="input" value={respelling} onChange={(e) => setRespelling(e.target.value)} placeholder="e.g. toh-MAH-toh" aria-label="Respelling" data-testid="lexicon-respelling" />
        </label>
      )}
      <fieldset className="lexicon-form__mode">
        <legend className="field__label">Lexicon</legend>
        <label><input type="radio" name="lexicon-scope" checked={scope === 'book'} onChange={() => setScope('book')} /> This book</label>
        <label><input type="radio" name="lexicon-scope" checked={scope === 'workspace'} onChange={() => setScope('workspace')} /> Every book (workspace)</label>
      </fieldset>
      {suggest.error ? <ErrorNotice error={suggest.error} onDismiss={suggest.clearError} /> : null}
      {save.error ? <ErrorNotice error={save.error} onDismiss={save.clearError} testId="lexicon-error" /> : null}
      <div className="card__actions">
        {problem && word ? <span className="field__problem">{problem}</span> : null}
        {onCancel ? <button type="button" className="btn btn--ghost btn--small" onClick={onCancel}>Cancel</button> : null}
        <button type="submit" className="btn btn--primary btn--small" disabled={problem !== null || save.pending} data-testid="lexicon-save">
          {save.pending ? 'Saving…' : 'Save pronunciation'}
        </button>
      </div>
    </form>
  );
}

/** "N sentences are now stale — Re-render them", after a lexicon change or a find/replace. */
export function StaleNotice({ count, touched, onRerender, rerenderLabel, disabled, onDismiss }: {
  count: number; touched: number; onRerender(): void; rerenderLabel: string; disabled: boolean; onDismiss(): void;
}) {
  return (
    <div className="notice stale-notice" role="status" data-testid="stale-notice" data-stale={count} data-touched={touched}>
      <div className="notice__body">
        <p className="notice__message">
          {count === 0
            ? `${touched} sentence${touched === 1 ? '' : 's'} read differently now; none had been rendered yet.`
            : `${count} sentence${count === 1 ? ' is' : 's are'} now stale.`}
        </p>
      </div>
      <div className="notice__actions">
        {count > 0 ? <button type="button" className="btn btn--small btn--primary" onClick={onRerender} disabled={disabled} data-testid="stale-rerender">{rerenderLabel}</button> : null}
        <button type="button" className="btn btn--small btn--ghost" onClick={onDismiss}>Dismiss</button>
      </div>
    </div>
  );
}
