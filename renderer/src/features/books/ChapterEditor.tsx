// The chapter editor: the text (sentences with state and flags) beside the audio (the assembled chapter's waveform, edits) and the selected sentence's takes and settings.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import type { BookDetail, Sentence, StaleReport } from '../../../../electron/shared/domains/books';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';
import { ChapterAudio, type ChapterAudioHandle } from './ChapterAudio';
import { ChapterText, type WordSelection } from './ChapterText';
import { LexiconEntryForm } from './LexiconEntryForm';
import { SentenceInspector } from './SentenceInspector';
import type { TakePlayer } from './SentenceTakes';
import type { RenderJob } from './use-render-job';
import type { RenderSettings } from './use-render-settings';
import { WordActions } from './WordActions';

type Voice = CallOutput<'voices:list'>[number];

interface Props {
  book: BookDetail;
  chapterId: number;
  voices: readonly Voice[];
  settings: RenderSettings;
  render: RenderJob;
  /** Bumped by the book view when a render moved on. */
  version: number;
  onLexicon(stale: StaleReport): void;
  onChanged(): void;
  onBack(): void;
}

/** One <audio> for single takes (clicking a sentence before the chapter is assembled, A/B of takes). */
function useTakePlayer(onSentenceEnd: () => void): TakePlayer & { stop(): void } {
  const { mediaUrl } = useStudio();
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playingPath, setPlayingPath] = useState<string | null>(null);
  const ended = useRef(onSentenceEnd);
  ended.current = onSentenceEnd;
  useEffect(() => () => audio.current?.pause(), []);
  const stop = useCallback(() => {
    audio.current?.pause();
    setPlayingPath(null);
  }, []);
  const play = useCallback((path: string, keepTime = false) => {
    let el = audio.current;
    if (!el) {
      el = new Audio();
      el.addEventListener('ended', () => { setPlayingPath(null); ended.current(); });
      audio.current = el;
    }
    const url = new URL(mediaUrl(path), window.location.href).href;
    if (el.src === url && !el.paused && !keepTime) {
      stop();
      return;
    }
    const at = keepTime ? el.currentTime : 0;
    if (el.src !== url) {
      el.src = url;
      // A/B: the other take continues from the same moment once it knows its length.
      if (at > 0) el.addEventListener('loadedmetadata', () => { el.currentTime = Math.min(at, el.duration || at); }, { once: true });
    } else {
      el.currentTime = at;
    }
    setPlayingPath(path);
    void el.play().catch(() => setPlayingPath(null));
  }, [mediaUrl, stop]);
  return { play, playingPath, stop };
}

export function ChapterEditor({ book, chapterId, voices, settings, render, version, onLexicon, onChanged, onBack }: Props) {
  const page = useCall('books:chapter', { chapterId }, [version]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [playingId, setPlayingId] = useState<number | null>(null);
  const [word, setWord] = useState<WordSelection | null>(null);
  const [pronounce, setPronounce] = useState<string | null>(null);
  const audio = useRef<ChapterAudioHandle | null>(null);
  const takePlaying = useRef<number | null>(null);
  const takes = useTakePlayer(() => {
    if (takePlaying.current !== null) setPlayingId(null);
    takePlaying.current = null;
  });

  const sentences = useMemo(() => page.data?.paragraphs.flatMap((p) => p.sentences) ?? [], [page.data]);
  const selected = sentences.find((s) => s.id === selectedId) ?? null;
  const { refresh } = page;
  const changed = useCallback(() => {
    void refresh();
    onChanged();
  }, [refresh, onChanged]);

  const play = useCallback((s: Sentence) => {
    // The assembled chapter when it holds the sentence (pauses, edits and all); else its chosen take alone.
    if (audio.current?.playSentence(s.id)) {
      takes.stop();
      return;
    }
    const take = s.takes.find((t) => t.id === s.chosenTakeId);
    if (!take) return;
    audio.current?.pause();
    takePlaying.current = s.id;
    setPlayingId(s.id);
    takes.play(take.path);
  }, [takes]);

  // Takes played from the inspector (A/B) stop the chapter first: one thing plays at a time.
  const { play: playTake, playingPath } = takes;
  const takePlayer = useMemo<TakePlayer>(() => ({
    playingPath,
    play: (path, keepTime) => {
      audio.current?.pause();
      playTake(path, keepTime);
    },
  }), [playTake, playingPath]);

  const onUpdated = useCallback((s: Sentence) => {
    page.setData((prev) => prev ? { ...prev, paragraphs: prev.paragraphs.map((p) => ({ ...p, sentences: p.sentences.map((x) => (x.id === s.id ? s : x)) })) } : prev!);
    onChanged();
  }, [page, onChanged]);

  const onPlaying = useCallback((id: number | null) => {
    if (takePlaying.current === null) setPlayingId(id);
  }, []);
  const onHandle = useCallback((h: ChapterAudioHandle | null) => { audio.current = h; }, []);
  const closeWord = useCallback(() => setWord(null), []);
  // A word selected in a sentence opens that sentence in the inspector too (its flags list the new one).
  const onWord = useCallback((w: WordSelection | null) => {
    setWord(w);
    if (w) setSelectedId(w.sentenceId);
  }, []);

  if (page.error) return <ErrorNotice error={page.error} onRetry={() => void page.refresh()} />;
  if (!page.data) return <p className="muted" role="status">Loading the chapter…</p>;
  const chapter = page.data.chapter;
  const rendering = render.followed.running;
  const stale = chapter.stale;
  const todo = sentences.filter((s) => s.state !== 'rendered').length;

  return (
    <div className="chapter-editor" data-testid="chapter-editor" data-chapter={chapterId}>
      <div className="chapter-editor__bar">
        <button type="button" className="btn btn--small btn--ghost" onClick={onBack}>← {book.title}</button>
        <h2 className="chapter-editor__title" data-testid="chapter-title">{chapter.title}</h2>
        <span className="muted small" data-testid="chapter-counts">
          {formatNumber(chapter.rendered)} of {formatNumber(chapter.sentences)} rendered{stale > 0 ? ` · ${formatNumber(stale)} stale` : ''}
        </span>
        <button type="button" className="btn btn--small btn--primary" onClick={() => render.renderChapter(chapterId)} disabled={rendering || render.starting || todo === 0 || settings.voiceId === null}
          data-testid="chapter-render" title={settings.voiceId === null ? 'Choose the book’s voice in the render panel first' : undefined}>
          {todo === 0 ? 'All rendered' : `Render ${formatNumber(todo)} sentence${todo === 1 ? '' : 's'}`}
        </button>
      </div>
      {sentences.length === 0 ? (
        <EmptyState icon="books" title="This chapter has no sentences">The importer found no text in it.</EmptyState>
      ) : (
        <div className="chapter-editor__columns">
          <div className="card chapter-editor__text-card">
            <div className="chapter-legend small muted" aria-hidden="true">
              <span><i className="sentence__badge sentence__badge--new" /> new</span>
              <span><i className="sentence__badge sentence__badge--stale" /> stale</span>
              <span><i className="sentence__badge sentence__badge--rendered" /> rendered</span>
              <span><mark className="flag-mark flag-mark--producer">your flag</mark></span>
              <span><mark className="flag-mark flag-mark--slip">engine slip</mark></span>
            </div>
            <div className="chapter-editor__text-wrap">
              <ChapterText page={page.data} selectedId={selectedId} playingId={playingId}
                onSelect={(s) => { setSelectedId(s.id); setWord(null); }} onPlay={play} onWord={onWord} />
              {word ? (
                <WordActions selection={word} takeId={sentences.find((s) => s.id === word.sentenceId)?.chosenTakeId ?? null}
                  onFlagged={() => { setWord(null); window.getSelection()?.removeAllRanges(); changed(); }}
                  onPronunciation={(w) => { setPronounce(w); setWord(null); }} onClose={closeWord} />
              ) : null}
            </div>
            {pronounce !== null ? (
              <div className="chapter-editor__pronounce" role="dialog" aria-label={`Pronunciation of ${pronounce}`} data-testid="pronunciation-dialog">
                <h3 className="section-title">Pronunciation of “{pronounce}”</h3>
                <LexiconEntryForm key={pronounce} bookId={book.id} language={book.language} initialWord={pronounce} onCancel={() => setPronounce(null)}
                  onSaved={(report) => { setPronounce(null); onLexicon(report); void refresh(); }} />
              </div>
            ) : null}
          </div>
          <div className="chapter-editor__side">
            <ChapterAudio chapterId={chapterId} page={page.data} selectedId={selectedId} onHandle={onHandle} onPlaying={onPlaying}
              onSelectSentence={(id) => setSelectedId(id)} onFlagged={changed} />
            {selected ? (
              <SentenceInspector key={selected.id} sentence={selected} voices={voices} settings={settings} player={takePlayer} onUpdated={onUpdated} onChanged={changed} />
            ) : (
              <p className="card muted small chapter-editor__hint">Click a sentence to hear it and see its takes, text, pause, voice and flags. Select a word to flag it or fix how it is said.</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
