// One speaker's studio: the speaker bar (choose, create, import, progress, record/review) above their recorder, review or the no-script state.
import { useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import { useCall } from '../../api/use-call';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CoveragePanel } from './CoveragePanel';
import { CreateSpeakerForm } from './CreateSpeakerForm';
import { ImportRecordings } from './ImportRecordings';
import { RecorderPanel } from './RecorderPanel';
import { ReviewPanel } from './review/ReviewPanel';
import { ScriptImport } from './ScriptImport';
import { SpeakerProgress } from './SpeakerProgress';

type SpeakerRow = CallOutput<'corpus:listSpeakers'>[number];

interface Props {
  speakerId: number;
  speakers: readonly SpeakerRow[];
  onSelect(id: number): void;
  onCreated(speaker: { id: number }): void;
}

type View = 'record' | 'review';
const STORED_VIEW = 'voicewright:record-view';

export function SpeakerStudio({ speakerId, speakers, onSelect, onCreated }: Props) {
  const speaker = useCall('corpus:getSpeaker', { speakerId });
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [covering, setCovering] = useState(false);
  const [view, setViewState] = useState<View>(() => (localStorage.getItem(STORED_VIEW) === 'review' ? 'review' : 'record'));
  const [reviewKey, setReviewKey] = useState(0);
  const setView = (v: View) => {
    localStorage.setItem(STORED_VIEW, v);
    setViewState(v);
  };
  const s = speaker.data;

  return (
    <>
      <div className="card speaker-bar" data-testid="speaker-bar">
        <div className="speaker-bar__row">
          <label className="field__row">
            <span className="field__label">Speaker</span>
            <select className="input select speaker-bar__select" value={speakerId} onChange={(e) => onSelect(Number(e.target.value))} data-testid="speaker-select">
              {speakers.map((row) => (
                <option key={row.id} value={row.id}>
                  {row.name} · {row.language}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            New speaker
          </button>
          <span className="speaker-bar__spacer" />
          <button type="button" className="btn btn--small" onClick={() => setCovering((c) => !c)} aria-expanded={covering} data-testid="open-coverage">
            Coverage…
          </button>
          <button type="button" className="btn btn--small" onClick={() => setImporting((i) => !i)} aria-expanded={importing} data-testid="open-import-recordings">
            Import recordings…
          </button>
          {s && s.prompts > 0 ? <ScriptImport speakerId={speakerId} compact onImported={() => void speaker.refresh()} /> : null}
        </div>
        {creating ? (
          <CreateSpeakerForm
            onCancel={() => setCreating(false)}
            onCreated={(created) => {
              setCreating(false);
              onCreated(created);
            }}
          />
        ) : null}
        {s ? <SpeakerProgress speaker={s} /> : null}
        {s && s.prompts > 0 ? (
          <div className="view-tabs" role="tablist" aria-label="Record or review">
            {(['record', 'review'] as const).map((v) => (
              <button key={v} type="button" role="tab" aria-selected={view === v} className={`view-tab${view === v ? ' view-tab--active' : ''}`} onClick={() => setView(v)} data-testid={`view-${v}`}>
                {v === 'record' ? 'Record' : `Review takes${s.takes > 0 ? ` (${s.takes})` : ''}`}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {covering ? <CoveragePanel speakerId={speakerId} onClose={() => setCovering(false)} onChanged={() => void speaker.refresh()} /> : null}
      {importing ? (
        <ImportRecordings
          speakerId={speakerId}
          onClose={() => setImporting(false)}
          onImported={() => {
            void speaker.refresh();
            setReviewKey((k) => k + 1);
          }}
        />
      ) : null}
      {speaker.error ? <ErrorNotice error={speaker.error} onRetry={() => void speaker.refresh()} /> : null}
      {s && s.prompts === 0 ? (
        <EmptyState icon="books" title={`No script for ${s.name} yet`} testId="record-no-script">
          <p>Import the prompts {s.name} will read. Each prompt becomes one take; you can add more files later.</p>
          <ScriptImport speakerId={speakerId} onImported={() => void speaker.refresh()} />
          <p className="muted">
            Starting from a long list of sentences?{' '}
            <button type="button" className="link-button" onClick={() => setCovering(true)} data-testid="choose-by-coverage">
              Choose the prompts that cover the language best
            </button>
            , or{' '}
            <button type="button" className="link-button" onClick={() => setImporting(true)}>
              import recordings you already have
            </button>
            .
          </p>
        </EmptyState>
      ) : null}
      {s && s.prompts > 0 && view === 'record' ? <RecorderPanel speaker={s} onSpeaker={speaker.setData} refreshSpeaker={() => void speaker.refresh()} /> : null}
      {s && s.prompts > 0 && view === 'review' ? <ReviewPanel key={`${speakerId}-${reviewKey}`} speakerId={speakerId} /> : null}
    </>
  );
}
