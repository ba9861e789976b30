// The selected sentence: its takes, its text (only it re-renders), the pause after it, its own voice/vocoder, and its flags.
import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { flagKinds, type Sentence } from '../../../../electron/shared/domains/books';
import { useAction } from '../../api/use-action';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useVoiceInfo, vocoderLabel } from '../voices/voice-info';
import { SentenceTakes, type TakePlayer } from './SentenceTakes';
import type { RenderSettings } from './use-render-settings';

type Voice = CallOutput<'voices:list'>[number];
export const producerFlagKinds = ['mispronounced', 'skipped', 'wrong_stress', 'noise', 'note'] as const;
export const flagLabel = (kind: (typeof flagKinds)[number]): string => kind.replace(/_/g, ' ');

interface Props {
  sentence: Sentence;
  voices: readonly Voice[];
  settings: RenderSettings;
  player: TakePlayer;
  onUpdated(sentence: Sentence): void;
  onChanged(): void;
}

export function SentenceInspector({ sentence, voices, settings, player, onUpdated, onChanged }: Props) {
  const { client } = useStudio();
  const [text, setText] = useState(sentence.text);
  const [pause, setPause] = useState(String(sentence.pauseAfterMs));
  const [flagKind, setFlagKind] = useState<(typeof producerFlagKinds)[number]>('note');
  const [note, setNote] = useState('');
  const [allSlips, setAllSlips] = useState(false);
  useEffect(() => {
    setText(sentence.text);
    setPause(String(sentence.pauseAfterMs));
  }, [sentence.id, sentence.text, sentence.pauseAfterMs]);

  const own = voices.find((v) => v.id === sentence.voiceId) ?? null;
  const info = useVoiceInfo(own?.path ?? voices.find((v) => v.id === settings.voiceId)?.path ?? null);
  const vocoders = info?.state === 'ready' ? info.info.vocoders : [];

  const saveText = useAction(async () => onUpdated(await client.call('books:editSentence', { sentenceId: sentence.id, text: text.trim() })));
  const pauseMs = Number(pause);
  const pauseOk = pause.trim() !== '' && Number.isInteger(pauseMs) && pauseMs >= 0 && pauseMs <= 60_000;
  const savePause = useAction(async () => onUpdated(await client.call('books:setPause', { sentenceId: sentence.id, pauseAfterMs: pauseMs })));
  const setVoice = useAction(async (voiceId: number | null, vocoder: string | null) =>
    onUpdated(await client.call('books:setSentenceVoice', { sentenceId: sentence.id, voiceId, vocoder })));
  const flag = useAction(async () => {
    await client.call('books:flag', { sentenceId: sentence.id, kind: flagKind, note: note.trim(), ...(sentence.chosenTakeId !== null ? { takeId: sentence.chosenTakeId } : {}) });
    setNote('');
    onChanged();
  });
  const unflag = useAction(async (flagId: number) => {
    await client.call('books:unflag', { flagId });
    onChanged();
  });
  // The engine's slip flags of the chosen take only (older takes have their own); the producer's always.
  const current = sentence.flags.filter((f) => f.source === 'producer' || f.takeId === null || f.takeId === sentence.chosenTakeId);
  const otherTakes = sentence.flags.length - current.length;
  const mine = current.filter((f) => f.source === 'producer');
  const slips = current.filter((f) => f.source === 'slip');
  const SLIPS_SHOWN = 4;
  const shown = [...mine, ...(allSlips ? slips : slips.slice(0, SLIPS_SHOWN))];
  const error = saveText.error ?? savePause.error ?? setVoice.error ?? flag.error ?? unflag.error;

  return (
    <section className="card sentence-inspector" aria-label="Selected sentence" data-testid="sentence-inspector" data-sentence={sentence.id}>
      <div className="render-queue__head">
        <h2 className="card__title">Sentence {sentence.position + 1}</h2>
        <span className={`badge state-badge state-badge--${sentence.state}`} data-testid="inspector-state">{sentence.state}</span>
      </div>
      <SentenceTakes sentence={sentence} settings={settings} player={player} onChanged={onChanged} />

      <label className="field">
        <span className="field__label">Text (only this sentence re-renders)</span>
        <textarea className="input sentence-inspector__text" rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-label="Sentence text" data-testid="sentence-text-input" />
      </label>
      <div className="card__actions">
        <button type="button" className="btn btn--small" onClick={() => void saveText.run()} disabled={!text.trim() || text.trim() === sentence.text || saveText.pending} data-testid="sentence-text-save">Save text</button>
      </div>

      <div className="sentence-inspector__row">
        <label className="field">
          <span className="field__label">Pause after (ms)</span>
          <input className="input input--number" type="number" min={0} max={60000} step={50} value={pause} onChange={(e) => setPause(e.target.value)} aria-label="Pause after, milliseconds" />
        </label>
        <button type="button" className="btn btn--small" onClick={() => void savePause.run()} disabled={!pauseOk || pauseMs === sentence.pauseAfterMs || savePause.pending}>Set pause</button>
        {!pauseOk ? <span className="field__problem">0 to 60000 ms</span> : null}
      </div>

      <div className="sentence-inspector__row">
        <label className="field">
          <span className="field__label">Voice</span>
          <select className="input select" value={sentence.voiceId ?? ''} onChange={(e) => void setVoice.run(e.target.value ? Number(e.target.value) : null, null)} aria-label="Sentence voice">
            <option value="">The book’s voice</option>
            {voices.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Vocoder</span>
          <select className="input select" value={sentence.vocoder ?? ''} onChange={(e) => void setVoice.run(sentence.voiceId, e.target.value || null)} aria-label="Sentence vocoder">
            <option value="">The book’s vocoder</option>
            {vocoders.map((v) => <option key={v.name} value={v.name}>{vocoderLabel(v)}</option>)}
          </select>
        </label>
      </div>

      <h3 className="section-title">Flags</h3>
      {current.length === 0 ? <p className="muted small">No flags. Select a word in the text to flag it.</p> : (
        <ul className="flag-list" data-testid="flag-list">
          {shown.map((f) => (
            <li key={f.id} className={`flag-list__item flag-list__item--${f.source}`} data-testid="sentence-flag" data-kind={f.kind} data-source={f.source}>
              <span className={`badge flag-badge flag-badge--${f.source}`}>{f.source === 'slip' ? 'engine' : 'you'}</span>
              <span className="flag-list__kind">{flagLabel(f.kind)}</span>
              {f.chars ? <q className="flag-list__word">{sentence.text.slice(f.chars.start, f.chars.end)}</q> : null}
              {!f.chars && f.time ? <span className="small muted">{f.time.start.toFixed(2)}–{f.time.end.toFixed(2)} s of the take</span> : null}
              <button type="button" className="btn btn--small btn--ghost" onClick={() => void unflag.run(f.id)} disabled={unflag.pending} aria-label={`Remove flag ${flagLabel(f.kind)}`}>Remove</button>
              {f.note ? <span className="muted small flag-list__note" title={f.note}>{f.note}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {slips.length > SLIPS_SHOWN ? (
        <button type="button" className="link-button small" onClick={() => setAllSlips((a) => !a)}>
          {allSlips ? 'Show fewer engine flags' : `Show all ${slips.length} engine flags`}
        </button>
      ) : null}
      {otherTakes > 0 ? <p className="muted small">{otherTakes} engine flag{otherTakes === 1 ? '' : 's'} on other takes not shown.</p> : null}
      <div className="sentence-inspector__row">
        <select className="input select" value={flagKind} onChange={(e) => setFlagKind(e.target.value as (typeof producerFlagKinds)[number])} aria-label="Flag kind">
          {producerFlagKinds.map((k) => <option key={k} value={k}>{flagLabel(k)}</option>)}
        </select>
        <input className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder="Note (optional)" aria-label="Flag note" />
        <button type="button" className="btn btn--small" onClick={() => void flag.run()} disabled={flag.pending}>Flag sentence</button>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
