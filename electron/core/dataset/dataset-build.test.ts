// Building a dataset from real takes: what passes is trimmed, levelled and resampled; what fails is listed with why.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset, defaultBuildOptions, type BuildSource } from './dataset-build';
import { scanLjspeechFolder } from './ljspeech-io';
import { decodeWav, encodeWav } from '../audio/wav';
import { PHONE_INVENTORIES } from './phone-inventory';
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

  it("keeps exactly the narrator's trim when both points are set, and trims automatically otherwise", async () => {
    const [a, b, c] = ljSources(3) as [BuildSource, BuildSource, BuildSource];
    const sources = [{ ...a, trimStart: 0.5, trimEnd: 1.75 }, { ...b, trimStart: 0.5, trimEnd: null }, c];
    const target = join(tmp.path, 'ds');
    const report = await buildDataset(sources, target, { ...defaultBuildOptions, name: 'trim', language: 'en-US', minSeconds: 0.2 });
    expect(report.utterances).toBe(3);
    const frames = (id: string): number => decodeWav(readFileSync(join(target, 'wavs', `${id}.wav`))).channels[0]!.length;
    // 22,050 Hz in and out: the clip is the narrator's 1.25 s to the sample, no margin added.
    expect(frames(a.id)).toBe(Math.round(1.75 * 22050) - Math.round(0.5 * 22050));
    expect(report.durations[0]).toBeCloseTo(1.25, 4);
    // One point alone is not a trim: the automatic one (sound + 150 ms) applies, as for a take without any.
    const raw = (s: BuildSource): number => decodeWav(readFileSync(s.wavPath)).channels[0]!.length;
    expect(frames(b.id)).toBeLessThanOrEqual(raw(b));
    expect(frames(b.id)).not.toBe(raw(b) - Math.round(0.5 * 22050));
  });

  it('reports phone and diphone coverage of the kept texts, and audio to play for every outlier', async () => {
    const sources = ljSources(8);
    sources.push({ id: 'again', text: sources[0]!.text, wavPath: sources[1]!.wavPath });
    sources.push({ id: 'slow', text: 'Yes.', wavPath: sources[2]!.wavPath });
    const target = join(tmp.path, 'ds');
    const report = await buildDataset(sources, target, { ...defaultBuildOptions, name: 'cov', language: 'en-US' });
    const inventory = PHONE_INVENTORIES['en-US']!;
    const cov = report.coverage!;
    expect(cov.phones.total).toBe(inventory.phones.length);
    expect(cov.diphones.total).toBe(inventory.diphones.length);
    expect(cov.phones.covered).toBeGreaterThan(30);
    expect(cov.diphones.covered).toBeGreaterThan(200);
    expect(cov.diphones.covered).toBeLessThan(cov.diphones.total);
    expect(cov.phoneCounts.map((p) => p.phone).sort()).toEqual([...inventory.phones].sort());
    const counts = cov.phoneCounts.map((p) => p.count);
    expect(counts).toEqual([...counts].sort((x, y) => y - x));
    expect(cov.phoneCounts.filter((p) => p.count > 0)).toHaveLength(cov.phones.covered);
    const byId = Object.fromEntries(report.outliers.map((o) => [o.id, o]));
    expect(byId.again).toMatchObject({ reason: 'duplicate_text', rejected: true, audio: sources[1]!.wavPath });
    expect(byId.slow).toMatchObject({ reason: 'rate_outlier', rejected: false, audio: join(target, 'wavs', 'slow.wav') });
    expect(existsSync(byId.slow!.audio!)).toBe(true);
    // German goes through the German inventory; a language without one reports no coverage instead of a wrong one.
    const de = await buildDataset(ljSources(2), join(tmp.path, 'de'), { ...defaultBuildOptions, name: 'de', language: 'de-DE' });
    expect(de.coverage!.phones.total).toBe(PHONE_INVENTORIES['de-DE']!.phones.length);
    const fr = await buildDataset(ljSources(2), join(tmp.path, 'fr'), { ...defaultBuildOptions, name: 'fr', language: 'fr-FR' });
    expect(fr.coverage).toBeNull();
  });
});
