// Phone and diphone coverage of a speaker's script: choose the best N prompts of a large list, see what they reach, add suggested gap-fillers.
import { useState, type FormEvent } from 'react';
import type { Job } from '../../../../electron/shared/contract';
import { ScriptSelectionResultSchema, type ScriptSelectionResult } from '../../../../electron/shared/domains/corpus';
import { useAction } from '../../api/use-action';
import { useCall } from '../../api/use-call';
import { useStudio } from '../../api/use-studio';
import { LineChart } from '../../components/charts/LineChart';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatNumber } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { JobProgress } from '../datasets/JobProgress';
import { useJob } from '../datasets/use-job';
import { bytesToBase64 } from './ScriptImport';
import { WarningList } from './WarningList';

const pct = (r: { covered: number; total: number }): string => `${r.total === 0 ? 100 : Math.round((r.covered / r.total) * 1000) / 10}%`;

function Ratio({ label, value, testId }: { label: string; value: { covered: number; total: number }; testId: string }) {
  return (
    <div className="coverage-ratio" data-testid={testId} data-covered={value.covered} data-total={value.total}>
      <div className="coverage-ratio__row">
        <span>{label}</span>
        <span className="coverage-ratio__value">
          {formatNumber(value.covered)} / {formatNumber(value.total)} <span className="muted">({pct(value)})</span>
        </span>
      </div>
      <ProgressBar current={value.covered} total={Math.max(1, value.total)} label={`${label} covered`} />
    </div>
  );
}

function SelectionResult({ r }: { r: ScriptSelectionResult }) {
  const frac = (x: { covered: number; total: number }): number => (x.total === 0 ? 1 : x.covered / x.total);
  return (
    <div className="coverage-result" data-testid="selection-result">
      <p>
        Added the {formatNumber(r.imported)} prompts of {formatNumber(r.poolTotal)} that cover the most sounds, in the order that reaches coverage fastest;{' '}
        {formatNumber(r.pooled)} others are kept for suggestions. Chosen at random, {formatNumber(r.imported)} prompts would reach {pct(r.randomCoverage.phones)} of the phones and{' '}
        {pct(r.randomCoverage.diphones)} of the diphones.
      </p>
      <LineChart
        testId="coverage-curve"
        xLabel="Prompts recorded"
        yLabel="Coverage"
        series={[
          { name: `phones (${pct(r.coverage.phones)})`, points: r.curve.map((c) => ({ x: c.k, y: c.phones })), reference: frac(r.randomCoverage.phones) },
          { name: `diphones (${pct(r.coverage.diphones)})`, points: r.curve.map((c) => ({ x: c.k, y: c.diphones })), reference: frac(r.randomCoverage.diphones) },
        ]}
      />
      {r.missing.phones.length > 0 || r.missing.diphones > 0 ? (
        <p className="muted">
          Still missing: {r.missing.phones.length > 0 ? `phones ${r.missing.phones.join(' ')}` : 'no phones'}, {formatNumber(r.missing.diphones)} diphones. Add suggestions below, or
          choose more prompts.
        </p>
      ) : null}
      <WarningList warnings={r.warnings} testId="selection-warnings" />
    </div>
  );
}

export function CoveragePanel({ speakerId, onChanged, onClose }: { speakerId: number; onChanged(): void; onClose(): void }) {
  const { client } = useStudio();
  const coverage = useCall('corpus:coverage', { speakerId, suggest: 10 });
  const [file, setFile] = useState<File | null>(null);
  const [count, setCount] = useState(1000);
  const [minWords, setMinWords] = useState(4);
  const [maxWords, setMaxWords] = useState(20);
  const [unticked, setUnticked] = useState<Set<string>>(new Set());
  const followed = useJob((job: Job) => {
    if (job.state !== 'succeeded') return;
    onChanged();
    void coverage.refresh();
  }, 'corpus:selectScript');
  const start = useAction(async (f: File) => {
    const content = bytesToBase64(new Uint8Array(await f.arrayBuffer()));
    const { job } = await client.call('corpus:selectScript', { speakerId, fileName: f.name, content, count, minWords, maxWords });
    followed.follow(job);
  });
  const add = useAction(async (keys: string[]) => {
    await client.call('corpus:addFromPool', { speakerId, keys });
    setUnticked(new Set());
    onChanged();
    await coverage.refresh();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) void start.run(file);
  };
  const c = coverage.data;
  const chosen = (c?.suggestions ?? []).filter((s) => !unticked.has(s.key));

  return (
    <div className="card coverage-panel" data-testid="coverage-panel">
      <div className="import-recordings__head">
        <h2 className="card__title">Sound coverage</h2>
        <button type="button" className="btn btn--small btn--ghost" onClick={onClose}>
          Close
        </button>
      </div>
      {coverage.error ? <ErrorNotice error={coverage.error} onRetry={() => void coverage.refresh()} /> : null}
      {c ? (
        <div className="coverage-panel__now" data-testid="coverage-now" data-loading={coverage.loading}>
          <Ratio label="Phones" value={c.coverage.phones} testId="coverage-phones" />
          <Ratio label="Diphones (sound pairs)" value={c.coverage.diphones} testId="coverage-diphones" />
          {c.missingPhones.length > 0 ? <p className="muted">Phones no prompt has yet: {c.missingPhones.join(' ')}</p> : null}
          <p className="muted coverage-panel__note">
            {coverage.loading ? 'Measuring…' : `Measured over this script${c.poolSize > 0 ? ` and the ${formatNumber(c.poolSize)} sentences kept from the lists it was chosen from` : ''}.`}
          </p>
        </div>
      ) : (
        <p className="muted">Measuring the script…</p>
      )}

      {c && c.suggestions.length > 0 ? (
        <div className="coverage-suggestions" data-testid="coverage-suggestions">
          <h3 className="side-card__title">Prompts that fill the gaps</h3>
          <ul>
            {c.suggestions.map((s) => (
              <li key={s.key}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={!unticked.has(s.key)}
                    onChange={(e) =>
                      setUnticked((prev) => {
                        const next = new Set(prev);
                        if (e.target.checked) next.delete(s.key);
                        else next.add(s.key);
                        return next;
                      })
                    }
                  />
                  <span>
                    {s.text} <span className="muted">+{s.newUnits.length}: {s.newUnits.slice(0, 6).join(' ')}{s.newUnits.length > 6 ? ' …' : ''}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn--small btn--primary" disabled={chosen.length === 0 || add.pending} onClick={() => void add.run(chosen.map((s) => s.key))} data-testid="add-suggestions">
            Add {chosen.length} to the script
          </button>
          {add.error ? <ErrorNotice error={add.error} onDismiss={add.clearError} /> : null}
        </div>
      ) : null}

      <form className="coverage-panel__form" onSubmit={submit} aria-label="Choose prompts by coverage">
        <h3 className="side-card__title">Choose prompts from a large list</h3>
        <p className="muted">
          From a list of thousands of sentences (text, TSV/CSV, festvox, or prose), take the ones that together cover the most phones and sound pairs of {`the speaker's`} language.
        </p>
        <div className="coverage-panel__fields">
          <label className="btn btn--small">
            <input type="file" className="visually-hidden" accept=".txt,.tsv,.csv,.data,.text,text/plain" aria-label="Sentence list" data-testid="pool-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            {file ? file.name : 'Sentence list…'}
          </label>
          <label className="field__row">
            <span className="field__label">Prompts</span>
            <input className="input input--number" type="number" min={1} max={50000} value={count} onChange={(e) => setCount(Number(e.target.value))} data-testid="pool-count" />
          </label>
          <label className="field__row">
            <span className="field__label">Words</span>
            <input className="input input--number" type="number" min={1} max={100} value={minWords} onChange={(e) => setMinWords(Number(e.target.value))} aria-label="Fewest words" />
            <span>–</span>
            <input className="input input--number" type="number" min={1} max={200} value={maxWords} onChange={(e) => setMaxWords(Number(e.target.value))} aria-label="Most words" />
          </label>
          <button type="submit" className="btn btn--small btn--primary" disabled={!file || followed.running || start.pending || count < 1 || minWords > maxWords} data-testid="pool-start">
            Choose and add
          </button>
        </div>
      </form>
      {start.error ? <ErrorNotice error={start.error} onDismiss={start.clearError} /> : null}
      {followed.job || followed.running ? (
        <JobProgress
          followed={followed}
          verb="Selection"
          unit="sentences"
          testId="selection-job"
          success={(job) => {
            const parsed = ScriptSelectionResultSchema.safeParse(job.result);
            return parsed.success ? <SelectionResult r={parsed.data} /> : <p>Done.</p>;
          }}
        />
      ) : null}
    </div>
  );
}
