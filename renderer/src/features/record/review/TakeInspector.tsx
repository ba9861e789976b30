// One take under review: waveform and spectrogram with its trim, checks, accept/reject, choose as the prompt's take, and its siblings.
import { useEffect, useRef, useState } from 'react';
import type { ReviewTake, Take } from '../../../../../electron/shared/domains/corpus';
import { useAction } from '../../../api/use-action';
import { useStudio } from '../../../api/use-studio';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { TakeChecks } from '../TakeChecks';
import { TakeFlags } from '../TakeFlags';
import { formatSeconds, stateLabel, verdictBadge, verdictLabel } from '../take-labels';
import { TakeWaveform, type Span, type TakePlayer } from './TakeWaveform';

interface Props {
  take: ReviewTake;
  siblings: readonly Take[];
  onChanged(take: Take): void;
  onSelectSibling(take: Take): void;
}

export type InspectorCommand = 'play' | 'playTrim' | 'accept' | 'reject' | 'choose' | 'saveTrim';

const same = (a: Span | null, b: Span | null): boolean => (a === null || b === null ? a === b : Math.abs(a.start - b.start) < 1e-3 && Math.abs(a.end - b.end) < 1e-3);

export function TakeInspector({ take, siblings, onChanged, onSelectSibling, commands }: Props & { commands: React.RefObject<((c: InspectorCommand) => void) | null> }) {
  const { client, mediaUrl } = useStudio();
  const player = useRef<TakePlayer | null>(null);
  const [draft, setDraft] = useState<Span | null>(take.trim);
  const [time, setTime] = useState(0);
  useEffect(() => setDraft(take.trim), [take.id, take.trim]);

  const act = useAction(async (call: () => Promise<Take>) => onChanged(await call()));
  const saveTrim = (span: Span | null) => void act.run(() => client.call('corpus:setTrim', { takeId: take.id, trim: span }));
  const setState = (state: 'accepted' | 'rejected') => void act.run(() => client.call('corpus:setTakeState', { takeId: take.id, state }));
  const choose = () => void act.run(() => client.call('corpus:chooseTake', { takeId: take.id, chosen: !take.chosen }));
  const shown = draft ?? take.autoTrim;
  const dirty = draft !== null && !same(draft, take.trim ?? take.autoTrim);

  commands.current = (c) => {
    if (c === 'play') player.current?.toggle();
    else if (c === 'playTrim' && shown) player.current?.playSpan(shown);
    else if (c === 'accept') setState('accepted');
    else if (c === 'reject') setState('rejected');
    else if (c === 'choose') choose();
    else if (c === 'saveTrim' && dirty) saveTrim(draft);
  };

  return (
    <div className="card inspector" data-testid="take-inspector" data-take={take.id} data-state={take.state} data-chosen={take.chosen}>
      <div className="inspector__head">
        <code className="inspector__key">{take.promptKey}</code>
        {take.verdict ? <span className={`badge ${verdictBadge[take.verdict]}`}>{verdictLabel[take.verdict]}</span> : null}
        <span className={`badge take-state take-state--${take.state}`} data-testid="inspector-state">
          {stateLabel[take.state]}
        </span>
        {take.chosen ? (
          <span className="badge badge--accent" data-testid="inspector-chosen">
            ★ chosen
          </span>
        ) : null}
        {take.outlier ? <span className="badge badge--warning">outlier</span> : null}
        <span className="muted inspector__meta">
          {formatSeconds(take.seconds)} · {(take.sampleRate / 1000).toFixed(take.sampleRate % 1000 ? 2 : 0)} kHz · {new Date(take.createdAt).toLocaleString()}
        </span>
      </div>
      <p className="inspector__text">{take.promptText}</p>
      <TakeWaveform
        key={take.id}
        src={mediaUrl(take.path)}
        trim={draft}
        autoTrim={take.autoTrim}
        onTrimChange={setDraft}
        onReady={(p) => (player.current = p)}
        onTime={setTime}
      />
      <div className="inspector__trim" data-testid="trim-controls">
        <span className="inspector__clock" aria-label="Playback position">
          {time.toFixed(2)} s
        </span>
        <span className="inspector__span" data-testid="trim-span">
          {shown ? `Trim ${shown.start.toFixed(2)}–${shown.end.toFixed(2)} s (${(shown.end - shown.start).toFixed(2)} s)` : 'No speech found to trim around.'}
          <span className="muted"> · {take.trim ? 'set by you' : 'automatic'}{dirty ? ', edited' : ''}</span>
        </span>
        <span className="inspector__spacer" />
        <button type="button" className="btn btn--small" onClick={() => player.current?.toggle()} aria-keyshortcuts="Space">
          Play <kbd>Space</kbd>
        </button>
        <button type="button" className="btn btn--small" disabled={!shown} onClick={() => shown && player.current?.playSpan(shown)} aria-keyshortcuts="T">
          Play trimmed <kbd>T</kbd>
        </button>
        <button type="button" className="btn btn--small btn--primary" disabled={!dirty || act.pending} onClick={() => saveTrim(draft)} data-testid="save-trim" aria-keyshortcuts="S">
          Save trim <kbd>S</kbd>
        </button>
        <button type="button" className="btn btn--small btn--ghost" disabled={take.trim === null || act.pending} onClick={() => { setDraft(null); saveTrim(null); }} data-testid="reset-trim">
          Automatic
        </button>
      </div>
      <TakeChecks checks={take.checks} />
      <TakeFlags flags={take.flags} />
      <div className="inspector__actions">
        <button type="button" className="btn btn--small take-accept" disabled={act.pending || take.state === 'accepted'} onClick={() => setState('accepted')} aria-keyshortcuts="A">
          Accept <kbd>A</kbd>
        </button>
        <button type="button" className="btn btn--small take-reject" disabled={act.pending || take.state === 'rejected'} onClick={() => setState('rejected')} aria-keyshortcuts="X">
          Reject <kbd>X</kbd>
        </button>
        <button type="button" className="btn btn--small" disabled={act.pending || take.state === 'rejected'} onClick={choose} data-testid="choose-take" aria-keyshortcuts="C">
          {take.chosen ? 'Unchoose' : 'Choose for the dataset'} <kbd>C</kbd>
        </button>
      </div>
      {act.error ? <ErrorNotice error={act.error} onDismiss={act.clearError} /> : null}
      {siblings.length > 1 ? (
        <div className="inspector__siblings" data-testid="take-siblings">
          <h3 className="side-card__title">All takes of this prompt</h3>
          <ol className="sibling-list">
            {siblings.map((s, i) => (
              <li key={s.id}>
                <button type="button" className={`sibling${s.id === take.id ? ' sibling--current' : ''}`} onClick={() => onSelectSibling(s)} aria-current={s.id === take.id ? 'true' : undefined}>
                  <span>Take {i + 1}</span>
                  <span className="muted">{formatSeconds(s.seconds)}</span>
                  {s.verdict ? <span className={`badge ${verdictBadge[s.verdict]}`}>{verdictLabel[s.verdict]}</span> : null}
                  <span className={`take-state take-state--${s.state}`}>{stateLabel[s.state]}</span>
                  {s.chosen ? <span aria-label="chosen">★</span> : null}
                </button>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
