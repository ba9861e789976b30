// "Build from takes": speaker, name, sample rate, which takes go in, validation share → the build job, then its report.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CallOutput, Job } from '../../../../electron/shared/contract';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';
import { freeName, nameProblem } from './dataset-names';
import { JobProgress } from './JobProgress';
import { useJob } from './use-job';

type SampleRate = 16000 | 22050 | 24000 | 44100 | 48000;
type Selection = 'best' | 'accepted';
const rates: readonly [SampleRate, string][] = [
  [16000, '16,000 Hz'],
  [22050, '22,050 Hz (Tacotron2)'],
  [24000, '24,000 Hz'],
  [44100, '44,100 Hz'],
  [48000, '48,000 Hz'],
];
const selections: readonly [Selection, string, string][] = [
  ['best', 'Best take per prompt', 'The take you chose, else the newest one that passed its checks. Rejected takes never go in.'],
  ['accepted', 'Accepted takes only', 'Only takes you accepted in Record: the choice once every take has been reviewed.'],
];

interface BuildResult {
  datasetId: number;
}
const isBuildResult = (v: unknown): v is BuildResult => typeof v === 'object' && v !== null && typeof (v as BuildResult).datasetId === 'number';

interface Props {
  taken: readonly string[];
  onBuilt(datasetId: number): void;
}

export function BuildDatasetForm({ taken, onBuilt }: Props) {
  const { client } = useStudio();
  const ids = { speaker: useId(), name: useId(), rate: useId(), val: useId(), nameProblem: useId() };
  const speakers = useCall('corpus:listSpeakers', {});
  const list: CallOutput<'corpus:listSpeakers'> = speakers.data ?? [];
  const [speakerId, setSpeakerId] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [edited, setEdited] = useState(false);
  const [sampleRate, setSampleRate] = useState<SampleRate>(22050);
  const [selection, setSelection] = useState<Selection>('best');
  const [valPercent, setValPercent] = useState(5);
  const speaker = list.find((s) => s.id === speakerId) ?? list[0];

  // Until the user types a name, it follows the speaker and stays clear of existing datasets.
  useEffect(() => {
    if (!edited && speaker) setName(freeName(speaker.name, taken));
  }, [edited, speaker, taken]);

  const onFinished = (job: Job) => {
    if (job.state === 'succeeded' && isBuildResult(job.result)) onBuilt(job.result.datasetId);
  };
  const followed = useJob(onFinished, 'datasets:build');
  const start = useAction(async () => {
    if (!speaker) return;
    const { job } = await client.call('datasets:build', { speakerId: speaker.id, name: name.trim(), sampleRate, selection, valFraction: valPercent / 100 });
    followed.follow(job);
  });
  const problem = nameProblem(name, taken);
  const valOk = Number.isFinite(valPercent) && valPercent >= 0 && valPercent <= 50;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem && valOk) void start.run();
  };

  if (speakers.data !== undefined && list.length === 0) {
    return (
      <div className="card dataset-form" data-testid="build-dataset">
        <h2 className="card__title">Build from takes</h2>
        <p className="muted" data-testid="build-no-speakers">
          There are no speakers in this workspace yet. Record takes in <a href="#/record">Record</a>, then build a dataset from them here.
        </p>
      </div>
    );
  }

  return (
    <form className="card dataset-form" aria-labelledby={`${ids.speaker}-title`} onSubmit={submit} data-testid="build-dataset">
      <div>
        <h2 id={`${ids.speaker}-title`} className="card__title">
          Build from takes
        </h2>
        <p className="dataset-form__subtitle">Trims, levels and resamples a speaker’s takes into a dataset, and reports outliers.</p>
      </div>
      <div className="dataset-form__grid">
        <div className="field">
          <label htmlFor={ids.speaker} className="field__label">
            Speaker
          </label>
          <select id={ids.speaker} className="input select" value={speaker?.id ?? ''} onChange={(e) => setSpeakerId(Number(e.target.value))} disabled={list.length === 0}>
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} · {s.language} · {formatNumber(s.takes)} {s.takes === 1 ? 'take' : 'takes'}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.name} className="field__label">
            Dataset name
          </label>
          <input
            id={ids.name}
            className="input"
            value={name}
            onChange={(e) => {
              setEdited(true);
              setName(e.target.value);
            }}
            maxLength={80}
            required
            aria-invalid={problem !== null}
            aria-describedby={problem ? ids.nameProblem : undefined}
          />
          {problem ? (
            <p id={ids.nameProblem} className="field__problem">
              {problem}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.rate} className="field__label">
            Sample rate
          </label>
          <select id={ids.rate} className="input select" value={sampleRate} onChange={(e) => setSampleRate(Number(e.target.value) as SampleRate)}>
            {rates.map(([rate, label]) => (
              <option key={rate} value={rate}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.val} className="field__label">
            Validation share
          </label>
          <div className="field__row">
            <input id={ids.val} className="input input--number" type="number" min={0} max={50} step={1} value={Number.isFinite(valPercent) ? valPercent : ''} onChange={(e) => setValPercent(e.target.valueAsNumber)} aria-describedby={`${ids.val}-help`} required />
            <span className="unit">%</span>
          </div>
          <p id={`${ids.val}-help`} className="dataset-form__help">
            Held out from training to measure it; 0–50 %.
          </p>
        </div>
      </div>
      <fieldset className="choice-group">
        <legend className="field__label">Which takes go in</legend>
        {selections.map(([value, label, help]) => (
          <label key={value} className="choice">
            <input type="radio" name={`${ids.speaker}-selection`} value={value} checked={selection === value} onChange={() => setSelection(value)} />
            <span className="choice__text">
              <span className="choice__label">{label}</span>
              <span className="choice__help">{help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {followed.job || followed.running ? (
        <JobProgress followed={followed} verb="Build" unit="takes" testId="build-job" success={() => 'Dataset built. Opening its report…'} />
      ) : null}
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} testId="build-error" /> : null}
      <div className="dataset-form__actions">
        <button type="submit" className="btn btn--primary" disabled={!speaker || followed.running || start.pending || problem !== null || !valOk || name.trim() === ''}>
          Build dataset
        </button>
      </div>
    </form>
  );
}
