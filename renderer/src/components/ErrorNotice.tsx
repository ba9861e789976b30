// An inline error: what went wrong (message) and what to do about it (hint), announced to screen readers.
import type { ApiError } from '../../../electron/shared/errors';

export function ErrorNotice({ error, onDismiss, onRetry, testId }: { error: ApiError; onDismiss?: () => void; onRetry?: () => void; testId?: string }) {
  return (
    <div className="notice notice--error" role="alert" data-testid={testId ?? 'error-notice'} data-code={error.code}>
      <div className="notice__body">
        <p className="notice__message">{error.message}</p>
        {error.hint ? <p className="notice__hint">{error.hint}</p> : null}
      </div>
      {onRetry || onDismiss ? (
        <div className="notice__actions">
          {onRetry ? (
            <button type="button" className="btn btn--small" onClick={onRetry}>
              Try again
            </button>
          ) : null}
          {onDismiss ? (
            <button type="button" className="btn btn--small btn--ghost" onClick={onDismiss} aria-label="Dismiss error">
              Dismiss
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
