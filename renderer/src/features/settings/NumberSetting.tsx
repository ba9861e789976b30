// A number field that saves when the user commits (Enter or leaving the field) and explains out-of-range values.
import { useEffect, useId, useState } from 'react';
import { SettingRow } from './SettingRow';

interface Props {
  label: string;
  description: string;
  value: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  unit?: string;
  testId: string;
  onCommit(value: number): void;
}

export function NumberSetting({ label, description, value, min, max, step, integer = false, unit, testId, onCommit }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setDraft(String(value)), [value]);

  const commit = () => {
    const n = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      setProblem(`Enter ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
      return;
    }
    setProblem(null);
    if (n !== value) onCommit(n);
  };

  return (
    <SettingRow id={id} label={label} description={description}>
      <div className="field__row">
        <input
          id={id}
          className="input input--number"
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          value={draft}
          aria-describedby={`${id}-desc`}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
          data-testid={testId}
        />
        {unit ? <span className="unit">{unit}</span> : null}
      </div>
      {problem ? (
        <p className="field__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </SettingRow>
  );
}
