// The speaker's standing: prompts, position in the script, takes, today's recording and accepted hours toward the workspace's target.
import type { CallOutput } from '../../../../electron/shared/contract';
import { formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useSettings } from '../settings/use-settings';

export function formatHours(seconds: number): string {
  const h = seconds / 3600;
  if (h >= 10) return `${h.toFixed(0)} h`;
  if (h >= 1) return `${h.toFixed(1)} h`;
  if (seconds >= 60) return `${Math.round(seconds / 60)} min`;
  return `${seconds.toFixed(seconds > 0 && seconds < 10 ? 1 : 0)} s`;
}

export function SpeakerProgress({ speaker }: { speaker: CallOutput<'corpus:getSpeaker'> }) {
  const { settings } = useSettings();
  const target = settings.targetCorpusHours * 3600;
  return (
    <div className="speaker-progress" data-testid="speaker-progress">
      <dl className="speaker-progress__facts">
        <div>
          <dt>Prompts</dt>
          <dd data-testid="speaker-prompts">{formatNumber(speaker.prompts)}</dd>
        </div>
        <div>
          <dt>Position</dt>
          <dd data-testid="speaker-position">{speaker.prompts > 0 ? `${formatNumber(speaker.scriptPosition + 1)} / ${formatNumber(speaker.prompts)}` : '—'}</dd>
        </div>
        <div>
          <dt>Takes</dt>
          <dd>{formatNumber(speaker.takes)}</dd>
        </div>
        <div>
          <dt>Today</dt>
          <dd data-testid="speaker-session">{formatHours(speaker.sessionSeconds)}</dd>
        </div>
        <div>
          <dt>Accepted</dt>
          <dd data-testid="speaker-accepted">
            {formatHours(speaker.acceptedSeconds)} <span className="muted">of {settings.targetCorpusHours} h</span>
          </dd>
        </div>
      </dl>
      <div className="speaker-progress__bar">
        <ProgressBar current={Math.min(speaker.acceptedSeconds, target)} total={target} label="Accepted audio toward the target hours" />
      </div>
    </div>
  );
}
