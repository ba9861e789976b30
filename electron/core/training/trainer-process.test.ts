// The trainer's process environment: passive OpenMP waiting for background runs, the user's own choice kept, the trainer importable.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hasTorch, TRAINER_PYTHON } from '../testing/python';
import { trainerDir, trainerEnv } from './trainer-process';

describe('trainer environment', () => {
  it('makes OpenMP wait passively unless the user set OMP_WAIT_POLICY', () => {
    expect(trainerEnv({ PATH: '/usr/bin' }, '/t')).toMatchObject({ OMP_WAIT_POLICY: 'PASSIVE', PYTHONPATH: '/t', PYTHONUNBUFFERED: '1', PATH: '/usr/bin' });
    expect(trainerEnv({ OMP_WAIT_POLICY: 'ACTIVE' }, '/t').OMP_WAIT_POLICY).toBe('ACTIVE');
  });

  it.skipIf(!hasTorch)('reaches the real trainer process: torch starts with it and the trainer package imports', () => {
    const out = execFileSync(TRAINER_PYTHON, ['-c', 'import os, torch, voicewright_trainer.train; print(os.environ["OMP_WAIT_POLICY"], torch.get_num_threads() >= 1)'],
      { cwd: '/', env: trainerEnv({ PATH: process.env.PATH }, trainerDir()), encoding: 'utf8' });
    expect(out.trim()).toBe('PASSIVE True');
  });
});
