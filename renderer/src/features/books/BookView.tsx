// One book: its chapters and render queue, lexicon, find/replace and export; or, with a chapter open, the chapter editor.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { StaleReport } from '../../../../electron/shared/domains/books';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { BookJobProgress } from './BookJobProgress';
import { ChapterEditor } from './ChapterEditor';
import { ExportPanel } from './ExportPanel';
import { FindReplace } from './FindReplace';
import { LexiconPanel } from './LexiconPanel';
import { StaleNotice } from './LexiconEntryForm';
import { RenderQueue } from './RenderQueue';
import { useRenderJob } from './use-render-job';
import { useRenderSettings, type RenderSettings } from './use-render-settings';

interface Props {
  bookId: number;
  chapterId: number | null;
  go(bookId: number | null, chapterId?: number | null): void;
}

export function BookView({ bookId, chapterId, go }: Props) {
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const book = useCall('books:get', { bookId }, [version]);
  const status = useCall('books:renderStatus', { bookId }, [version]);
  const voices = useCall('voices:list', {});
  const [settings, setSettings] = useRenderSettings(bookId);
  const render = useRenderJob(bookId, settings, bump);
  const [stale, setStale] = useState<{ count: number; touched: number } | null>(null);
  const [lexiconVersion, setLexiconVersion] = useState(0);
  const { client } = useStudio();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useAction(async () => {
    await client.call('books:delete', { bookId });
    go(null);
  });

  // The voice and vocoder are the book's (stored with it, so every window renders alike); step cap and batch stay local.
  // The stored book is updated from the call's answer, so what the effect below reads is what the database holds.
  const { setData: setBook } = book;
  const choose = useCallback((patch: Partial<RenderSettings>) => {
    setSettings(patch);
    if (patch.voiceId !== undefined || patch.vocoder !== undefined) {
      const next = { ...settings, ...patch };
      client.call('books:update', { bookId, voiceId: next.voiceId, vocoder: next.vocoder || null }).then((r) => setBook(r.book), () => undefined);
    }
  }, [client, bookId, settings, setSettings, setBook]);
  // A book renders with a voice: its own when it has one, else (once) the one picked here before or the workspace's first.
  const list = voices.data ?? [];
  const storedVoice = book.data ? book.data.voiceId : undefined;
  const storedVocoder = book.data ? book.data.vocoder ?? '' : undefined;
  const adopted = useRef<string | null>(null);
  useEffect(() => {
    if (!voices.data || voices.data.length === 0 || storedVoice === undefined) return;
    if (storedVoice !== null && voices.data.some((v) => v.id === storedVoice)) {
      if (storedVoice !== settings.voiceId || storedVocoder !== settings.vocoder) setSettings({ voiceId: storedVoice, vocoder: storedVocoder ?? '' });
      return;
    }
    const pick = voices.data.some((v) => v.id === settings.voiceId) ? { voiceId: settings.voiceId, vocoder: settings.vocoder } : { voiceId: voices.data[0]!.id, vocoder: '' };
    // Once per book and voice: choosing changes `settings` (and so this effect's inputs) before the answer comes back, and
    // without this the effect would call books:update again on every render (it once flooded the backend with 30,000 calls).
    const key = `${bookId}:${pick.voiceId}`;
    if (adopted.current === key) return;
    adopted.current = key;
    choose(pick);
  }, [bookId, voices.data, storedVoice, storedVocoder, settings.voiceId, settings.vocoder, setSettings, choose]);

  const onLexicon = useCallback((r: StaleReport) => {
    setStale({ count: r.staled, touched: r.sentenceIds.length });
    setLexiconVersion((v) => v + 1);
    bump();
  }, [bump]);

  if (book.error) {
    return (
      <>
        <PageHeader title="Book" />
        <ErrorNotice error={book.error} onRetry={() => void book.refresh()} />
        <button type="button" className="btn" onClick={() => go(null)}>All books</button>
      </>
    );
  }
  if (!book.data) return <p className="muted" role="status">Loading the book…</p>;
  const b = book.data;
  const words = b.chapters.filter((c) => c.included).reduce((n, c) => n + c.words, 0);
  const rerender = () => {
    setStale(null);
    if (chapterId !== null) render.renderChapter(chapterId);
    else render.renderBook();
  };
  const staleNotice = stale ? (
    <StaleNotice count={stale.count} touched={stale.touched} disabled={render.followed.running || render.starting || settings.voiceId === null}
      rerenderLabel={chapterId !== null ? 'Re-render them' : 'Re-render them (the book)'} onRerender={rerender} onDismiss={() => setStale(null)} />
  ) : null;

  if (chapterId !== null) {
    return (
      <>
        {staleNotice}
        {chapterId !== null && render.followed.job ? (
          <BookJobProgress followed={render.followed} verb="Render" unit="sentences" stopLabel="Pause" testId="chapter-render-job"
            cancelled="Paused: the sentences already rendered are kept. Render again to resume." success={(j) => <p>{j.title}: done.</p>} />
        ) : null}
        {render.startError ? <ErrorNotice error={render.startError} onDismiss={render.clearStartError} testId="render-start-error" /> : null}
        <ChapterEditor book={b} chapterId={chapterId} voices={list} settings={settings} render={render} version={version}
          onLexicon={onLexicon} onChanged={bump} onBack={() => go(bookId)} />
      </>
    );
  }

  return (
    <>
      <PageHeader title={b.title} description={<>{b.author || 'Unknown author'} · {b.language} · {formatNumber(b.chapters.filter((c) => c.included).length)} chapters · {formatNumber(words)} words</>}
        actions={(
          <>
            <button type="button" className="btn btn--ghost" onClick={() => go(null)}>All books</button>
            {confirmDelete ? (
              <>
                <button type="button" className="btn btn--danger" onClick={() => void remove.run()} disabled={remove.pending} data-testid="book-delete-confirm">Delete the book and its audio</button>
                <button type="button" className="btn btn--ghost" onClick={() => setConfirmDelete(false)}>Keep it</button>
              </>
            ) : (
              <button type="button" className="btn btn--ghost" onClick={() => setConfirmDelete(true)} data-testid="book-delete">Delete…</button>
            )}
          </>
        )} />
      {remove.error ? <ErrorNotice error={remove.error} onDismiss={remove.clearError} /> : null}
      {staleNotice}
      <div className="book-view">
        <div className="book-view__main">
          <RenderQueue voices={list} settings={settings} onSettings={choose} status={status.data} render={render} onOpen={(id) => go(bookId, id)} onChanged={bump} />
          {status.error ? <ErrorNotice error={status.error} onRetry={() => void status.refresh()} /> : null}
          <ExportPanel bookId={bookId} version={version} status={status.data} />
          <details className="card import-report" data-testid="import-report">
            <summary>Import report: {b.importReport.length} sections, {b.importReport.filter((r) => r.included).length} imported</summary>
            <ul className="import-report__list">
              {b.importReport.map((r) => (
                <li key={r.index} className={r.included ? undefined : 'muted'}>
                  {r.title || '(untitled)'} · {r.kind} · {formatNumber(r.words)} words · {r.included ? 'imported' : 'left out'}: {r.reason}
                </li>
              ))}
            </ul>
          </details>
        </div>
        <div className="book-view__side">
          <LexiconPanel bookId={bookId} language={b.language} version={lexiconVersion} onChanged={onLexicon} />
          <FindReplace bookId={bookId} onApplied={(staled, touched) => { setStale({ count: staled, touched }); bump(); }} />
        </div>
      </div>
    </>
  );
}
