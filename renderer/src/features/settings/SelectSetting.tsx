// A labelled select for one setting; saves as soon as the choice changes.
import { useId } from 'react';
import { SettingRow } from './SettingRow';

interface Props<T extends string | number> {
  label: string;
  description: string;
  value: T;
  options: readonly { value: T; label: string }[];
  testId: string;
  onChange(value: T): void;
}

export function SelectSetting<T extends string | number>({ label, description, value, options, testId, onChange }: Props<T>) {
  const id = useId();
  return (
    <SettingRow id={id} label={label} description={description}>
      <select
        id={id}
        className="input select"
        value={String(value)}
        aria-describedby={`${id}-desc`}
        data-testid={testId}
        onChange={(e) => {
          const picked = options.find((o) => String(o.value) === e.target.value);
          if (picked) onChange(picked.value);
        }}
      >
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </SettingRow>
  );
}
