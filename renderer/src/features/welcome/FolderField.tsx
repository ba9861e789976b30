// A folder path text field with a Browse… button when the native folder picker is available (Electron).
import { useId } from 'react';
import { useStudio } from '../../api/use-studio';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  placeholder?: string;
}

export function FolderField({ label, value, onChange, testId, placeholder }: Props) {
  const { client } = useStudio();
  const id = useId();
  const browse = async () => {
    const picked = await client.pickFolder();
    if (picked) onChange(picked);
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <div className="field__row">
        <input
          id={id}
          className="input input--mono"
          type="text"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          spellCheck={false}
          autoComplete="off"
          placeholder={placeholder}
          data-testid={testId}
          required
        />
        {client.canPickFolder ? (
          <button type="button" className="btn" onClick={() => void browse()}>
            Browse…
          </button>
        ) : null}
      </div>
    </div>
  );
}
