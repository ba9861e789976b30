// Export the book: formats (WAV, FLAC, MP3 192 kbps CBR 44.1 kHz, M4B), room tone level and loudness as a job; then each chapter's files and ACX report.
import { useCallback, useState } from 'react';
import type { CallOutput, Job } from '../../../../electron/shared/contract';
import { bookExportFormats, BookExportResultSchema, type BookExportResult } from '../../../../electron/shared/domains/book-export';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate, formatDuration } from '../../components/format';
import { useJob } from '../datasets/use-job';
import { AcxReport } from './AcxReport';
import { BookJobProgress } from './BookJobProgress';

type Format = (typeof bookExportFormats)[number];
const formatLabel: Record<Format, string> = { wav: 'WAV', flac: 'FLAC', mp3: 'MP3 (192 kbps CBR, 44.1 kHz: ACX)', m4b: 'M4B with chapter marks' };

type Status = CallOutput<'books:renderStatus'>;

export function ExportPanel({ bookId, version, status }: { bookId: number; version: number; status: Status | undefined }) {
  const { client, mediaUrl } = useStudio();
  const last = useCall('books:lastExport', { bookId }, [version]);
  const workspace = useCall('workspace:current', {});
  const [formats, setFormats] = useState<Set<Format>>(new Set(['mp3']));
  const [roomDb, setRoomDb] = useState('-65');
  const [rmsDb, setRmsDb] = useState('-20');
  const [outputDir, setOutputDir] = useState('');
  // A recording of the room (looped under the chapter at the level above); empty: generated room tone.
  const [roomFile, setRoomFile] = useState('');
  const [result, setResult] = useState<BookExportResult | null>(null);
  // Chapters to export: by default every included one with something rendered (an unrendered chapter has nothing to master).
  const [picked, setPicked] = useState<Set<number> | null>(null);
  const chapters = (status ?? []).filter((c) => c.included);
  const chosen = picked ?? new Set(chapters.filter((c) => c.rendered > 0).map((c) => c.chapterId));
  const pick = (id: number) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  const { refresh } = last;
  const onFinished = useCallback((job: Job) => {
    if (job.state !== 'succeeded') return;
    const parsed = BookExportResultSchema.safeParse(job.result);
    if (parsed.success) setResult(parsed.data);
    void refresh();
  }, [refresh]);
  const job = useJob(onFinished, 'books:export');
  const room = Number(roomDb);
  const rms = Number(rmsDb);
  const roomOk = roomDb.trim() !== '' && room >= -90 && room <= -40;
  const rmsOk = rmsDb.trim() !== '' && rms >= -23 && rms <= -18;
  const start = useAction(async () => {
    setResult(null);
    const { job: id } = await client.call('books:export', {
      bookId, chapterIds: chapters.filter((c) => chosen.has(c.chapterId)).map((c) => c.chapterId), formats: [...formats], roomTone: roomFile.trim() ? { source: 'recorded', path: roomFile.trim(), levelDb: room } : { source: 'generated', levelDb: room, seed: 1 }, targetRmsDb: rms,
      ...(outputDir.trim() ? { outputDir: outputDir.trim() } : {}),
    });
    job.follow(id);
  });
  const toggle = (f: Format) => setFormats((prev) => {
    const next = new Set(prev);
    if (next.has(f)) next.delete(f);
    else next.add(f);
    return next;
  });
  const shown = result ?? last.data ?? null;
  const root = workspace.data?.path ?? null;
  /** A link for files inside the workspace (the media URL reaches only those); others are shown as paths. */
  const link = (path: string | undefined, label: string) => {
    if (!path) return null;
    const rel = !path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path) ? path : root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : null;
    return rel ? <a key={label} className="export-file" href={mediaUrl(rel)} download data-testid={`export-file-${label.toLowerCase()}`} data-path={path}>{label}</a>
      : <code key={label} className="export-file" data-testid={`export-file-${label.toLowerCase()}`} data-path={path}>{label}: {path}</code>;
  };

  return (
    <section className="card export-panel" aria-label="Export" data-testid="export-panel">
      <h2 className="card__title">Export</h2>
      <fieldset className="export-panel__formats">
        <legend className="field__label">Formats</legend>
        {bookExportFormats.map((f) => (
          <label key={f} className="check"><input type="checkbox" checked={formats.has(f)} onChange={() => toggle(f)} data-testid={`export-format-${f}`} /> {formatLabel[f]}</label>
        ))}
      </fieldset>
      <fieldset className="export-panel__formats" data-testid="export-chapters">
        <legend className="field__label">Chapters</legend>
        {chapters.map((c) => (
          <label key={c.chapterId} className="check">
            <input type="checkbox" checked={chosen.has(c.chapterId)} onChange={() => pick(c.chapterId)} aria-label={`Export ${c.title}`} />
            {c.title}
            {c.rendered < c.sentences ? <span className="muted small"> ({c.rendered} of {c.sentences} rendered{c.rendered === 0 ? ': render it first' : ''})</span> : null}
          </label>
        ))}
      </fieldset>
      <div className="render-settings">
        <label className="field">
          <span className="field__label">Room tone level (dBFS RMS)</span>
          <input className="input input--number" type="number" min={-90} max={-40} step={1} value={roomDb} onChange={(e) => setRoomDb(e.target.value)} aria-label="Room tone level" />
          {!roomOk ? <span className="field__problem">−90 to −40 dB; ACX’s noise floor is −60 dB at most</span> : null}
        </label>
        <label className="field">
          <span className="field__label">Loudness target (dB RMS)</span>
          <input className="input input--number" type="number" min={-23} max={-18} step={0.5} value={rmsDb} onChange={(e) => setRmsDb(e.target.value)} aria-label="Loudness target" />
          {!rmsOk ? <span className="field__problem">ACX accepts −23 to −18 dB</span> : null}
        </label>
        <label className="field export-panel__dir">
          <span className="field__label">Room tone recording (a WAV of your room; empty: generated)</span>
          <input className="input" value={roomFile} onChange={(e) => setRoomFile(e.target.value)} placeholder="takes/room-tone.wav or /path/to/room.wav" aria-label="Room tone recording" data-testid="export-room-file" />
        </label>
        <label className="field export-panel__dir">
          <span className="field__label">Folder (empty: the book’s export folder in the workspace)</span>
          <input className="input" value={outputDir} onChange={(e) => setOutputDir(e.target.value)} placeholder="books/…/export" aria-label="Export folder" />
        </label>
      </div>
      <div className="card__actions">
        <button type="button" className="btn btn--primary" onClick={() => void start.run()} disabled={formats.size === 0 || chosen.size === 0 || !roomOk || !rmsOk || job.running || start.pending} data-testid="export-start">
          Export the book
        </button>
      </div>
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} testId="export-error" /> : null}
      <BookJobProgress followed={job} verb="Export" unit="steps" stopLabel="Cancel" testId="export-job" percent cancelled="Export cancelled; files already finished stay in the folder."
        success={(j) => <p>{j.title || 'Export'} finished.</p>} />
      {last.error ? <ErrorNotice error={last.error} onRetry={() => void last.refresh()} /> : null}
      {shown ? (
        <div className="export-result" data-testid="export-result" data-pass={shown.pass}>
          <p className="small">
            Exported {formatDate(shown.finishedAt)} to <code data-testid="export-folder">{shown.folder}</code>
          </p>
          {shown.m4b ? <p className="small">{link(shown.m4b, 'M4B')}</p> : null}
          {shown.m4bNote ? <p className="notice small" role="note" data-testid="m4b-note">{shown.m4bNote}</p> : null}
          {shown.chapters.map((c) => (
            <details key={c.chapterId} className="export-chapter" open={shown.chapters.length <= 3} data-testid="export-chapter" data-chapter={c.chapterId}>
              <summary>
                <span className="export-chapter__title">{c.title}</span>
                <span className="muted small"> · {formatDuration(c.durationSeconds)}</span>
                {c.report ? <span className={`badge ${c.report.pass ? 'badge--succeeded' : 'badge--failed'}`}>{c.report.pass ? 'ACX pass' : 'ACX fail'}</span> : null}
              </summary>
              <p className="export-chapter__files">
                {link(c.files.mp3, 'MP3')}{link(c.files.flac, 'FLAC')}{link(c.files.wav, 'WAV')}{link(c.files.reportHtml, 'Report')}
              </p>
              {c.warnings.length > 0 || c.skippedEdits.length > 0 ? (
                <ul className="book-warnings">
                  {c.warnings.map((w) => <li key={w}>{w}</li>)}
                  {c.skippedEdits.map((s) => <li key={s.id}>Edit not applied: {s.reason}</li>)}
                </ul>
              ) : null}
              {c.report ? <AcxReport report={c.report} /> : <p className="muted small">No ACX report: it is measured on the MP3, which was not part of this export.</p>}
            </details>
          ))}
        </div>
      ) : null}
    </section>
  );
}
