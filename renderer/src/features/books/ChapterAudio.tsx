// The audio side of the chapter editor: the assembled chapter (a preview job) as a waveform with sentence regions, region edits, pauses, and the edit list with undo/redo.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import type { ChapterPeaks } from '../../../../electron/shared/domains/book-export';
import type { WaveformEdit } from '../../../../electron/shared/domains/book-edits';
import type { ChapterPage } from '../../../../electron/shared/domains/books';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { isTyping } from '../../components/dom';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDuration } from '../../components/format';
import { useJob } from '../datasets/use-job';
import { BookJobProgress } from './BookJobProgress';
import { ChapterWaveform, type ChapterPlayer, type Span } from './ChapterWaveform';
import { pauseAt, regionEdit, toAnchor, toUnedited, uneditedSpans, type RegionEditKind } from './edit-anchors';
import { flagLabel, producerFlagKinds } from './SentenceInspector';
import { EditList } from './EditList';

export interface ChapterAudioHandle {
  /** Plays the sentence in the assembled chapter; false when it is not in it (not rendered, or no preview yet). */
  playSentence(sentenceId: number): boolean;
  pause(): void;
}

interface Props {
  chapterId: number;
  page: ChapterPage;
  selectedId: number | null;
  onHandle(handle: ChapterAudioHandle | null): void;
  onPlaying(sentenceId: number | null): void;
  onSelectSentence(sentenceId: number): void;
  /** A flag was added from the waveform (the text's marks need a reload). */
  onFlagged(): void;
}

const PEAK_BINS = 8000;

/** What the assembled audio is made of: the chosen take and pause of each sentence. */
function contentKey(page: ChapterPage): string {
  return page.paragraphs.flatMap((p) => p.sentences.map((s) => `${s.id}:${s.chosenTakeId ?? '-'}:${s.pauseAfterMs}`)).join(',');
}

export function ChapterAudio({ chapterId, page, selectedId, onHandle, onPlaying, onSelectSentence, onFlagged }: Props) {
  const { client, mediaUrl } = useStudio();
  const preview = useCall('books:chapterPreview', { chapterId });
  const edits = useCall('books:edits', { chapterId });
  const [peaks, setPeaks] = useState<ChapterPeaks | null>(null);
  const [peaksError, setPeaksError] = useState<string | null>(null);
  const [selection, setSelection] = useState<Span | null>(null);
  const [gainDb, setGainDb] = useState('-6');
  const [flagKind, setFlagKind] = useState<(typeof producerFlagKinds)[number]>('noise');
  const player = useRef<ChapterPlayer | null>(null);
  const cursor = useRef(0);
  const [cursorAt, setCursorAt] = useState(0);

  const { refresh: refreshPreview } = preview;
  const previewPath = preview.data?.audio ?? null;
  // Peaks of the newest preview, at a resolution that opens a long chapter at once.
  useEffect(() => {
    if (!previewPath) return;
    let live = true;
    client.call('books:chapterPeaks', { chapterId, bins: PEAK_BINS }).then(
      (p) => { if (live) { setPeaks(p); setPeaksError(null); } },
      (e: unknown) => { if (live) setPeaksError(e instanceof Error ? e.message : String(e)); },
    );
    return () => { live = false; };
  }, [client, chapterId, previewPath, preview.data?.durationSeconds]);

  const built = useRef<string | null>(null);
  const onFinished = useCallback((job: Job) => {
    if (job.state === 'succeeded') void refreshPreview();
  }, [refreshPreview]);
  const job = useJob(onFinished);
  const startPreview = useAction(async (key: string) => {
    built.current = key;
    const { job: id } = await client.call('books:previewChapter', { chapterId });
    job.follow(id);
  });

  const runPreview = startPreview.run;
  const rendered = page.paragraphs.some((p) => p.sentences.some((s) => s.chosenTakeId !== null));
  const key = `${contentKey(page)}|${edits.data ? `${edits.data.entries.length}/${edits.data.undoPointer}` : ''}`;
  // The assembled chapter follows what it is made of: a changed take, pause or edit rebuilds it (debounced).
  useEffect(() => {
    if (!rendered || preview.data === undefined || !edits.data || job.running || startPreview.pending) return;
    if (built.current === null && preview.data !== null) {
      built.current = key; // the stored preview is taken as current when the editor opens; "Rebuild" is there if not
      return;
    }
    if (built.current === key) return;
    const t = setTimeout(() => void runPreview(key), 600);
    return () => clearTimeout(t);
  }, [key, rendered, preview.data, edits.data, job.running, startPreview.pending, runPreview]);

  const spans = useMemo(() => preview.data?.sentences ?? [], [preview.data]);
  // Edits are anchored on the chapter before its cuts; a point on the (edited) waveform is taken back through them first.
  const unedited = preview.data?.unedited ?? null;
  const sourceSpans = useMemo(() => (unedited ? uneditedSpans(unedited) : []), [unedited]);
  const source = useCallback((t: number) => (unedited ? toUnedited(unedited.removals, t) : t), [unedited]);
  const numberOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of page.paragraphs) for (const s of p.sentences) m.set(String(s.id), `sentence ${s.position + 1}`);
    return (id: string) => m.get(id) ?? `sentence #${id}`;
  }, [page]);
  const regionLabel = useCallback((id: number) => numberOf(String(id)).replace(/^sentence /, ''), [numberOf]);

  const handle = useMemo<ChapterAudioHandle>(() => ({
    playSentence: (id) => {
      const s = spans.find((x) => x.sentenceId === id);
      if (!s || !player.current) return false;
      player.current.playSpan({ start: s.start, end: s.end });
      return true;
    },
    pause: () => player.current?.pause(),
  }), [spans]);
  useEffect(() => {
    onHandle(handle);
    return () => onHandle(null);
  }, [handle, onHandle]);

  const playingRef = useRef<number | null>(null);
  const onTime = useCallback((t: number, playing: boolean) => {
    cursor.current = t;
    setCursorAt(t);
    const hit = playing ? spans.find((x) => t >= x.start && t < x.end)?.sentenceId ?? null : null;
    if (hit !== playingRef.current) {
      playingRef.current = hit;
      onPlaying(hit);
    }
  }, [spans, onPlaying]);

  const addEdit = useAction(async (edit: WaveformEdit) => {
    edits.setData(await client.call('books:addEdit', { chapterId, edit }));
    player.current?.clearSelection();
  });
  const undo = useAction(async () => edits.setData(await client.call('books:undoEdit', { chapterId })));
  const redo = useAction(async () => edits.setData(await client.call('books:redoEdit', { chapterId })));
  const remove = useAction(async (editId: string) => edits.setData(await client.call('books:removeEdit', { chapterId, editId })));
  const { run: runUndo } = undo;
  const { run: runRedo } = redo;
  const canUndo = edits.data?.canUndo ?? false;
  const canRedo = edits.data?.canRedo ?? false;

  // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) undo and redo edits, except while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      // Space plays or pauses the chapter, unless a button or a sentence (which plays itself) has the key.
      if (e.key === ' ' && !e.ctrlKey && !e.metaKey && !(e.target instanceof HTMLElement && e.target.closest('button, a, [role="button"]'))) {
        e.preventDefault();
        player.current?.toggle();
        return;
      }
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey && canUndo) { e.preventDefault(); void runUndo(); }
      else if (((k === 'z' && e.shiftKey) || k === 'y') && canRedo) { e.preventDefault(); void runRedo(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canUndo, canRedo, runUndo, runRedo]);

  const apply = (kind: RegionEditKind, o: { gainDb?: number; direction?: 'in' | 'out' } = {}) => {
    if (!selection) return;
    const edit = regionEdit(sourceSpans, source(selection.start), source(selection.end), kind, o);
    if (edit) void addEdit.run(edit);
  };
  // A region inside one sentence's speech can be flagged on its take (seconds into the take, as slip flags are).
  const flagTarget = (() => {
    if (!selection) return null;
    const a = toAnchor(sourceSpans, source(selection.start));
    const b = toAnchor(sourceSpans, source(selection.end));
    if (!a || !b || a.sentenceId !== b.sentenceId || a.part !== 'speech' || b.part !== 'speech' || b.offsetMs <= a.offsetMs) return null;
    const s = page.paragraphs.flatMap((p) => p.sentences).find((x) => String(x.id) === a.sentenceId);
    return s && s.chosenTakeId !== null ? { sentenceId: s.id, takeId: s.chosenTakeId, start: a.offsetMs / 1000, end: b.offsetMs / 1000 } : null;
  })();
  const flag = useAction(async () => {
    if (!flagTarget) return;
    await client.call('books:flag', { sentenceId: flagTarget.sentenceId, takeId: flagTarget.takeId, kind: flagKind, time: { start: flagTarget.start, end: flagTarget.end } });
    player.current?.clearSelection();
    onSelectSentence(flagTarget.sentenceId);
    onFlagged();
  });
  const gain = Number(gainDb);
  const gainOk = gainDb.trim() !== '' && Number.isFinite(gain) && gain >= -60 && gain <= 24 && gain !== 0;
  const duration = preview.data?.durationSeconds ?? 0;
  const selectedSpan = sourceSpans.find((s) => s.sentenceId === selectedId);
  const pause = pauseAt(sourceSpans, selectedSpan ? selectedSpan.start : source(cursorAt), unedited?.durationSeconds ?? duration);
  const setPause = (ms: number) => {
    if (pause) void addEdit.run({ kind: 'pause', sentenceId: String(pause.sentenceId), pauseMs: Math.max(0, Math.min(60_000, ms)) });
  };
  const error = flag.error ?? preview.error ?? edits.error ?? addEdit.error ?? undo.error ?? redo.error ?? remove.error ?? startPreview.error;
  // The preview is rewritten at the same path: a version in the URL keeps the browser from playing a cached older one
  // (whose length would no longer match the peaks and regions). The media handlers read only the path.
  const [stamp, setStamp] = useState(0);
  useEffect(() => setStamp((n) => n + 1), [preview.data]);
  const src = useMemo(() => {
    if (!previewPath) return null;
    const u = new URL(mediaUrl(previewPath), window.location.href);
    u.searchParams.set('v', String(stamp));
    return u.href;
  }, [previewPath, mediaUrl, stamp]);
  const busy = addEdit.pending || undo.pending || redo.pending || remove.pending;

  return (
    <section className="card chapter-audio" aria-label="Chapter audio" data-testid="chapter-audio">
      <div className="render-queue__head">
        <h2 className="card__title">Chapter audio</h2>
        <span className="muted small" data-testid="chapter-duration">{preview.data ? formatDuration(preview.data.durationSeconds) : ''}</span>
        <button type="button" className="btn btn--small" onClick={() => void startPreview.run(key)} disabled={!rendered || job.running || startPreview.pending} data-testid="preview-rebuild">
          {preview.data ? 'Rebuild' : 'Assemble'}
        </button>
      </div>
      {!rendered ? <p className="muted small" data-testid="chapter-audio-empty">Nothing rendered yet. Render the chapter; its audio appears here as one waveform with a region per sentence.</p> : null}
      {preview.data && preview.data.missing.length > 0 ? (
        <p className="small state-text--stale">{preview.data.missing.length} sentence{preview.data.missing.length === 1 ? ' is' : 's are'} not in it yet (not rendered).</p>
      ) : null}
      {preview.data && preview.data.skippedEdits.length > 0 ? (
        <ul className="book-warnings" data-testid="skipped-edits">
          {preview.data.skippedEdits.map((s) => <li key={s.id}>Edit not applied: {s.reason}</li>)}
        </ul>
      ) : null}
      <div className="chapter-audio__wave">
        {src && peaks ? (
          <ChapterWaveform src={src} peaks={peaks} spans={spans} selectedId={selectedId}
            onReady={(p) => { player.current = p; }} onTime={onTime} onSelection={setSelection} onSentence={onSelectSentence} label={regionLabel} />
        ) : (
          <div className="chapter-wave chapter-wave--placeholder" aria-hidden="true" />
        )}
      </div>
      {peaksError ? <p className="take-wave__status take-wave__status--error" role="alert">The waveform peaks could not be read: {peaksError}</p> : null}
      <div className="edit-tools" role="toolbar" aria-label="Edit the selected region" data-testid="edit-tools">
        <span className="small muted edit-tools__what" data-testid="edit-selection">
          {selection ? `Selected ${selection.start.toFixed(2)}–${selection.end.toFixed(2)} s` : 'Drag across the waveform to select a region'}
        </span>
        <button type="button" className="btn btn--small" disabled={!selection || busy} onClick={() => apply('cut')} data-testid="edit-cut">Cut</button>
        <button type="button" className="btn btn--small" disabled={!selection || busy} onClick={() => apply('silence')} data-testid="edit-silence">Silence</button>
        <button type="button" className="btn btn--small" disabled={!selection || busy} onClick={() => apply('room_tone')} data-testid="edit-room-tone">Room tone</button>
        <span className="edit-tools__gain">
          <input className="input input--number" type="number" step={1} min={-60} max={24} value={gainDb} onChange={(e) => setGainDb(e.target.value)} aria-label="Gain, dB" />
          <button type="button" className="btn btn--small" disabled={!selection || busy || !gainOk} onClick={() => apply('gain', { gainDb: gain })}>Gain dB</button>
        </span>
        <button type="button" className="btn btn--small" disabled={!selection || busy} onClick={() => apply('fade', { direction: 'in' })}>Fade in</button>
        <button type="button" className="btn btn--small" disabled={!selection || busy} onClick={() => apply('fade', { direction: 'out' })}>Fade out</button>
        <span className="edit-tools__gain" title={flagTarget ? undefined : 'Select a region inside one sentence to flag it'}>
          <select className="input select" value={flagKind} onChange={(e) => setFlagKind(e.target.value as (typeof producerFlagKinds)[number])} aria-label="Flag the region as">
            {producerFlagKinds.map((k) => <option key={k} value={k}>{flagLabel(k)}</option>)}
          </select>
          <button type="button" className="btn btn--small" disabled={!flagTarget || flag.pending} onClick={() => void flag.run()} data-testid="flag-region">Flag region</button>
        </span>
      </div>
      {pause && preview.data ? (
        <div className="edit-tools" role="group" aria-label="Pause after a sentence">
          <span className="small muted edit-tools__what">Pause after {numberOf(String(pause.sentenceId))}: {(pause.pauseMs / 1000).toFixed(2)} s</span>
          <button type="button" className="btn btn--small" disabled={busy || pause.pauseMs === 0} onClick={() => setPause(pause.pauseMs - 250)} data-testid="pause-shorter">Shorter (−0.25 s)</button>
          <button type="button" className="btn btn--small" disabled={busy} onClick={() => setPause(pause.pauseMs + 250)} data-testid="pause-longer">Longer (+0.25 s)</button>
        </div>
      ) : null}
      {/* Below the waveform, so assembling again after an edit does not move it. */}
      <BookJobProgress followed={job} verb="Assembling the chapter" unit="sentences" stopLabel="Cancel" testId="preview-job" percent cancelled="Cancelled; the previous chapter audio is kept."
        success={(j) => <p>{j.title || 'Chapter assembled'}.</p>} quietSuccess />
      {edits.data ? (
        <EditList edits={edits.data} sentenceNumber={numberOf} busy={busy} onUndo={() => void undo.run()} onRedo={() => void redo.run()} onRemove={(id) => void remove.run(id)} />
      ) : null}
      {error ? <ErrorNotice error={error} onRetry={() => { void preview.refresh(); void edits.refresh(); }} /> : null}
    </section>
  );
}
