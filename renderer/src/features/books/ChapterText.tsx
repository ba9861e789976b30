// The chapter's text: paragraphs of sentences with their state (new, stale, rendered) and flags; click to select and play, select a word to flag it or fix its pronunciation.
import { memo, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { ChapterPage, Sentence, SentenceFlag } from '../../../../electron/shared/domains/books';

export interface WordSelection {
  sentenceId: number;
  start: number;
  end: number;
  text: string;
  /** Where to show the word's toolbar, relative to the text pane. */
  x: number;
  y: number;
}

interface Props {
  page: ChapterPage;
  selectedId: number | null;
  playingId: number | null;
  onSelect(sentence: Sentence): void;
  onPlay(sentence: Sentence): void;
  onWord(selection: WordSelection | null): void;
}

const stateLabel: Record<Sentence['state'], string> = { new: 'new', stale: 'stale', rendered: 'rendered' };

/** The sentence text with flagged character ranges marked (slip flags in one style, the producer's in another). */
function markedText(text: string, flags: readonly SentenceFlag[]): ReactNode[] {
  // The producer's flags win where they overlap the engine's, which are drawn only where nothing else is.
  const ranged = flags.filter((f) => f.chars && f.chars.end > f.chars.start).sort((a, b) => (a.source === b.source ? 0 : a.source === 'producer' ? -1 : 1));
  const drawn: SentenceFlag[] = [];
  for (const f of ranged) if (!drawn.some((d) => d.chars!.start < f.chars!.end && f.chars!.start < d.chars!.end)) drawn.push(f);
  drawn.sort((a, b) => a.chars!.start - b.chars!.start);
  const out: ReactNode[] = [];
  let at = 0;
  for (const f of drawn) {
    const { start, end } = f.chars!;
    if (start > at) out.push(text.slice(at, start));
    out.push(
      <mark key={f.id} className={`flag-mark flag-mark--${f.source}`} data-testid="flag-mark" data-kind={f.kind} data-source={f.source} title={`${f.kind.replace(/_/g, ' ')}${f.note ? `: ${f.note}` : ''}`}>
        {text.slice(start, Math.min(end, text.length))}
      </mark>,
    );
    at = Math.min(end, text.length);
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** UTF-16 offset of a DOM point inside `root`'s text. */
function offsetIn(root: Node, node: Node, offset: number): number {
  const r = document.createRange();
  r.selectNodeContents(root);
  r.setEnd(node, offset);
  return r.toString().length;
}

export const ChapterText = memo(function ChapterText({ page, selectedId, playingId, onSelect, onPlay, onWord }: Props) {
  const pane = useRef<HTMLDivElement>(null);

  // The text follows playback: the sentence being heard is kept in view.
  useEffect(() => {
    if (playingId === null) return;
    const el = pane.current?.querySelector<HTMLElement>(`[data-sentence="${playingId}"]`);
    el?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [playingId]);

  const onMouseUp = () => {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    const start = (range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement)?.closest<HTMLElement>('[data-sentence-text]');
    const end = (range.endContainer instanceof Element ? range.endContainer : range.endContainer.parentElement)?.closest<HTMLElement>('[data-sentence-text]');
    if (!start || start !== end || !pane.current) {
      onWord(null);
      return;
    }
    const id = Number(start.dataset.sentenceText);
    let from = offsetIn(start, range.startContainer, range.startOffset);
    let to = offsetIn(start, range.endContainer, range.endOffset);
    const full = start.textContent ?? '';
    // Trim the selection to the word(s) in it: a double-click often takes the space after.
    while (from < to && /\s/.test(full[from] ?? '')) from++;
    while (to > from && /\s/.test(full[to - 1] ?? '')) to--;
    if (to <= from) return;
    const box = range.getBoundingClientRect();
    const host = pane.current.getBoundingClientRect();
    onWord({ sentenceId: id, start: from, end: to, text: full.slice(from, to), x: box.left - host.left + pane.current.scrollLeft, y: box.bottom - host.top + pane.current.scrollTop });
  };

  const onKey = (e: KeyboardEvent<HTMLSpanElement>, s: Sentence) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(s);
      onPlay(s);
      return;
    }
    // Arrow keys walk the sentences (one tab stop would be kinder for a long chapter, but each sentence must stay reachable).
    const step = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0 || !pane.current) return;
    const all = [...pane.current.querySelectorAll<HTMLElement>('[data-testid="sentence"]')];
    const next = all[all.indexOf(e.currentTarget) + step];
    if (next) {
      e.preventDefault();
      next.focus();
      const id = Number(next.dataset.sentence);
      const target = page.paragraphs.flatMap((p) => p.sentences).find((x) => x.id === id);
      if (target) onSelect(target);
    }
  };

  return (
    <div className="chapter-text" ref={pane} onMouseUp={onMouseUp} data-testid="chapter-text">
      {page.paragraphs.map((p) => (
        <p key={p.id} className="chapter-text__paragraph">
          {p.sentences.map((s) => {
            const slip = s.flags.some((f) => f.source === 'slip');
            const producer = s.flags.some((f) => f.source === 'producer');
            const cls = ['sentence', `sentence--${s.state}`, s.id === selectedId ? 'sentence--selected' : '', s.id === playingId ? 'sentence--playing' : '', slip ? 'sentence--slip' : '', producer ? 'sentence--flagged' : ''].filter(Boolean).join(' ');
            return (
              <span key={s.id} className={cls} data-sentence={s.id} data-state={s.state} data-testid="sentence" tabIndex={0} role="button"
                aria-pressed={s.id === selectedId} aria-label={`Sentence ${s.position + 1}, ${stateLabel[s.state]}${s.flags.length ? `, ${s.flags.length} flag${s.flags.length === 1 ? '' : 's'}` : ''}`}
                onClick={(e) => {
                  // A click that ends a word selection is not a click on the sentence.
                  if (window.getSelection()?.isCollapsed === false) return;
                  if (e.detail > 1) return;
                  onSelect(s);
                  onPlay(s);
                }}
                onKeyDown={(e) => onKey(e, s)}>
                <span className={`sentence__badge sentence__badge--${s.state}`} aria-hidden="true" title={stateLabel[s.state]} />
                <span className="sentence__text" data-sentence-text={s.id}>{markedText(s.text, s.flags)}</span>
                {' '}
              </span>
            );
          })}
        </p>
      ))}
    </div>
  );
});
