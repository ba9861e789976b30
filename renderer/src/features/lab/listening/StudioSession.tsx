// A listener takes a test inside the studio: instructions and a listener id, MUSHRA familiarisation, the seeded screens, results stored on finishing.
import { useMemo, useState, type FormEvent } from 'react';
import type { ListeningSession, ListeningTest, ResultsFile } from '../../../../../electron/shared/domains/listening';
import { useAction } from '../../../api/use-action';
import { useStudio } from '../../../api/use-studio';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { DeckControls, DeckProgress } from './DeckControls';
import { ListeningScreen, type Answer } from './ListeningScreen';
import { useSyncedDeck } from './use-synced-deck';

function Familiarise({ session, onDone }: { session: ListeningSession; onDone(): void }) {
  const { mediaUrl } = useStudio();
  const [open, setOpen] = useState(0);
  const trial = session.config.trials[open]!;
  const uids = useMemo(() => [...(trial.reference ? [trial.reference] : []), ...trial.stimuli], [trial]);
  const deck = useSyncedDeck(useMemo(() => uids.map((u) => ({ key: u, stimulus: u, url: mediaUrl(session.config.files[u]!) })), [uids, session, mediaUrl]));
  return (
    <section className="card listening__screen" aria-label="Familiarisation">
      <h3>Familiarisation</h3>
      <p>Listen to every version of the sentences before you rate them, to learn the range of quality you will hear. Nothing is recorded here.</p>
      <label className="field">
        <span className="field__label">Sentence</span>
        <select className="select" value={open} onChange={(e) => { deck.stop(); setOpen(Number(e.target.value)); }}>
          {session.config.trials.map((t, i) => <option key={t.key} value={i}>Sentence {i + 1}</option>)}
        </select>
      </label>
      <DeckControls deck={deck} buttons={uids.map((u, k) => ({ key: u, label: u === trial.reference ? 'Reference' : String(trial.reference ? k : k + 1) }))} />
      <DeckProgress deck={deck} />
      <button type="button" className="btn btn--primary" onClick={() => { deck.stop(); onDone(); }}>Start rating</button>
    </section>
  );
}

export function StudioSession({ test, onFinished, onCancel }: { test: ListeningTest; onFinished(): void; onCancel(): void }) {
  const { client } = useStudio();
  const [listener, setListener] = useState('');
  const [session, setSession] = useState<ListeningSession | null>(null);
  const [familiar, setFamiliar] = useState(false);
  const [answers, setAnswers] = useState<Answer[]>([]);
  const [startedAt] = useState(() => new Date().toISOString());
  const start = useAction(async () => {
    setSession(await client.call('listening:startSession', { testId: test.id, listenerId: listener.trim() }));
  });
  const submit = useAction(async (all: Answer[]) => {
    const s = session!;
    const results: ResultsFile = {
      format: 'voicewright-listening-results', version: 1, testId: test.id, testUid: s.config.testUid, digest: s.config.digest, listenerId: listener.trim(),
      sessionUid: s.sessionUid, seed: s.seed, startedAt, finishedAt: new Date().toISOString(), userAgent: navigator.userAgent.slice(0, 500), items: all,
    };
    await client.call('listening:submitResults', { testId: test.id, results });
    onFinished();
  });

  if (!session) {
    const go = (e: FormEvent) => { e.preventDefault(); if (listener.trim()) void start.run(); };
    return (
      <form className="card listening__screen" onSubmit={go} aria-label="Listener">
        <h3>{test.name}</h3>
        <p>{test.instructions}</p>
        <p className="muted">Use headphones in a quiet room and keep the volume the same throughout. Keys 1–9 (or A, B, X) switch between versions, R plays the reference, space stops.</p>
        <label className="field">
          <span className="field__label">Listener name or code</span>
          <input className="input" value={listener} onChange={(e) => setListener(e.target.value)} maxLength={80} />
        </label>
        <div className="listening__actions">
          <button type="submit" className="btn btn--primary" disabled={!listener.trim() || start.pending}>Start</button>
          <button type="button" className="btn btn--ghost" onClick={onCancel}>Cancel</button>
        </div>
        {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} /> : null}
      </form>
    );
  }
  if (session.config.type === 'mushra' && !familiar) return <Familiarise session={session} onDone={() => setFamiliar(true)} />;
  const index = answers.length;
  if (index >= session.items.length) {
    return (
      <section className="card listening__screen" aria-label="Finished">
        <h3>{submit.pending ? 'Saving your answers…' : 'Thank you'}</h3>
        {submit.error ? <ErrorNotice error={submit.error} onRetry={() => void submit.run(answers)} /> : null}
      </section>
    );
  }
  return (
    <ListeningScreen key={index} session={session} item={session.items[index]!} index={index}
      onAnswer={(a) => {
        const all = [...answers, a];
        setAnswers(all);
        if (all.length === session.items.length) void submit.run(all);
      }} />
  );
}
