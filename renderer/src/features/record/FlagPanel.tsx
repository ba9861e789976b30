// Marks a slip on a take: misread, noise, mouth click or other, with an optional note; Escape closes it.
import { useEffect, useRef, useState } from 'react';
import type { Take } from '../../../../electron/shared/domains/corpus';
import type { ApiError } from '../../../../electron/shared/errors';
import { ErrorNotice } from '../../components/ErrorNotice';
import { flagLabel } from './take-labels';

type Flag = Take['flags'][number]['flag'];
const flags = Object.keys(flagLabel) as Flag[];

export function FlagPanel({ onFlag, onClose, error, pending }: { onFlag(flag: Flag, note: string): void; onClose(): void; error: ApiError | null; pending: boolean }) {
  const [note, setNote] = useState('');
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    first.current?.focus();
  }, []);
  return (
    <div
      className="flag-panel"
      role="dialog"
      aria-label="Flag this take"
      data-testid="flag-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <p className="flag-panel__title">What went wrong?</p>
      <div className="flag-panel__choices">
        {flags.map((f, i) => (
          <button key={f} ref={i === 0 ? first : undefined} type="button" className="btn btn--small" disabled={pending} onClick={() => onFlag(f, note.trim())}>
            {flagLabel[f]}
          </button>
        ))}
      </div>
      <label className="field">
        <span className="field__label">Note (optional)</span>
        <input className="input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder="e.g. said “the” twice" />
      </label>
      <div className="flag-panel__footer">
        <span className="muted">Esc to close</span>
        <button type="button" className="btn btn--small btn--ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
