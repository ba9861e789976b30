// A take's checks, each with its level and the sentence that says what to do; shared by the recorder and the review.
import type { Take } from '../../../../electron/shared/domains/corpus';

export function TakeChecks({ checks }: { checks: Take['checks'] }) {
  return (
    <ul className="checks" data-testid="take-checks">
      {checks.map((c) => (
        <li key={c.id} className={`check check--${c.level}`} data-check={c.id} data-level={c.level}>
          <span className="check__dot" aria-label={c.level} role="img" />
          <span className="check__message">{c.message}</span>
        </li>
      ))}
    </ul>
  );
}
