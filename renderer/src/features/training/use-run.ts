// Hook: one training run for the dashboard — its detail live from 'training:updated', metrics appended incrementally, evals, guidance, log.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallOutput } from '../../../../electron/shared/contract';
import type { RunDetail } from '../../../../electron/shared/domains/training';
import type { ApiError } from '../../../../electron/shared/errors';
import { toApiError } from '../../api/errors';
import { useEvent } from '../../api/use-event';
import { useStudio } from '../../api/use-studio';

type Got = CallOutput<'training:get'>;
export interface Metrics { step: number[]; series: Record<string, (number | null)[]> }

export interface RunView {
  run: RunDetail | undefined;
  metrics: Metrics;
  /** Bumped whenever new metric points arrive (the arrays grow in place). */
  version: number;
  evals: Got['evals'];
  guidance: Got['guidance'];
  warnings: Got['warnings'];
  log: string[];
  error: ApiError | null;
  setRun(run: RunDetail): void;
}

export function useRun(runId: number): RunView {
  const { client } = useStudio();
  const [run, setRun] = useState<RunDetail | undefined>(undefined);
  const metrics = useRef<Metrics>({ step: [], series: {} });
  const [version, setVersion] = useState(0);
  const [rest, setRest] = useState<Pick<Got, 'evals' | 'guidance' | 'warnings' | 'log'>>({ evals: [], guidance: [], warnings: [], log: [] });
  const [error, setError] = useState<ApiError | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);

  const load = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      const m = metrics.current;
      const got = await client.call('training:get', { runId, metricsFrom: m.step.length, logLines: 60 });
      // A rollback can shorten the series: start over from what the backend holds.
      if (got.metrics.from < m.step.length) {
        m.step.length = got.metrics.from;
        for (const k of Object.keys(m.series)) m.series[k]!.length = got.metrics.from;
      }
      m.step.push(...got.metrics.step);
      for (const [k, v] of Object.entries(got.metrics.series)) (m.series[k] ??= []).push(...v);
      setRun(got.run);
      setRest({ evals: got.evals, guidance: got.guidance, warnings: got.warnings, log: got.log });
      setVersion((x) => x + 1);
      setError(null);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        void load();
      }
    }
  }, [client, runId]);

  useEffect(() => {
    metrics.current = { step: [], series: {} };
    void load();
  }, [load]);
  useEvent('training:updated', (r) => {
    if (r.id !== runId) return;
    setRun(r);
    void load();
  });

  return { run, metrics: metrics.current, version, ...rest, error, setRun };
}
