// An experiment's rows turned into what the renderer and the report show: outputs per utterance, per-condition aggregates with CIs, speed.
import { ExperimentDetailSchema, MelDeclSchema, metricNames, MetricsSchema, EnvironmentSchema, type ExperimentDetail, type MetricName } from '../../shared/domains/lab';
import type { ReadonlyDb } from '../db/database';
import { getJob } from '../db/jobs.repo';
import { getExperiment, listConditions, listOutputs, listUtterances } from '../db/lab.repo';
import { ApiError } from '../../shared/errors';
import { mcepConfigFor } from './metrics/mel-cepstrum';
import { meanCi } from './metrics/stats';

export function experimentDetail(db: ReadonlyDb, experimentId: number): ExperimentDetail {
  const e = getExperiment(db, experimentId);
  if (!e) throw new ApiError('not_found', `There is no experiment ${experimentId}`, 'Pick one from the Lab list.');
  const mel = MelDeclSchema.parse(JSON.parse(e.mel));
  const outputs = listOutputs(db, experimentId).map((o) => ({ ...o, metrics: MetricsSchema.parse(JSON.parse(o.metrics)) }));
  const mcep = mcepConfigFor(mel.sampleRate);
  const conditions = listConditions(db, experimentId).map((c) => {
    const mine = outputs.filter((o) => o.conditionId === c.id);
    const aggregate = Object.fromEntries(metricNames.map((m: MetricName) => [m, meanCi(mine.map((o) => o.metrics[m]).filter((v): v is number => v !== null))])) as ExperimentDetail['conditions'][number]['aggregate'];
    const speed = c.audioSeconds !== null && c.computeSeconds !== null && c.computeSeconds > 0
      ? { audioSeconds: c.audioSeconds, computeSeconds: c.computeSeconds, audioPerCompute: c.audioSeconds / c.computeSeconds, rtf: c.computeSeconds / c.audioSeconds }
      : null;
    return { id: c.id, position: c.position, label: c.label, kind: c.kind, vocoder: c.vocoder, voiceId: c.voiceId, speed, aggregate };
  });
  const utterances = listUtterances(db, experimentId).map((u) => ({
    id: u.id, key: u.key, text: u.text, sourcePath: u.sourcePath, reference: u.reference, seconds: u.seconds, loudness: u.loudness,
    outputs: outputs.filter((o) => o.utteranceId === u.id).map(({ utteranceId: _u, ...o }) => o),
  }));
  // A run the studio did not live to finish (its job row was marked interrupted at start-up) leaves the experiment runnable.
  const job = e.lastJobId === null ? null : getJob(db, e.lastJobId);
  const state = e.state === 'running' && !(job && (job.state === 'running' || job.state === 'queued')) ? 'ready' : e.state;
  return {
    id: e.id, name: e.name, folder: e.folder, state, source: e.source, mel,
    acoustic: e.acoustic ? ExperimentDetailSchema.shape.acoustic.parse(JSON.parse(e.acoustic)) : null, threads: e.threads, lastJobId: e.lastJobId, createdAt: e.createdAt,
    mcep: { order: mcep.order, alpha: mcep.alpha, sampleRate: mcep.sampleRate, nFft: mcep.nFft, hop: mcep.hop },
    conditions, utterances, environment: e.environment ? EnvironmentSchema.parse(JSON.parse(e.environment)) : null,
  };
}
