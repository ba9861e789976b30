// The engine against the trainer's PyTorch decode: the same text gives the same symbol ids, and with PyTorch's prenet masks the same mel (1e-4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { SynthEngine } from './synth-engine';
import { prepareText } from './synth-text';
import { exportTinyVoice, noExporter } from './testing-voice';
import { readNpy, type Npy } from '../testing/npy';


describe.skipIf(noExporter !== null)('engine parity with the trainer', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dir: string;
  let engine: SynthEngine;
  const npy = (f: string): Npy => readNpy(join(dir, 'parity', f));

  beforeAll(async () => {
    tmp = makeTempDir('voicewright-engine-parity-');
    dir = join(tmp.path, 'tiny');
    exportTinyVoice(dir);
    engine = await SynthEngine.open(dir, { provider: 'cpu', threads: 1 });
  }, 120_000);
  afterAll(async () => {
    await engine?.release();
    tmp?.cleanup();
  });

  it('the engine decodes the parity texts to PyTorch\'s mel with PyTorch\'s masks', async () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'parity', 'manifest.json'), 'utf8')) as { tolerance: number; decode: { steps: number; texts: string[] } };
    const { steps, texts } = manifest.decode;
    const seq = npy('decode.sequences.npy');
    const lens = npy('decode.sequence_lengths.npy').data as BigInt64Array;
    const [, tMax = 0] = seq.dims;
    // Our text frontend gives the ids text.py gave.
    const ids = texts.map((t, i) => {
      const mine = prepareText(t, engine.voice).sentences[0]!.ids;
      const theirs = Array.from((seq.data as BigInt64Array).slice(i * tMax, i * tMax + Number(lens[i]!)), Number);
      expect(mine, t).toEqual(theirs);
      return mine;
    });
    const m = [npy('decode.prenet_dropout_mask_0.npy'), npy('decode.prenet_dropout_mask_1.npy')];
    const [, b = 1, p = 1] = m[0]!.dims;
    const out = await engine.decode(ids.map((x, index) => ({ index, ids: x })), {
      seed: 0, fixedSteps: steps, prenetMasks: (i, s, which) => (m[which]!.data as Float32Array).slice((s * b + i) * p, (s * b + i + 1) * p),
    });
    const want = npy('decode.mel_postnet.npy');
    const [, nMels = 80, frames = 0] = want.dims;
    let worst = 0;
    out.forEach((o, i) => {
      expect(o.frames).toBe(frames);
      const w = (want.data as Float32Array).subarray(i * nMels * frames, (i + 1) * nMels * frames);
      for (let k = 0; k < w.length; k++) worst = Math.max(worst, Math.abs(o.mel[k]! - w[k]!));
    });
    console.log(`engine mel_postnet vs PyTorch: max |diff| ${worst.toExponential(2)} over ${texts.length} sentences × ${steps} steps`);
    expect(worst).toBeLessThanOrEqual(manifest.tolerance);
  });
});

if (noExporter !== null) {
  describe('engine parity with the trainer', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
