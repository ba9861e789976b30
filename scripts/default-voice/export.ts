// Step 5 of the default voice: the default-voice run's checkpoint (best by validation, else newest) → a voice package in the workspace, through training:export.
import { parseArgs } from 'node:util';
import type { Job } from '../../electron/shared/contract';
import type { RunDetail } from '../../electron/shared/domains/training';
import { RUN_NAME, StudioSession, workspaceArg } from './studio-session';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workspace: { type: 'string' }, name: { type: 'string' }, 'with-vocoder': { type: 'boolean', default: false } } });
  const s = await StudioSession.open(workspaceArg(values.workspace));
  try {
    const runs = await s.call<RunDetail[]>('training:list', {});
    const run = runs.find((r) => r.name === RUN_NAME);
    if (!run) throw new Error(`There is no run ${RUN_NAME} yet: run scripts/default-voice/train.mjs first.`);
    const vocoder = values['with-vocoder'] ? runs.find((r) => r.name === `${RUN_NAME}-hifigan`) : undefined;
    if (values['with-vocoder'] && !vocoder) throw new Error(`--with-vocoder: there is no run ${RUN_NAME}-hifigan yet (train.mjs --vocoder starts it).`);
    // Named after the checkpoint's step so exports along the run sit side by side: the export takes the best eval's
    // checkpoint (best by validation), which is older than the run's current step.
    const { evals } = await s.call<{ evals: { step: number; best: boolean }[] }>('training:get', { runId: run.id, logLines: 0 });
    const step = evals.filter((e) => e.best).at(-1)?.step ?? run.step;
    const name = values.name ?? `Cathy step ${step}`;
    const { job } = await s.call<{ job: number }>('training:export', {
      runId: run.id, name, license: 'CC0-1.0 (training data); Voicewright MIT', ...(vocoder ? { vocoderRunId: vocoder.id } : {}),
    });
    const done: Job = await s.job(job, 'Export');
    const r = done.result as { voiceId: number; path: string };
    console.log(`Exported ${name} from ${run.name} (checkpoint of step ${step}; the run is at step ${run.step}, ${run.checkpoints} checkpoint file(s)) to ${s.workspace}/${r.path}`);
  } finally {
    await s.close();
  }
}

main().catch((e: unknown) => {
  console.error(`export: ${(e as Error).message}`);
  process.exitCode = 1;
});
