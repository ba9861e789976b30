// A small form that creates a speaker: a name and the language they read in.
import { useState, type FormEvent } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSettings } from '../settings/use-settings';

type Language = 'en-US' | 'en-GB' | 'de-DE';
const languages: readonly [Language, string][] = [
  ['en-US', 'English (US)'],
  ['en-GB', 'English (UK)'],
  ['de-DE', 'German'],
];

export function CreateSpeakerForm({ onCreated, onCancel }: { onCreated(speaker: CallOutput<'corpus:createSpeaker'>): void; onCancel?: () => void }) {
  const { client } = useStudio();
  const { settings } = useSettings();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<Language>(settings.defaultLanguage);
  const create = useAction(() => client.call('corpus:createSpeaker', { name, language }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const speaker = await create.run();
    if (speaker) onCreated(speaker);
  };

  return (
    <form className="speaker-form" aria-label="Create a speaker" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span className="field__label">Speaker name</span>
        <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required autoFocus={onCancel !== undefined} />
      </label>
      <label className="field">
        <span className="field__label">Language</span>
        <select className="input select speaker-form__language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {languages.map(([code, label]) => (
            <option key={code} value={code}>
              {label} · {code}
            </option>
          ))}
        </select>
      </label>
      <div className="speaker-form__actions">
        <button type="submit" className="btn btn--primary" disabled={create.pending || name.trim() === ''}>
          Create speaker
        </button>
        {onCancel ? (
          <button type="button" className="btn btn--ghost" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
      {create.error ? <ErrorNotice error={create.error} onDismiss={create.clearError} /> : null}
    </form>
  );
}
