// Record: pick or create a speaker, then record their script prompt by prompt (or see why not yet: no speaker, no script).
import { useEffect, useState } from 'react';
import { useCall } from '../../api/use-call';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { CreateSpeakerForm } from './CreateSpeakerForm';
import { SpeakerStudio } from './SpeakerStudio';

const STORED_SPEAKER = 'voicewright:record-speaker';

function storedSpeaker(): number | null {
  const n = Number(localStorage.getItem(STORED_SPEAKER));
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function RecordArea() {
  const speakers = useCall('corpus:listSpeakers', {});
  const [chosen, setChosen] = useState<number | null>(storedSpeaker);
  const list = speakers.data ?? [];
  const speakerId = list.some((s) => s.id === chosen) ? chosen : (list[0]?.id ?? null);

  useEffect(() => {
    if (speakerId !== null) localStorage.setItem(STORED_SPEAKER, String(speakerId));
  }, [speakerId]);

  const created = (id: number) => {
    setChosen(id);
    void speakers.refresh();
  };

  return (
    <section className="area area--record" data-testid="area-record">
      <PageHeader title="Record" />
      {speakers.error ? <ErrorNotice error={speakers.error} onRetry={() => void speakers.refresh()} /> : null}
      {speakers.data === undefined && !speakers.error ? (
        <p className="muted" role="status">
          Loading speakers…
        </p>
      ) : null}
      {speakers.data !== undefined && list.length === 0 ? (
        <EmptyState icon="record" title="No speakers recorded yet" testId="record-empty">
          <p>
            Record a corpus prompt by prompt, with checks that catch clipped, noisy or rushed takes while you are still at the microphone, and watch your progress toward the hours you aim for.
          </p>
          <p className="muted">Start with the person who will read: their name and the language of the script.</p>
          <CreateSpeakerForm onCreated={(s) => created(s.id)} />
        </EmptyState>
      ) : null}
      {speakerId !== null ? <SpeakerStudio key={speakerId} speakerId={speakerId} speakers={list} onSelect={setChosen} onCreated={(s) => created(s.id)} /> : null}
    </section>
  );
}
