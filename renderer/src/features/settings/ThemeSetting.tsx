// The theme choice as a segmented radio group; applies immediately.
import type { Settings } from '../../../../electron/shared/contract';

const themes: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function ThemeSetting({ value, onChange }: { value: Settings['theme']; onChange(theme: Settings['theme']): void }) {
  return (
    <fieldset className="setting setting--fieldset">
      <div className="setting__text">
        <legend className="setting__label">Theme</legend>
        <p className="setting__description">System follows your operating system's light or dark mode.</p>
      </div>
      <div className="setting__control">
        <div className="segmented" data-testid="setting-theme">
          {themes.map((t) => (
            <label key={t.value} className="segmented__option">
              <input type="radio" name="theme" value={t.value} checked={value === t.value} onChange={() => onChange(t.value)} />
              <span>{t.label}</span>
            </label>
          ))}
        </div>
      </div>
    </fieldset>
  );
}
