// The recorder for one speaker: the current prompt, the microphone, the takes of this prompt, and the keyboard workflow.
import { useCallback, useRef, useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import type { Take } from '../../../../electron/shared/domains/corpus';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useInputDevices } from './capture/use-input-devices';
import { useRecorder } from './capture/use-recorder';
import { PromptCard } from './PromptCard';
import { PromptStrip, PROMPT_PAGE } from './PromptStrip';
import { RecordControls } from './RecordControls';
import { ShortcutsHint } from './ShortcutsHint';
import { TakeDetail } from './TakeDetail';
import { TakeList } from './TakeList';
import { useRecordKeys, type RecordCommand } from './use-record-keys';
import { useTakes } from './use-takes';

type Speaker = CallOutput<'corpus:getSpeaker'>;

interface Props {
  speaker: Speaker;
  onSpeaker(speaker: Speaker): void;
  refreshSpeaker(): void;
}

export function RecorderPanel({ speaker, onSpeaker, refreshSpeaker }: Props) {
  const { client, mediaUrl } = useStudio();
  const position = speaker.scriptPosition;
  const offset = Math.floor(position / PROMPT_PAGE) * PROMPT_PAGE;
  const page = useCall('corpus:listPrompts', { speakerId: speaker.id, offset, limit: PROMPT_PAGE });
  const prompts = page.data?.prompts ?? [];
  const total = page.data?.total ?? speaker.prompts;
  const prompt = prompts.find((p) => p.position === position) ?? null;

  const inputs = useInputDevices();
  const recorder = useRecorder(inputs.refresh);
  const takes = useTakes(speaker.id, prompt?.id ?? null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [flagging, setFlagging] = useState(false);
  const audio = useRef<HTMLAudioElement>(null);
  const list = takes.takes ?? [];
  const selected = list.find((t) => t.id === selectedId) ?? list[0] ?? null;
  const busy = recorder.status !== 'idle';

  const navigate = useAction(async (to: number) => {
    const next = Math.max(0, Math.min(total - 1, to));
    if (next === speaker.scriptPosition) return;
    setSelectedId(null);
    setFlagging(false);
    onSpeaker({ ...speaker, scriptPosition: next });
    onSpeaker(await client.call('corpus:setPosition', { speakerId: speaker.id, position: next }));
  });
  const goTo = (to: number) => {
    if (!busy) void navigate.run(to);
  };

  const changed = useCallback(
    (take: Take) => {
      takes.put(take);
      void page.refresh();
      refreshSpeaker();
    },
    [takes, page, refreshSpeaker],
  );

  const review = useAction(async (take: Take, state: 'accepted' | 'rejected') => {
    changed(await client.call('corpus:setTakeState', { takeId: take.id, state }));
  });
  const flag = useAction(async (take: Take, kind: Take['flags'][number]['flag'], note: string) => {
    changed(await client.call('corpus:flagTake', { takeId: take.id, flag: kind, note }));
    setFlagging(false);
  });

  const toggleRecord = async () => {
    if (recorder.status === 'recording') {
      const take = await recorder.stop();
      if (take) {
        setSelectedId(take.id);
        changed(take);
      }
    } else if (recorder.status === 'idle' && prompt) {
      setFlagging(false);
      await recorder.start(speaker.id, prompt.id);
    }
  };

  const play = () => {
    const el = audio.current;
    if (!el) return;
    if (!el.paused) return el.pause();
    if (el.ended) el.currentTime = 0;
    void el.play();
  };

  const run = (command: RecordCommand) => {
    if (command === 'record') return void toggleRecord();
    if (busy) return;
    if (command === 'next') return goTo(position + 1);
    if (command === 'previous') return goTo(position - 1);
    if (!selected) return;
    if (command === 'play') play();
    else if (command === 'accept') void review.run(selected, 'accepted');
    else if (command === 'reject') void review.run(selected, 'rejected');
    else if (command === 'flag') setFlagging(true);
  };
  useRecordKeys(!flagging, run);

  const error = recorder.error ?? navigate.error ?? review.error ?? takes.error ?? page.error;
  return (
    <div className="recorder" data-testid="recorder">
      <div className="recorder__main">
        <PromptCard prompt={prompt} position={position} total={total} disabled={busy} onGo={goTo} />
        <RecordControls
          recorder={recorder}
          devices={inputs.devices}
          canRecord={prompt !== null}
          onToggle={() => void toggleRecord()}
        />
        {error ? (
          <ErrorNotice
            error={error}
            onDismiss={() => {
              recorder.clearError();
              navigate.clearError();
              review.clearError();
            }}
            testId="recorder-error"
          />
        ) : null}
        {selected && recorder.status === 'idle' ? (
          <TakeDetail
            take={selected}
            latest={selected.id === list[0]?.id}
            src={mediaUrl(selected.path)}
            audio={audio}
            flagging={flagging}
            onFlagging={setFlagging}
            onReview={(state) => void review.run(selected, state)}
            onFlag={(kind, note) => void flag.run(selected, kind, note)}
            flagError={flag.error}
            pending={review.pending || flag.pending}
          />
        ) : null}
        {takes.takes !== undefined && list.length === 0 && recorder.status === 'idle' ? (
          <p className="recorder__hint muted" data-testid="no-takes">
            No takes of this prompt yet. Press <kbd>R</kbd> to record, read the prompt, and press <kbd>R</kbd> again to stop.
          </p>
        ) : null}
      </div>
      <aside className="recorder__side">
        <TakeList takes={list} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
        <PromptStrip prompts={prompts} offset={offset} total={total} position={position} disabled={busy} onGo={goTo} />
        <ShortcutsHint />
      </aside>
    </div>
  );
}
