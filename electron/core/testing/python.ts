// Tests that need the real trainer: whether /usr/bin/python3 has torch and numpy (Debian's python3-torch), checked once.
import { execFileSync } from 'node:child_process';

export const TRAINER_PYTHON = '/usr/bin/python3';

export const hasTorch: boolean = (() => {
  try {
    execFileSync(TRAINER_PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
})();
