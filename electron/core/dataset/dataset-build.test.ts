// Building a dataset from real takes: what passes is trimmed, levelled and resampled; what fails is listed with why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset, defaultBuildOptions, type BuildSource } from './dataset-build';
import { scanLjspeechFolder } from './ljspeech-io';
import { decodeWav, encodeWav } from '../audio/wav';
import { integratedLoudness } from '../audio/loudness';
import { makeTempDir } from '../testing/temp-dir';

const shared = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => { tmp = makeTempDir(); });
afterEach(() => tmp.cleanup());

function ljSources(n: number): BuildSource[] {
  const lines = readFileSync(join(shared, 'metadata.csv'), 'utf8').trim().split('\n').slice(0, n);
  return lines.map((l) => { const [id, raw] = l.split('|') as [string, string]; return { id, text: raw, wavPath: join(shared, `${id}.wav`) }; });
}

describe.skipIf(!existsSync(shared))('building a dataset', () => {
  it('turns 12 real clips into a 16 kHz LJSpeech dataset that reads back, levelled to the target', async () => {
    const target = join(tmp.path, 'ds');
    const steps: number[] = [];
    const report = await buildDataset(ljSources(12), target, { ...defaultBuildOptions, name: 'lj12', language: 'en-US', sampleRate: 16000 }, { progress: (_s, d) => steps.push(d) });
    expect(report.utterances + report.rejected).toBe(12);
    expect(report.utterances).toBeGreaterThanOrEqual(11);
    const scanned = scanLjspeechFolder(target);
    expect(scanned.sampleRate).toBe(16000);
    expect(scanned.meta).toMatchObject({ name: 'lj12', textFrontend: 'nvidia-english', symbolSet: 'nvidia-tacotron2-english' });
    expect(scanned.meta!.train.length + scanned.meta!.val.length).toBe(report.utterances);
    const first = decodeWav(readFileSync(join(target, 'wavs', `${scanned.rows[0]!.id}.wav`)));
    expect(integratedLoudness(first.channels, 16000)).toBeCloseTo(-20, 0);
    expect(steps.length).toBeGreaterThanOrEqual(12);
  });

  it('rejects clipped takes, unknown symbols, duplicates and empty text, listing each', async () => {
    const sources = ljSources(4);
    const loud = decodeWav(readFileSync(sources[0]!.wavPath)).channels[0]!.map((v) => Math.max(-1, Math.min(1, v * 20)));
    writeFileSync(join(tmp.path, 'clipped.wav'), encodeWav({ sampleRate: 22050, channels: [loud] }));
    sources.push({ id: 'clipped', text: 'A loud take.', wavPath: join(tmp.path, 'clipped.wav') });
    sources.push({ id: 'dup', text: sources[1]!.text, wavPath: sources[2]!.wavPath });
    sources.push({ id: 'cjk', text: 'He said 你好 to me.', wavPath: sources[3]!.wavPath });
    sources.push({ id: 'empty', text: '  …  ', wavPath: sources[3]!.wavPath });
    sources.push({ id: 'broken', text: 'A broken file.', wavPath: join(tmp.path, 'missing.wav') });
    writeFileSync(join(tmp.path, 'missing.wav'), 'not audio');
    const report = await buildDataset(sources, join(tmp.path, 'ds'), { ...defaultBuildOptions, name: 'x', language: 'en-US' });
    const reasons = Object.fromEntries(report.outliers.filter((o) => o.rejected).map((o) => [o.id, o.reason]));
    expect(reasons).toEqual({ clipped: 'clipped', dup: 'duplicate_text', cjk: 'unknown_symbols', empty: 'empty_text', broken: 'unreadable' });
    expect(readdirSync(join(tmp.path, 'ds', 'wavs')).sort()).toEqual(sources.slice(0, 4).map((s) => `${s.id}.wav`).sort());
  });

  it('leaves nothing behind when cancelled or when nothing passes', async () => {
    const controller = new AbortController();
    const run = buildDataset(ljSources(6), join(tmp.path, 'ds'), { ...defaultBuildOptions, name: 'x', language: 'en-US' }, {
      signal: controller.signal, progress: (_s, done) => { if (done === 2) controller.abort(); },
    });
    await expect(run).rejects.toThrow(/Cancelled/);
    const nothing = buildDataset([{ id: 'a', text: '', wavPath: 'x' }], join(tmp.path, 'ds2'), { ...defaultBuildOptions, name: 'y', language: 'en-US' });
    await expect(nothing).rejects.toThrow(/nothing to build/);
    expect(readdirSync(tmp.path)).toEqual([]);
  });
});
