// Test helper: a random-weight tiny voice exported by the real trainer, and why it cannot be when /usr/bin/python3 lacks torch or onnx.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasTorch, TRAINER_PYTHON } from '../testing/python';

// import.meta.url, not __dirname: the Playwright specs load this file as an ES module too.
const TRAINER = fileURLToPath(new URL('../../../resources/trainer/', import.meta.url));

/** Null when the exporter can run here, else the reason a test skips. */
export const noExporter: string | null = (() => {
  if (!hasTorch) return `${TRAINER_PYTHON} lacks torch (apt-get install python3-torch python3-numpy): the exporter cannot run`;
  try {
    execFileSync(TRAINER_PYTHON, ['-c', 'import onnx'], { stdio: 'ignore', timeout: 60_000 });
    return null;
  } catch {
    return `${TRAINER_PYTHON} lacks onnx (apt-get install python3-onnx): the exporter cannot run`;
  }
})();

/** Exports `random:tiny:SEED` with a tiny HiFi-GAN named hifi (and Griffin-Lim) into `out`; extra exporter flags (e.g. --int8) after. */
export function exportTinyVoice(out: string, seed = 7, extra: readonly string[] = []): void {
  execFileSync(TRAINER_PYTHON, ['-m', 'voicewright_trainer', 'export', '--checkpoint', `random:tiny:${seed}`, '--vocoder', 'hifi=random:tiny',
    '--out', out, '--name', 'Tiny', '--threads', '1', ...extra], { cwd: TRAINER, env: { ...process.env, OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
}
