// Step 2–3 of the default voice: starts, re-attaches to or resumes the default-voice runs through the studio's run manager, and prints where they stand.
import { parseArgs } from 'node:util';
import type { RunDetail } from '../../electron/shared/domains/training';
import { DATASET_NAME, RUN_NAME, StudioSession, workspaceArg } from './studio-session';

const VOCODER_RUN = `${RUN_NAME}-hifigan`;
const USAGE = `Usage: node scripts/default-voice/train.mjs [--workspace DIR] [--vocoder] [--status | --pause] [--steps N] [--python PATH] [--device auto|cpu|cuda]
  (no flag)   start the run, or resume it from its newest checkpoint when it stopped; a live trainer is left alone
  --vocoder   the HiFi-GAN V2 run on the Tacotron2 run's teacher-forced (GTA) mels instead
  --status    print the run and exit;  --pause  SIGTERM: the trainer saves a checkpoint and exits`;

interface Dataset { id: number; name: string }
interface Got { run: RunDetail; metrics: { step: number[]; series: Record<string, (number | null)[]> }; evals: { step: number; valLosses: Record<string, number | null>; alignment: Record<string, number | null> }[]; log: string[] }

function describe(g: Got): string {
  const r = g.run;
  const last = (k: string): string => {
    const v = g.metrics.series[k]?.at(-1);
    return v === undefined || v === null ? '-' : v.toFixed(4);
  };
  const ev = g.evals.at(-1);
  const lines = [
    `Run ${r.name} (id ${r.id}): ${r.state}, step ${r.step}/${r.targetSteps}, device ${r.device ?? '?'}, pid ${r.pid ?? '-'}, ${r.checkpoints} checkpoint file(s)`,
    `  folder ${r.runDir}; python ${r.python}`,
    `  ${r.stepsPerSecond ? `${(1 / r.stepsPerSecond).toFixed(2)} s/step` : 's/step not known yet'}; last losses: total ${last('total')} mel ${last('mel')} mel_l1 ${last('mel_l1')} gate ${last('gate')} guided_attention ${last('guided_attention')}`,
  ];
  if (ev) lines.push(`  last eval at step ${ev.step}: ${Object.entries(ev.valLosses).map(([k, v]) => `${k} ${v?.toFixed(4) ?? '-'}`).join(', ')}; alignment ${Object.entries(ev.alignment).map(([k, v]) => `${k} ${v?.toFixed(3) ?? '-'}`).join(', ')}`);
  if (r.error) lines.push(`  error: ${r.error.message}${r.error.hint ? ` (${r.error.hint})` : ''}`);
  if (r.alerts.length) lines.push(`  guidance: ${r.alerts.join(', ')}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' }, vocoder: { type: 'boolean', default: false }, status: { type: 'boolean', default: false },
      pause: { type: 'boolean', default: false }, steps: { type: 'string' }, python: { type: 'string' }, device: { type: 'string', default: 'auto' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const s = await StudioSession.open(workspaceArg(values.workspace));
  try {
    const name = values.vocoder ? VOCODER_RUN : RUN_NAME;
    const runs = await s.call<RunDetail[]>('training:list', {});
    let run = runs.find((r) => r.name === name);
    if (values.status || values.pause) {
      if (!run) throw new Error(`There is no run ${name} in ${s.workspace} yet; start it without --status.`);
      if (values.pause) run = await s.call<RunDetail>('training:pause', { runId: run.id });
    } else if (!run) {
      const dataset = (await s.call<Dataset[]>('datasets:list', {})).find((d) => d.name === DATASET_NAME);
      if (!dataset) throw new Error(`There is no dataset ${DATASET_NAME}: run scripts/default-voice/prepare.mjs first.`);
      const acoustic = runs.find((r) => r.name === RUN_NAME);
      if (values.vocoder && !acoustic) throw new Error(`The vocoder learns from ${RUN_NAME}'s mels: start that run first.`);
      run = await s.call<RunDetail>('training:start', {
        datasetId: dataset.id, name, model: values.vocoder ? 'hifigan' : 'tacotron2', preset: 'default-voice', device: values.device,
        ...(values.vocoder ? { gtaFromRun: acoustic!.id } : {}),
        ...(values.steps ? { steps: Number(values.steps) } : {}), ...(values.python ? { python: values.python } : {}),
      });
      console.log(`Started ${name}.`);
    } else if (['paused', 'interrupted', 'failed', 'diverged', 'completed'].includes(run.state)) {
      run = await s.call<RunDetail>('training:resume', { runId: run.id, ...(values.python ? { python: values.python } : {}) });
      console.log(`Resumed ${name} from its newest checkpoint.`);
    } else {
      console.log(`${name} is ${run.state}: its trainer (pid ${run.pid ?? '-'}) is alive; re-attached.`);
    }
    // Give a fresh trainer a moment to say `started` (or fail on bad input) before printing where it stands.
    if (!values.status) await new Promise((r) => setTimeout(r, 15_000));
    const got = await s.call<Got>('training:get', { runId: run.id, logLines: 5 });
    console.log(describe(got));
    if (got.run.state === 'failed') for (const l of got.log) console.log(`  log: ${l}`);
  } finally {
    // The trainer is detached: closing the studio leaves it running (the next open re-attaches).
    await s.close();
  }
}

main().catch((e: unknown) => {
  console.error(`train: ${(e as Error).message}`);
  process.exitCode = 1;
});
