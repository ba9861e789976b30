// The trainer as an OS process the studio owns but does not keep alive: started detached, followed through its event file, signalled by pid.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** One protocol line (DESIGN.md); fields beyond event/time are read per event kind. */
export const TrainerEventSchema = z.looseObject({
  event: z.enum(['started', 'step', 'eval', 'checkpoint', 'warning', 'error', 'finished']),
  time: z.number(),
});
export type TrainerEvent = z.infer<typeof TrainerEventSchema> & Record<string, unknown>;

/** The trainer package folder: VOICEWRIGHT_TRAINER_DIR, Electron's resources, or resources/trainer above this file. */
export function trainerDir(): string {
  const fromEnv = process.env.VOICEWRIGHT_TRAINER_DIR;
  if (fromEnv) return fromEnv;
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && existsSync(join(resourcesPath, 'trainer', 'voicewright_trainer'))) return join(resourcesPath, 'trainer');
  let dir = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources', 'trainer');
    if (existsSync(join(candidate, 'voicewright_trainer', '__main__.py'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('The trainer (resources/trainer) was not found next to the studio; reinstall Voicewright or set VOICEWRIGHT_TRAINER_DIR.');
}

export const STDOUT_FILE = 'trainer.stdout.jsonl';
export const LOG_FILE = 'train.log';

/**
 * The trainer's environment. OpenMP threads wait passively (unless the user chose otherwise): a background run shares
 * the CPU, and spinning workers that the scheduler keeps preempting burned ~8× the CPU per step in the default-voice
 * run on a loaded 2-core machine (a 2-thread LSTM step: 1.77 CPU-s spinning vs 0.22 passive, nice 19, load 17).
 */
export function trainerEnv(base: NodeJS.ProcessEnv, trainerPath: string): NodeJS.ProcessEnv {
  return { OMP_WAIT_POLICY: 'PASSIVE', ...base, PYTHONUNBUFFERED: '1', PYTHONPATH: trainerPath };
}

/**
 * Starts `python -m voicewright_trainer train --config run.json` in its own process group with stdout and stderr
 * appended to files in the run folder: it outlives a studio that crashes or quits, and a new studio re-attaches.
 */
export function spawnTrainer(python: string, runDirAbs: string, configPath: string, onExit: (code: number | null, signal: string | null) => void,
  command: 'train' | 'train-vocoder' = 'train'): number {
  const out = openSync(join(runDirAbs, STDOUT_FILE), 'a');
  const err = openSync(join(runDirAbs, LOG_FILE), 'a');
  const dir = trainerDir();
  try {
    const child = spawn(python, ['-m', 'voicewright_trainer', command, '--config', configPath], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', out, err],
      env: trainerEnv(process.env, dir),
      windowsHide: true,
    });
    child.on('exit', (code, signal) => onExit(code, signal));
    child.on('error', () => onExit(null, 'spawn-error'));
    child.unref();
    if (child.pid === undefined) throw new Error(`${python} could not be started.`);
    return child.pid;
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

/** The checkpoint a run would export or hand on: best by validation when best.json names one, else the newest. */
export function pickCheckpoint(runDirAbs: string): string | null {
  const dir = join(runDirAbs, 'checkpoints');
  if (!existsSync(dir)) return null;
  try {
    const best = JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')) as { file?: unknown };
    if (typeof best.file === 'string' && existsSync(join(dir, best.file))) return join(dir, best.file);
  } catch {
    // no best.json (or a torn one): fall back to the newest
  }
  const names = readdirSync(dir).filter((f) => /^ckpt-\d{8}\.pt$/.test(f)).sort();
  return names.length > 0 ? join(dir, names[names.length - 1]!) : null;
}

/** Is this pid alive and (where the OS tells) still our trainer for this run folder? */
export function trainerAlive(pid: number, runDirAbs: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return process.platform !== 'linux';
  try {
    const args = readFileSync(cmdline, 'utf8').split('\0');
    return args.includes('voicewright_trainer') && args.some((a) => a.startsWith(runDirAbs));
  } catch {
    return false;
  }
}

export function signalTrainer(pid: number, signal: 'SIGTERM' | 'SIGKILL'): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Reads whole new lines of an append-only file from a byte offset; a half-written last line waits for the next read. */
export class LineTail {
  offset = 0;
  private partial = '';

  constructor(private readonly file: string) {}

  read(): string[] {
    if (!existsSync(this.file)) return [];
    const fd = openSync(this.file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) {
        // Truncated or replaced: start over.
        this.offset = 0;
        this.partial = '';
      }
      if (size === this.offset) return [];
      const buf = Buffer.alloc(size - this.offset);
      readSync(fd, buf, 0, buf.length, this.offset);
      this.offset = size;
      const text = this.partial + buf.toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      return lines.filter((l) => l.trim() !== '');
    } finally {
      closeSync(fd);
    }
  }
}

export function parseEvent(line: string): TrainerEvent | null {
  try {
    const parsed = TrainerEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? (parsed.data as TrainerEvent) : null;
  } catch {
    return null;
  }
}

/** The last `n` lines of a log file (reads at most the last 64 kB). */
export function tailLines(file: string, n: number): string[] {
  if (n === 0 || !existsSync(file)) return [];
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, 65536);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    return buf.toString('utf8').split('\n').filter((l) => l !== '').slice(-n);
  } finally {
    closeSync(fd);
  }
}
