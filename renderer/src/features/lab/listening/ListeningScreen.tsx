// One screen of a studio listening session: MUSHRA sliders, MOS categories, AB preference or ABX identification, with synced playback.
import { useEffect, useMemo, useState } from 'react';
import { mosLabels, type ListeningSession, type ResultsFile } from '../../../../../electron/shared/domains/listening';
import { useStudio } from '../../../api/use-studio';
import { DeckControls, DeckProgress, PlayButton } from './DeckControls';
import { preloadStimuli, useSyncedDeck } from './use-synced-deck';

type Item = ListeningSession['items'][number];
export type Answer = ResultsFile['items'][number];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface Props {
  session: ListeningSession;
  item: Item;
  index: number;
  onAnswer(answer: Answer): void;
}

export function ListeningScreen({ session, item, index, onAnswer }: Props) {
  const { mediaUrl } = useStudio();
  const { config } = session;
  const type = config.type;
  const trial = config.trials.find((t) => t.key === item.trial)!;
  const [startedAt] = useState(() => new Date().toISOString());
  const [t0] = useState(() => performance.now());
  const entries = useMemo(() => {
    const list = [...(type === 'mushra' && trial.reference ? [trial.reference] : []), ...item.shown].map((uid) => ({ key: uid, stimulus: uid, url: mediaUrl(config.files[uid]!) }));
    if (type === 'abx' && item.x) list.push({ key: 'X', stimulus: item.x, url: mediaUrl(config.files[item.x]!) });
    return list;
  }, [config, item, trial, type, mediaUrl]);
  const deck = useSyncedDeck(entries);
  useEffect(() => {
    const next = session.items[index + 1];
    if (next) preloadStimuli(next.shown.map((uid) => mediaUrl(config.files[uid]!)));
  }, [session, index, config, mediaUrl]);
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [choice, setChoice] = useState<string | null>(null);

  const unplayed = item.shown.filter((u) => !deck.plays[u]).length;
  const rated = Object.keys(ratings).length;
  const why = unplayed > 0 ? `Listen to every version first (${unplayed} not played yet).`
    : type === 'mushra' && !Object.values(ratings).includes(100) ? 'One version is the reference itself: give at least one version 100.'
      : type === 'mushra' && rated < item.shown.length ? 'Rate every version.'
        : type === 'mos' && rated === 0 ? 'Choose a rating.'
          : (type === 'ab' || type === 'abx') && choice === null ? 'Make a choice.' : '';
  const last = index + 1 === session.items.length;
  const submit = () => {
    deck.stop();
    onAnswer({
      trial: item.trial, shown: item.shown, x: item.x, ratings: Object.entries(ratings).map(([stimulus, score]) => ({ stimulus, score })),
      choice, startedAt, durationMs: Math.round(performance.now() - t0), plays: deck.plays,
    });
  };
  const setScore = (uid: string, v: number) => setRatings((r) => ({ ...r, [uid]: Math.max(0, Math.min(100, Math.round(v))) }));

  return (
    <section className="card listening__screen" aria-label={`Screen ${index + 1} of ${session.items.length}`} data-testid="listening-screen">
      <h3>Screen {index + 1} of {session.items.length}</h3>
      {type === 'mushra' ? (
        <>
          <DeckControls deck={deck} buttons={[{ key: trial.reference!, label: 'Reference' }]} />
          <DeckProgress deck={deck} />
          <p className="muted">0–20 Bad · 20–40 Poor · 40–60 Fair · 60–80 Good · 80–100 Excellent</p>
          <div className="listening__sliders" role="group" aria-label="Ratings">
            {item.shown.map((uid, k) => (
              <div className="listening__slider-row" key={uid}>
                <PlayButton deck={deck} k={uid} label={String(k + 1)} />
                <input type="range" min={0} max={100} step={1} value={ratings[uid] ?? 0} aria-label={`Score for version ${k + 1}`} onChange={(e) => setScore(uid, Number(e.target.value))} />
                <input type="number" className="input input--number" min={0} max={100} value={ratings[uid] ?? ''} aria-label={`Score of version ${k + 1}`} data-stimulus={uid}
                  onChange={(e) => { if (e.target.value !== '') setScore(uid, Number(e.target.value)); }} />
              </div>
            ))}
          </div>
        </>
      ) : (
        <>
          <DeckControls deck={deck} buttons={[...item.shown.map((uid, k) => ({ key: uid, label: type === 'mos' ? 'Play' : LETTERS[k]! })), ...(type === 'abx' ? [{ key: 'X', label: 'X' }] : [])]} />
          <DeckProgress deck={deck} />
          <fieldset className="listening__choices">
            <legend>{type === 'mos' ? 'Overall quality' : type === 'ab' ? 'Which sounds better?' : 'Which one is X?'}</legend>
            {type === 'mos'
              ? [5, 4, 3, 2, 1].map((score) => (
                <label key={score} className="listening__option">
                  <input type="radio" name={`answer-${index}`} checked={ratings[item.shown[0]!] === score} onChange={() => setRatings({ [item.shown[0]!]: score })} />
                  {score} {mosLabels[5 - score]}
                </label>
              ))
              : item.shown.map((uid, k) => (
                <label key={uid} className="listening__option">
                  <input type="radio" name={`answer-${index}`} checked={choice === uid} onChange={() => setChoice(uid)} />
                  {type === 'ab' ? `${LETTERS[k]} sounds better` : `X is ${LETTERS[k]}`}
                </label>
              ))}
          </fieldset>
        </>
      )}
      <p className="muted" aria-live="polite">{why}</p>
      <button type="button" className="btn btn--primary" disabled={why !== ''} onClick={submit} data-testid="listening-next">{last ? 'Finish' : 'Next'}</button>
    </section>
  );
}
