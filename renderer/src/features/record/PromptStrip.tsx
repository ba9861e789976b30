// The script around the current prompt, a page at a time: jump to any prompt; done ones are marked.
import { useEffect, useRef } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { formatNumber } from '../../components/format';

export const PROMPT_PAGE = 200;
type PromptRow = CallOutput<'corpus:listPrompts'>['prompts'][number];

interface Props {
  prompts: readonly PromptRow[];
  offset: number;
  total: number;
  position: number;
  disabled: boolean;
  onGo(position: number): void;
}

export function PromptStrip({ prompts, offset, total, position, disabled, onGo }: Props) {
  const current = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    current.current?.scrollIntoView({ block: 'nearest' });
  }, [position, prompts]);
  const last = Math.min(total, offset + PROMPT_PAGE);
  return (
    <nav className="card side-card prompt-strip" aria-label="Prompts of the script" data-testid="prompt-strip">
      <div className="prompt-strip__head">
        <h2 className="side-card__title">Script</h2>
        <span className="muted">
          {formatNumber(offset + 1)}–{formatNumber(last)} of {formatNumber(total)}
        </span>
        {total > PROMPT_PAGE ? (
          <span className="prompt-strip__pages">
            <button type="button" className="btn btn--small btn--ghost" disabled={disabled || offset === 0} onClick={() => onGo(offset - PROMPT_PAGE)} aria-label="Previous page of prompts">
              ‹
            </button>
            <button type="button" className="btn btn--small btn--ghost" disabled={disabled || last >= total} onClick={() => onGo(last)} aria-label="Next page of prompts">
              ›
            </button>
          </span>
        ) : null}
      </div>
      <ol className="prompt-strip__list">
        {prompts.map((p) => {
          const here = p.position === position;
          const state = p.accepted > 0 ? 'accepted' : p.takes > 0 ? 'taken' : 'open';
          return (
            <li key={p.id}>
              <button
                ref={here ? current : undefined}
                type="button"
                className={`prompt-strip__item prompt-strip__item--${state}${here ? ' prompt-strip__item--current' : ''}`}
                aria-current={here ? 'step' : undefined}
                disabled={disabled && !here}
                onClick={() => onGo(p.position)}
                title={p.text}
                data-testid="prompt-row"
                data-state={state}
              >
                <span className="prompt-strip__dot" aria-label={state} role="img" />
                <span className="prompt-strip__n">{p.position + 1}</span>
                <span className="prompt-strip__text">{p.text}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
