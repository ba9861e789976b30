// The build's worker threads: any number of them gives the same dataset, and one that dies fails the build cleanly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDataset, defaultBuildOptions, type BuildSource } from './dataset-build';
import { resolveWorkerEntry } from './dataset-pool';
import { decodeWav, encodeWav } from '../audio/wav';
import { makeTempDir } from '../testing/temp-dir';

const shared = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => { tmp = makeTempDir(); });
afterEach(() => tmp.cleanup());

function ljSources(n: number): BuildSource[] {
  return readFileSync(join(shared, 'metadata.csv'), 'utf8').trim().split('\n').slice(0, n)
    .map((l) => { const [id, raw] = l.split('|') as [string, string]; return { id, text: raw, wavPath: join(shared, `${id}.wav`) }; });
}
const opts = { ...defaultBuildOptions, name: 'x', language: 'en-US' };

describe('finding the worker', () => {
  it('uses the built worker beside the code or one folder up (out/main/ from out/main/chunks/), else the TypeScript source', () => {
    const out = join(tmp.path, 'out', 'main');
    const chunk = pathToFileURL(join(out, 'chunks', 'backend-x.js'));
    expect(() => resolveWorkerEntry('w', chunk)).toThrow(/w\.js is missing .*rebuild \(npm run build\)/);
    writeFileSync(join(tmp.path, 'w.ts'), '');
    expect(resolveWorkerEntry('w', pathToFileURL(join(tmp.path, 'pool.ts'))).pathname).toMatch(/\/w\.ts$/);
    mkdirSync(join(out, 'chunks'), { recursive: true });
    writeFileSync(join(out, 'w.js'), '');
    expect(resolveWorkerEntry('w', chunk).pathname).toBe(pathToFileURL(join(out, 'w.js')).pathname);
    writeFileSync(join(out, 'chunks', 'w.js'), '');
    expect(resolveWorkerEntry('w', chunk).pathname).toBe(pathToFileURL(join(out, 'chunks', 'w.js')).pathname);
  });
});

describe.skipIf(!existsSync(shared))('building with worker threads', () => {
  it('gives byte-identical clips, metadata.csv, split and report with one worker or two', async () => {
    const sources = ljSources(14);
    // Retakes whose first attempt fails: which one is kept must not depend on which worker finishes first.
    const loud = decodeWav(readFileSync(sources[3]!.wavPath)).channels[0]!.map((v) => Math.max(-1, Math.min(1, v * 20)));
    writeFileSync(join(tmp.path, 'clipped.wav'), encodeWav({ sampleRate: 22050, channels: [loud] }));
    sources.splice(2, 0, { id: 'first-try', text: sources[5]!.text, wavPath: join(tmp.path, 'clipped.wav') });
    sources.push({ id: 'third-try', text: sources[5]!.text, wavPath: sources[6]!.wavPath });
    const one = await buildDataset(sources, join(tmp.path, 'one'), opts, { workers: 1 });
    const two = await buildDataset(sources, join(tmp.path, 'two'), opts, { workers: 2 });
    const file = (ds: string, f: string): Buffer => readFileSync(join(tmp.path, ds, f));
    expect(file('two', 'metadata.csv').equals(file('one', 'metadata.csv'))).toBe(true);
    const wavs = readdirSync(join(tmp.path, 'one', 'wavs')).sort();
    expect(readdirSync(join(tmp.path, 'two', 'wavs')).sort()).toEqual(wavs);
    for (const w of wavs) expect(file('two', `wavs/${w}`).equals(file('one', `wavs/${w}`)), w).toBe(true);
    const split = (ds: string): unknown => { const j = JSON.parse(file(ds, 'dataset.json').toString()) as { train: string[]; val: string[] }; return [j.train, j.val]; };
    expect(split('two')).toEqual(split('one'));
    const paths = (r: typeof one): unknown => ({ ...r, outliers: r.outliers.map((o) => ({ ...o, audio: o.audio?.replace(/\/(one|two)\//, '/ds/') })) });
    expect(paths(two)).toEqual(paths(one));
    const rejected = one.outliers.filter((o) => o.rejected).map((o) => [o.id, o.reason]);
    expect(rejected).toContainEqual(['first-try', 'clipped']);
    expect(rejected).toContainEqual(['third-try', 'duplicate_text']);
    expect(wavs).toContain(`${sources[6]!.id}.wav`);
  });

  it('fails with a clear message and leaves no partial folder when a worker dies mid-build', async () => {
    const dying = new URL('./testing/dying-build.worker.ts', import.meta.url);
    const run = buildDataset(ljSources(10), join(tmp.path, 'ds'), opts, { workers: 2, workerEntry: dying });
    await expect(run).rejects.toThrow(/A dataset build worker stopped unexpectedly \(exit code 70\) while working on take LJ001-00\d\d\. Nothing was saved; start it again/);
    expect(readdirSync(tmp.path)).toEqual([]);
  });

  it('stops its workers and removes the partial folder when cancelled mid-build', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = buildDataset(ljSources(12), join(tmp.path, 'ds'), opts, {
      workers: 2, signal: controller.signal, progress: (_s, done) => { seen.push(done); if (done === 3) controller.abort(); },
    });
    await expect(run).rejects.toThrow(/Cancelled/);
    expect(Math.max(...seen)).toBeLessThan(12);
    expect(readdirSync(tmp.path)).toEqual([]);
  });
});
