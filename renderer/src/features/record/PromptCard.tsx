// The prompt to read, large and calm, with its key, its place in the script, and previous/next.
import type { CallOutput } from '../../../../electron/shared/contract';
import { formatNumber } from '../../components/format';

type PromptRow = CallOutput<'corpus:listPrompts'>['prompts'][number];

interface Props {
  prompt: PromptRow | null;
  position: number;
  total: number;
  disabled: boolean;
  onGo(position: number): void;
}

export function PromptCard({ prompt, position, total, disabled, onGo }: Props) {
  return (
    <div className="card prompt-card" data-testid="prompt-card">
      <div className="prompt-card__meta">
        <span className="prompt-card__key" data-testid="prompt-key">
          {prompt?.key ?? '…'}
        </span>
        <span className="prompt-card__position" data-testid="prompt-position">
          {formatNumber(position + 1)} / {formatNumber(total)}
        </span>
        {prompt && prompt.accepted > 0 ? <span className="badge badge--succeeded">accepted</span> : null}
        <span className="prompt-card__spacer" />
        <button type="button" className="btn btn--small btn--ghost" disabled={disabled || position <= 0} onClick={() => onGo(position - 1)} aria-label="Previous prompt">
          ← Previous
        </button>
        <button type="button" className="btn btn--small btn--ghost" disabled={disabled || position >= total - 1} onClick={() => onGo(position + 1)} aria-label="Next prompt">
          Next →
        </button>
      </div>
      <p className="prompt-card__text" data-testid="prompt-text" lang="">
        {prompt?.text ?? 'Loading the prompt…'}
      </p>
    </div>
  );
}
