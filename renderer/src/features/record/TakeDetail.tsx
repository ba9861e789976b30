// The selected take: verdict, every check with its reason, playback, and accept / reject / flag.
import type { RefObject } from 'react';
import type { Take } from '../../../../electron/shared/domains/corpus';
import type { ApiError } from '../../../../electron/shared/errors';
import { FlagPanel } from './FlagPanel';
import { TakeChecks } from './TakeChecks';
import { TakeFlags } from './TakeFlags';
import { formatSeconds, stateLabel, verdictBadge, verdictLabel } from './take-labels';

interface Props {
  take: Take;
  latest: boolean;
  src: string;
  audio: RefObject<HTMLAudioElement | null>;
  flagging: boolean;
  pending: boolean;
  flagError: ApiError | null;
  onFlagging(open: boolean): void;
  onReview(state: 'accepted' | 'rejected'): void;
  onFlag(flag: Take['flags'][number]['flag'], note: string): void;
}

export function TakeDetail({ take, latest, src, audio, flagging, pending, flagError, onFlagging, onReview, onFlag }: Props) {
  return (
    <div className="card take-detail" data-testid="take-detail" data-take={take.id} data-state={take.state}>
      <div className="take-detail__head">
        <h2 className="card__title">{latest ? 'Last take' : `Take ${take.id}`}</h2>
        {take.verdict ? (
          <span className={`badge ${verdictBadge[take.verdict]}`} data-testid="take-verdict" data-verdict={take.verdict}>
            {verdictLabel[take.verdict]}
          </span>
        ) : null}
        <span className={`badge take-state take-state--${take.state}`} data-testid="take-state">
          {stateLabel[take.state]}
        </span>
        <span className="muted take-detail__length">
          {formatSeconds(take.seconds)} · {(take.sampleRate / 1000).toFixed(1)} kHz
        </span>
      </div>
      <TakeChecks checks={take.checks} />
      <TakeFlags flags={take.flags} />
      <div className="take-detail__actions">
        <audio ref={audio} className="take-detail__audio" controls preload="auto" src={src} data-testid="take-audio" />
        <button type="button" className="btn btn--small take-accept" disabled={pending || take.state === 'accepted'} onClick={() => onReview('accepted')} aria-keyshortcuts="A">
          Accept <kbd>A</kbd>
        </button>
        <button type="button" className="btn btn--small take-reject" disabled={pending || take.state === 'rejected'} onClick={() => onReview('rejected')} aria-keyshortcuts="X">
          Reject <kbd>X</kbd>
        </button>
        <button type="button" className="btn btn--small" disabled={pending} onClick={() => onFlagging(!flagging)} aria-expanded={flagging} aria-keyshortcuts="F">
          Flag <kbd>F</kbd>
        </button>
      </div>
      {flagging ? <FlagPanel onFlag={onFlag} onClose={() => onFlagging(false)} error={flagError} pending={pending} /> : null}
    </div>
  );
}
