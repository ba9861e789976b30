// The default-voice preset: the run.json it writes is one the real trainer accepts, with the sizes and loss settings issue 9 names.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { trainingCalls } from '../../shared/domains/training';
import { hasTorch, TRAINER_PYTHON } from '../testing/python';
import { runConfig } from './run-presets';
import { trainerDir } from './trainer-process';

const start = (v: Record<string, unknown>) => trainingCalls['training:start'].input.parse({ datasetId: 1, name: 'dv', ...v });

/** The trainer's own validation of a run.json (config.validate / vocoder_config.validate), as JSON. */
function validated(config: object, vocoder: boolean): Record<string, unknown> {
  const mod = vocoder ? 'voicewright_trainer.vocoder_config' : 'voicewright_trainer.config';
  const code = `import json, sys; from ${mod} import validate; print(json.dumps(validate(json.loads(sys.argv[1]), "/")))`;
  return JSON.parse(execFileSync(TRAINER_PYTHON, ['-c', code, JSON.stringify(config)], { cwd: trainerDir(), encoding: 'utf8' })) as Record<string, unknown>;
}

describe('default-voice preset', () => {
  it('is a 7.7M-parameter r=3 Tacotron2 at low CPU priority with per-step guided attention and an L1 term', () => {
    const c = runConfig(start({ preset: 'default-voice' }), '/ws/datasets/a', '/ws/runs/dv');
    expect(c.model_overrides).toMatchObject({ n_frames_per_step: 3, decoder_rnn_dim: 512, encoder_embedding_dim: 256 });
    expect(c).toMatchObject({ batch_size: 16, threads: 2, nice: 19, mel_l1: 1 });
    expect(c.guided_attention).toMatchObject({ weight: 2, normalize: 'steps' });
    // An interrupted CPU run loses at most a quarter of an eval interval.
    expect(c.checkpoint_interval).toBeLessThan(c.eval_interval);
  });

  it.skipIf(!hasTorch)('writes run.json files the real trainer validates (Tacotron2 and the HiFi-GAN V2 on GTA mels)', () => {
    const taco = validated(runConfig(start({ preset: 'default-voice' }), '/ws/datasets/a', '/ws/runs/dv'), false);
    expect(taco).toMatchObject({ nice: 19, threads: 2, mel_l1: 1, guided_attention: { normalize: 'steps', weight: 2 } });
    const voc = validated(runConfig(start({ preset: 'default-voice', model: 'hifigan' }), '/ws/datasets/a', '/ws/runs/dvh', '/ws/runs/dv/checkpoints/ckpt-00000250.pt'), true);
    expect(voc).toMatchObject({ model: 'v2', nice: 19, threads: 2, gta: { tacotron2_checkpoint: '/ws/runs/dv/checkpoints/ckpt-00000250.pt' } });
  });

  it.skipIf(!hasTorch)('counts 7.7M parameters in the trainer', () => {
    const c = runConfig(start({ preset: 'default-voice' }), '/ws/datasets/a', '/ws/runs/dv');
    const code = `import json, sys; from voicewright_trainer.config import MODEL_PRESETS; from voicewright_trainer.model import Tacotron2
m = dict(MODEL_PRESETS["nvidia"], **json.loads(sys.argv[1])); print(sum(p.numel() for p in Tacotron2(m).parameters()))`;
    const n = Number(execFileSync(TRAINER_PYTHON, ['-c', code, JSON.stringify(c.model_overrides)], { cwd: trainerDir(), encoding: 'utf8' }));
    expect(n).toBeGreaterThan(7_600_000);
    expect(n).toBeLessThan(7_900_000);
  });
});
