// A sentence's takes: regenerate another (a job), list them newest first, A/B compare two at the same position, choose the one the chapter uses.
import { useCallback, useState } from 'react';
import type { CallOutput, Job } from '../../../../electron/shared/contract';
import type { Sentence } from '../../../../electron/shared/domains/books';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatRelative } from '../../components/format';
import { useJob } from '../datasets/use-job';
import { BookJobProgress } from './BookJobProgress';
import type { RenderSettings } from './use-render-settings';

type Take = CallOutput<'books:takes'>['takes'][number];

export interface TakePlayer {
  /** Plays a take's WAV (workspace-relative); `keepTime` starts where the last one was (A/B). */
  play(path: string, keepTime?: boolean): void;
  playingPath: string | null;
}

interface Props {
  sentence: Sentence;
  settings: RenderSettings;
  player: TakePlayer;
  onChanged(): void;
}

export function SentenceTakes({ sentence, settings, player, onChanged }: Props) {
  const { client } = useStudio();
  const takes = useCall('books:takes', { sentenceId: sentence.id }, [sentence.chosenTakeId, sentence.state]);
  const list = takes.data?.takes ?? [];
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const { refresh } = takes;
  const onFinished = useCallback((job: Job) => {
    void refresh();
    if (job.state === 'succeeded') onChanged();
  }, [refresh, onChanged]);
  const regen = useJob(onFinished);
  const start = useAction(async () => {
    // The sentence's own voice override wins; otherwise the book's render voice.
    const { job } = await client.call('books:regenerate', {
      sentenceId: sentence.id,
      ...(sentence.voiceId === null && settings.voiceId !== null ? { voiceId: settings.voiceId } : {}),
      ...(sentence.vocoder === null && settings.vocoder ? { vocoder: settings.vocoder } : {}),
      ...(settings.maxSteps !== null ? { maxSteps: settings.maxSteps } : {}),
    });
    regen.follow(job);
  });
  const choose = useAction(async (takeId: number) => {
    const r = await client.call('books:chooseTake', { sentenceId: sentence.id, takeId });
    takes.setData(r);
    onChanged();
  });
  const chosen = list.find((t) => t.chosen) ?? null;
  const takeA = list.find((t) => t.id === a) ?? chosen ?? list[0] ?? null;
  const takeB = list.find((t) => t.id === b) ?? list.find((t) => t.id !== takeA?.id) ?? null;
  const label = (t: Take): string => `Take ${list.length - list.indexOf(t)}`;

  return (
    <div className="sentence-takes" data-testid="sentence-takes" data-takes={list.length}>
      <div className="render-queue__head">
        <h3 className="section-title">Takes</h3>
        <button type="button" className="btn btn--small" onClick={() => void start.run()} disabled={regen.running || start.pending || (sentence.voiceId === null && settings.voiceId === null)} data-testid="regenerate">
          Another take
        </button>
      </div>
      <BookJobProgress followed={regen} verb="Another take" unit="sentence" stopLabel="Cancel" testId="regenerate-job" cancelled="Cancelled; the earlier takes are unchanged."
        success={() => <p>A new take is ready and chosen.</p>} />
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} /> : null}
      {list.length === 0 && takes.data ? <p className="muted small">Not rendered yet. Render the chapter, or ask for a take.</p> : null}
      {list.length > 0 ? (
        <ul className="take-list">
          {list.map((t) => (
            <li key={t.id} className={t.chosen ? 'take-list__item take-list__item--chosen' : 'take-list__item'} data-testid="sentence-take" data-chosen={t.chosen}>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => player.play(t.path)} aria-label={`Play ${label(t)}`}>
                {player.playingPath === t.path ? '■' : '▶'}
              </button>
              <span className="take-list__name">{label(t)}</span>
              <span className="muted small take-list__meta">{t.seconds.toFixed(1)} s · seed {t.seed} · {t.vocoder} · {formatRelative(t.createdAt)}</span>
              {t.slipReport?.flagged ? <span className="badge badge--warning">slips</span> : null}
              {t.text !== sentence.text ? <span className="badge">older text</span> : null}
              {t.chosen ? <span className="badge badge--succeeded">chosen</span> : (
                <button type="button" className="btn btn--small" onClick={() => void choose.run(t.id)} disabled={choose.pending} data-testid="choose-take">Use this</button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {takeA && takeB ? (
        <div className="take-ab" role="group" aria-label="Compare two takes">
          <span className="small muted">A/B</span>
          <select className="input select" value={takeA.id} onChange={(e) => setA(Number(e.target.value))} aria-label="Take A">
            {list.map((t) => <option key={t.id} value={t.id}>{label(t)}</option>)}
          </select>
          <select className="input select" value={takeB.id} onChange={(e) => setB(Number(e.target.value))} aria-label="Take B">
            {list.map((t) => <option key={t.id} value={t.id}>{label(t)}</option>)}
          </select>
          <button type="button" className={`btn btn--small${player.playingPath === takeA.path ? ' btn--primary' : ''}`} onClick={() => player.play(takeA.path, true)}>A</button>
          <button type="button" className={`btn btn--small${player.playingPath === takeB.path ? ' btn--primary' : ''}`} onClick={() => player.play(takeB.path, true)}>B</button>
        </div>
      ) : null}
      {takes.error ? <ErrorNotice error={takes.error} onRetry={() => void takes.refresh()} /> : null}
      {choose.error ? <ErrorNotice error={choose.error} onDismiss={choose.clearError} /> : null}
    </div>
  );
}
