// The job that turns a Tacotron2 run (and a HiFi-GAN run) into a voice package under voices/: the trainer's export command, followed to the end.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { trainingCalls } from '../../shared/domains/training';
import { ApiError } from '../../shared/errors';
import { datasetPath } from '../db/datasets.repo';
import { getRun } from '../db/training.repo';
import { insertVoice, voiceNameTaken } from '../db/voices.repo';
import type { JobContext } from '../jobs/job-runner';
import type { Workspace } from '../workspace/workspace';
import { parseEvent, pickCheckpoint, trainerDir } from './trainer-process';
import { voiceFolderName } from '../fs/folder-name';

type Params = z.output<(typeof trainingCalls)['training:export']['input']> & { python: string };


/** Checks what can be checked before a job starts: the runs, their checkpoints, the name. */
export function prepareExport(ws: Workspace, p: z.output<(typeof trainingCalls)['training:export']['input']>): { checkpoint: string; vocoder: string | null } {
  const run = getRun(ws.db, p.runId);
  if (!run) throw new ApiError('not_found', `There is no run ${p.runId}.`);
  if (run.model !== 'tacotron2') throw new ApiError('invalid_input', `${run.name} is a vocoder run; export a Tacotron2 run (and add this one as its vocoder).`);
  const checkpoint = pickCheckpoint(join(ws.root, run.runDir));
  if (!checkpoint) throw new ApiError('conflict', `${run.name} has no checkpoint yet.`, 'Let it train until it saves one (the dashboard counts them).');
  let vocoder: string | null = null;
  if (p.vocoderRunId !== undefined) {
    const v = getRun(ws.db, p.vocoderRunId);
    if (!v || v.model !== 'hifigan') throw new ApiError('invalid_input', `Run ${p.vocoderRunId} is not a HiFi-GAN run.`);
    vocoder = pickCheckpoint(join(ws.root, v.runDir));
    if (!vocoder) throw new ApiError('conflict', `${v.name} has no checkpoint yet.`, 'Let the vocoder train until it saves one, or export with Griffin-Lim only.');
  }
  if (voiceNameTaken(ws.db, p.name) || existsSync(join(ws.root, 'voices', voiceFolderName(p.name)))) {
    throw new ApiError('conflict', `A voice named ${p.name} already exists.`, 'Choose another name.');
  }
  return { checkpoint, vocoder };
}

export async function runVoiceExport(ws: Workspace, ctx: JobContext<Params>): Promise<{ voiceId: number; path: string }> {
  const p = ctx.params;
  const { checkpoint, vocoder } = prepareExport(ws, p);
  const run = getRun(ws.db, p.runId)!;
  let language = 'en-US';
  try {
    const dsRel = run.datasetId === null ? null : datasetPath(ws.db, run.datasetId);
    const ds = dsRel === null ? {} : (JSON.parse(readFileSync(join(ws.root, dsRel, 'dataset.json'), 'utf8')) as { language?: unknown });
    if (typeof ds.language === 'string') language = ds.language;
  } catch {
    // the dataset may be gone: the voice keeps the default language
  }
  const rel = `voices/${voiceFolderName(p.name)}`;
  const args = ['-m', 'voicewright_trainer', 'export', '--checkpoint', checkpoint, '--out', join(ws.root, rel), '--name', p.name, '--language', language, '--license', p.license];
  if (vocoder) args.push('--vocoder', `hifigan=${vocoder}`);
  const dir = trainerDir();
  let error: { message: string; hint: string | null } | null = null;
  let finished = false;
  let stderr = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(p.python, args, { cwd: dir, env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONPATH: dir }, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const stop = (): void => void child.kill('SIGTERM');
    ctx.signal.addEventListener('abort', stop, { once: true });
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        const e = parseEvent(line);
        if (!e) continue;
        if (e.event === 'step' && typeof e.current === 'number' && typeof e.total === 'number') ctx.progress(String(e.stage ?? 'Exporting'), e.current, e.total);
        if (e.event === 'error') error = { message: String(e.message ?? 'The export failed.'), hint: typeof e.hint === 'string' ? e.hint : null };
        if (e.event === 'finished') finished = true;
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', (err) => {
      error = { message: `${p.python} could not be started: ${err.message}`, hint: 'Choose another Python in Training.' };
      resolve(null);
    });
    child.on('exit', (c) => {
      ctx.signal.removeEventListener('abort', stop);
      resolve(c);
    });
  });
  const failure = error as { message: string; hint: string | null } | null;
  if (ctx.signal.aborted) throw new ApiError('cancelled', 'The export was cancelled; no voice was added.');
  if (code !== 0 || !finished || !existsSync(join(ws.root, rel, 'voice.json'))) {
    throw new ApiError('internal', failure?.message ?? `The export stopped (exit code ${code}). ${stderr.trim().split('\n').slice(-3).join(' ')}`, failure?.hint ?? 'See the message above; nothing was added.');
  }
  return { voiceId: insertVoice(ws.db, p.name, language, rel), path: rel };
}
