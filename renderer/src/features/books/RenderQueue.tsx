// The book's render queue: voice, vocoder and draft cap; each chapter's rendered/stale/new counts with Render and Open; the book render with progress, ETA and pause/resume.
import { useEffect } from 'react';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import type { CallOutput } from '../../../../electron/shared/contract';
import { RenderResultSchema } from '../../../../electron/shared/domains/book-render';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useVoiceInfo, vocoderLabel } from '../voices/voice-info';
import { BookJobProgress } from './BookJobProgress';
import type { RenderJob } from './use-render-job';
import type { RenderSettings } from './use-render-settings';

type Voice = CallOutput<'voices:list'>[number];
type Status = CallOutput<'books:renderStatus'>;

interface Props {
  voices: readonly Voice[];
  settings: RenderSettings;
  onSettings(patch: Partial<RenderSettings>): void;
  status: Status | undefined;
  render: RenderJob;
  onOpen(chapterId: number): void;
  /** A chapter was included or left out. */
  onChanged(): void;
}

export function RenderSettingsFields({ voices, settings, onSettings }: Pick<Props, 'voices' | 'settings' | 'onSettings'>) {
  const voice = voices.find((v) => v.id === settings.voiceId) ?? null;
  const info = useVoiceInfo(voice?.path ?? null);
  const vocoders = info?.state === 'ready' ? info.info.vocoders : [];
  return (
    <div className="render-settings" data-testid="render-settings">
      <label className="field">
        <span className="field__label">Voice</span>
        <select className="input select" value={settings.voiceId ?? ''} onChange={(e) => onSettings({ voiceId: e.target.value ? Number(e.target.value) : null, vocoder: '' })} aria-label="Render voice" data-testid="render-voice">
          <option value="">{voices.length === 0 ? 'No voices: import one in Voices' : 'Choose a voice…'}</option>
          {voices.map((v) => <option key={v.id} value={v.id}>{v.name} ({v.language})</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Vocoder</span>
        <select className="input select" value={settings.vocoder} onChange={(e) => onSettings({ vocoder: e.target.value })} aria-label="Render vocoder" disabled={!voice}>
          <option value="">Voice default</option>
          {vocoders.map((v) => <option key={v.name} value={v.name}>{vocoderLabel(v)}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Draft: decoder step cap</span>
        <input className="input input--number" type="number" min={1} max={100000} value={settings.maxSteps ?? ''} placeholder="full"
          onChange={(e) => {
            const n = Number(e.target.value);
            onSettings({ maxSteps: e.target.value === '' || !Number.isInteger(n) || n < 1 ? null : Math.min(100_000, n) });
          }} aria-label="Decoder step cap" data-testid="render-max-steps" />
      </label>
      <label className="field">
        <span className="field__label">Batch</span>
        <input className="input input--number" type="number" min={1} max={64} value={settings.batch}
          onChange={(e) => { const n = Number(e.target.value); if (Number.isInteger(n) && n >= 1 && n <= 64) onSettings({ batch: n }); }} aria-label="Sentences per batch" />
      </label>
    </div>
  );
}

export function RenderQueue({ voices, settings, onSettings, status, render, onOpen, onChanged }: Props) {
  const { client } = useStudio();
  const include = useAction(async (chapterId: number, included: boolean) => {
    await client.call('books:setChapter', { chapterId, included });
    onChanged();
  });
  const running = status?.find((c) => c.job !== null && c.job > 0);
  const { adopt } = render;
  // A render left running (another window, before a reload) is followed again.
  useEffect(() => {
    if (running?.job && !render.followed.running) adopt(running.job);
  }, [running?.job, render.followed.running, adopt]);
  const busy = render.followed.running || render.starting;
  const noVoice = settings.voiceId === null;
  const included = status?.filter((c) => c.included) ?? [];
  const totals = included.reduce((t, c) => ({ sentences: t.sentences + c.sentences, rendered: t.rendered + c.rendered }), { sentences: 0, rendered: 0 });

  return (
    <section className="card render-queue" aria-label="Render queue" data-testid="render-queue">
      <div className="render-queue__head">
        <h2 className="card__title">Render</h2>
        <span className="muted small" data-testid="render-book-count">{formatNumber(totals.rendered)} of {formatNumber(totals.sentences)} sentences rendered</span>
      </div>
      <RenderSettingsFields voices={voices} settings={settings} onSettings={onSettings} />
      {noVoice ? <p className="muted small">Choose the voice the book is read in; a sentence can still have its own in the chapter editor.</p> : null}
      <div className="table-wrap">
        <table className="table table--compact render-queue__table">
          <caption className="visually-hidden">Chapters and how much of each is rendered</caption>
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">Included</span></th>
              <th scope="col">Chapter</th>
              <th scope="col" className="num">Rendered</th>
              <th scope="col" className="num">Stale</th>
              <th scope="col" className="num">New</th>
              <th scope="col" className="render-queue__bar-col">Progress</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {(status ?? []).map((c) => (
              <tr key={c.chapterId} data-testid="render-chapter" data-chapter={c.chapterId} data-rendered={c.rendered} data-stale={c.stale} data-new={c.new} className={c.included ? undefined : 'render-queue__excluded'}>
                <td>
                  <input type="checkbox" checked={c.included} onChange={(e) => void include.run(c.chapterId, e.target.checked)} disabled={include.pending}
                    aria-label={`Include ${c.title} in the book`} title="Included in book renders and exports" />
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpen(c.chapterId)} data-testid="open-chapter">{c.title}</button>
                  {c.included ? null : <span className="badge book-kind--front">not included</span>}
                  {c.job ? <span className="badge badge--running">rendering</span> : null}
                </td>
                <td className="num">{formatNumber(c.rendered)} / {formatNumber(c.sentences)}</td>
                <td className="num">{c.stale > 0 ? <span className="state-text state-text--stale">{formatNumber(c.stale)}</span> : '0'}</td>
                <td className="num">{formatNumber(c.new)}</td>
                <td className="render-queue__bar-col"><ProgressBar current={c.rendered} total={Math.max(1, c.sentences)} label={`${c.title} rendered`} /></td>
                <td className="render-queue__actions">
                  <button type="button" className="btn btn--small" disabled={busy || noVoice || c.stale + c.new === 0} onClick={() => render.renderChapter(c.chapterId)} data-testid="render-chapter-start">
                    {c.rendered > 0 && c.stale + c.new > 0 ? 'Resume' : 'Render'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card__actions">
        <button type="button" className="btn btn--primary" disabled={busy || noVoice || included.length === 0} onClick={render.renderBook} data-testid="render-book-start">
          Render the book
        </button>
      </div>
      {include.error ? <ErrorNotice error={include.error} onDismiss={include.clearError} /> : null}
      {render.startError ? <ErrorNotice error={render.startError} onDismiss={render.clearStartError} testId="render-start-error" /> : null}
      <BookJobProgress followed={render.followed} verb="Render" unit="sentences" stopLabel="Pause" testId="render-job"
        cancelled="Paused: the sentences already rendered are kept. Render again to resume."
        success={(job) => {
          const r = RenderResultSchema.safeParse(job.result);
          if (!r.success) return <p>{job.title}: done.</p>;
          const sum = r.data.chapters.reduce((t, c) => ({ rendered: t.rendered + c.rendered, cached: t.cached + c.cached, flagged: t.flagged + c.flagged, skipped: t.skipped + c.skipped.length }), { rendered: 0, cached: 0, flagged: 0, skipped: 0 });
          return (
            <p data-testid="render-job-summary">
              {job.title}: {formatNumber(sum.rendered)} rendered, {formatNumber(sum.cached)} from the cache in {r.data.renderSeconds.toFixed(1)} s
              {sum.flagged > 0 ? ` · ${formatNumber(sum.flagged)} with possible slips` : ''}{sum.skipped > 0 ? ` · ${formatNumber(sum.skipped)} skipped (nothing to say)` : ''}.
            </p>
          );
        }} />
    </section>
  );
}
