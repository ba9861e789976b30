// A voice exported with --int8: the engine runs its int8 decoder and vocoder twin when asked, stays float32 by default, and the error int8 causes is small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { SynthEngine } from './synth-engine';
import { prepareText } from './synth-text';
import { loadVoicePackage } from './voice-package';
import { exportTinyVoice, noExporter } from './testing-voice';

describe.skipIf(noExporter !== null)('int8 voices', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dir: string;
  let plain: string;
  let f32: SynthEngine;
  let i8: SynthEngine;

  beforeAll(async () => {
    tmp = makeTempDir('voicewright-int8-');
    dir = join(tmp.path, 'tiny-int8');
    plain = join(tmp.path, 'tiny');
    exportTinyVoice(dir, 7, ['--int8']);
    exportTinyVoice(plain, 7);
    f32 = await SynthEngine.open(dir, { provider: 'cpu', threads: 1 });
    i8 = await SynthEngine.open(dir, { provider: 'cpu', threads: 1, precision: 'int8' });
  }, 240_000);
  afterAll(async () => {
    await f32?.release();
    await i8?.release();
    tmp?.cleanup();
  });

  it('the package declares the int8 decoder and a hifi-int8 twin; float32 stays the default', () => {
    const doc = JSON.parse(readFileSync(join(dir, 'voice.json'), 'utf8')) as { acoustic: { graphs: Record<string, { file: string }> }; vocoders: { name: string; precision?: string; base?: string }[] };
    expect(doc.acoustic.graphs.decoderIterInt8?.file).toBe('decoder_iter.int8.onnx');
    expect(doc.vocoders.map((v) => v.name)).toEqual(['hifi', 'hifi-int8', 'griffin-lim']);
    expect(doc.vocoders[1]).toMatchObject({ precision: 'int8', base: 'hifi' });
    expect(f32.precision).toBe('float32');
    expect(f32.pickVocoder()).toBe('hifi');
    expect(i8.precision).toBe('int8');
    expect(i8.pickVocoder()).toBe('hifi-int8');
    // A named vocoder is honoured either way.
    expect(i8.pickVocoder('hifi')).toBe('hifi');
  });

  it('int8 changes the mel and the audio only a little (same seed, same steps)', async () => {
    const ids = prepareText('The lighthouse keeper climbed the stairs.', f32.voice).sentences[0]!.ids;
    const [a] = await f32.decode([{ index: 0, ids }], { seed: 3, fixedSteps: 40 });
    const [b] = await i8.decode([{ index: 0, ids }], { seed: 3, fixedSteps: 40 });
    let worst = 0, sum = 0, spread = 0;
    const mean = a!.mel.reduce((s, x) => s + x, 0) / a!.mel.length;
    a!.mel.forEach((x, k) => { const d = Math.abs(x - b!.mel[k]!); worst = Math.max(worst, d); sum += d; spread += Math.abs(x - mean); });
    // Mean error well under the mel's own spread (a random model's attention drifts, so the bound is loose but real).
    expect(sum / a!.mel.length).toBeLessThan(0.1 * (spread / a!.mel.length));
    expect(worst).toBeGreaterThan(0); // it really ran other weights
    const x = await f32.vocode(a!.mel, a!.frames, 'hifi', 1);
    const y = await f32.vocode(a!.mel, a!.frames, 'hifi-int8', 1);
    expect(y.length).toBe(x.length);
    let num = 0, den = 0;
    for (let i = 0; i < x.length; i++) { num += (x[i]! - y[i]!) ** 2; den += x[i]! ** 2; }
    expect(10 * Math.log10(num / den)).toBeLessThan(-15);
  });

  it('asking for int8 from a voice without int8 graphs runs float32', async () => {
    const e = await SynthEngine.open(plain, { provider: 'cpu', threads: 1, precision: 'int8' });
    try {
      expect(e.precision).toBe('float32');
      expect(e.pickVocoder()).toBe('hifi');
    } finally {
      await e.release();
    }
  });

  it('a twin whose base vocoder is missing is refused, naming it', async () => {
    const bad = join(tmp.path, 'orphan');
    cpSync(dir, bad, { recursive: true });
    const doc = JSON.parse(readFileSync(join(bad, 'voice.json'), 'utf8')) as { vocoders: { base?: string }[] };
    doc.vocoders[1]!.base = 'hifi-gone';
    writeFileSync(join(bad, 'voice.json'), JSON.stringify(doc));
    await expect(loadVoicePackage(bad)).rejects.toThrow(/hifi-int8: its base vocoder hifi-gone is not in the package/);
  });
});

if (noExporter !== null) {
  describe('int8 voices', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
