// The slips flagged on a take ("Misread: said Tom twice"), as badges; shared by the recorder and the review.
import type { Take } from '../../../../electron/shared/domains/corpus';
import { flagLabel } from './take-labels';

export function TakeFlags({ flags }: { flags: Take['flags'] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="take-flags" data-testid="take-flags">
      {flags.map((f, i) => (
        <li key={i} className="badge badge--warning">
          {flagLabel[f.flag]}
          {f.note ? `: ${f.note}` : ''}
        </li>
      ))}
    </ul>
  );
}
