// The toolbar under a word selected in the chapter text: flag it (mispronounced, skipped, wrong stress, noise, a note) or open its pronunciation.
import { useEffect, useRef, useState } from 'react';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { WordSelection } from './ChapterText';
import { flagLabel, producerFlagKinds } from './SentenceInspector';

interface Props {
  selection: WordSelection;
  takeId: number | null;
  onFlagged(): void;
  onPronunciation(word: string): void;
  onClose(): void;
}

export function WordActions({ selection, takeId, onFlagged, onPronunciation, onClose }: Props) {
  const { client } = useStudio();
  const [noting, setNoting] = useState(false);
  const [note, setNote] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const flag = useAction(async (kind: (typeof producerFlagKinds)[number]) => {
    await client.call('books:flag', {
      sentenceId: selection.sentenceId, kind, chars: { start: selection.start, end: selection.end }, note: note.trim(),
      ...(takeId !== null ? { takeId } : {}),
    });
    onFlagged();
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const word = selection.text.trim();
  const oneWord = /^[\p{L}\p{N}'’-]+$/u.test(word);

  return (
    <div ref={box} className="word-actions" style={{ left: Math.max(0, selection.x), top: selection.y + 6 }} role="toolbar" aria-label={`Actions for “${word}”`} data-testid="word-actions"
      onMouseUp={(e) => e.stopPropagation()}>
      <span className="word-actions__word">“{word.length > 40 ? `${word.slice(0, 40)}…` : word}”</span>
      {producerFlagKinds.filter((k) => k !== 'note').map((k) => (
        <button key={k} type="button" className="btn btn--small" onClick={() => void flag.run(k)} disabled={flag.pending} data-testid={`flag-${k}`}>{flagLabel(k)}</button>
      ))}
      {noting ? (
        <form className="word-actions__note" onSubmit={(e) => { e.preventDefault(); void flag.run('note'); }}>
          <input className="input" autoFocus value={note} onChange={(e) => setNote(e.target.value)} placeholder="Note" aria-label="Note on the word" />
          <button type="submit" className="btn btn--small" disabled={flag.pending}>Add note</button>
        </form>
      ) : (
        <button type="button" className="btn btn--small" onClick={() => setNoting(true)}>note…</button>
      )}
      <button type="button" className="btn btn--small btn--primary" onClick={() => onPronunciation(word)} disabled={!oneWord} title={oneWord ? undefined : 'Select a single word'} data-testid="word-pronunciation">
        Pronunciation…
      </button>
      <button type="button" className="btn btn--small btn--ghost" onClick={onClose} aria-label="Close">×</button>
      {flag.error ? <ErrorNotice error={flag.error} onDismiss={flag.clearError} /> : null}
    </div>
  );
}
