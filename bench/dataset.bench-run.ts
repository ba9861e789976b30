// npm run bench:dataset — building a dataset from the 82-minute CC0 corpus (1,620 FLAC takes), and the projection to 24 h.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset, defaultBuildOptions, type BuildSource } from '../electron/core/dataset/dataset-build';
import { makeTempDir } from '../electron/core/testing/temp-dir';

const corpus = join(__dirname, '..', '..', 'shared', 'data', 'speech', 'arctic-cathy');
const tmp = makeTempDir('voicewright-bench-');
afterAll(() => tmp.cleanup());

describe.skipIf(!existsSync(corpus))('dataset build speed', () => {
  it('builds the 82-minute corpus', async () => {
    const sources: BuildSource[] = readFileSync(join(corpus, 'transcripts.csv'), 'utf8').trim().split('\n').map((l) => {
      const [id, text] = l.split('|') as [string, string];
      return { id, text, wavPath: join(corpus, 'flac', `${id}.flac`) };
    });
    const t0 = performance.now();
    const report = await buildDataset(sources, join(tmp.path, 'cathy'), { ...defaultBuildOptions, name: 'cathy', language: 'en-US' });
    const s = (performance.now() - t0) / 1000;
    const audioHours = report.seconds / 3600;
    console.log([
      '',
      `${sources.length} takes → ${report.utterances} utterances (${report.rejected} rejected: ${[...new Set(report.outliers.filter((o) => o.rejected).map((o) => o.reason))].join(', ')}), ${(report.seconds / 60).toFixed(1)} min kept`,
      `build: ${s.toFixed(1)} s on one core = ${(report.seconds / s).toFixed(0)}× real time; target < 30 s`,
      `projection, linear in audio: 24 h of takes ≈ ${((24 / audioHours) * s / 60).toFixed(1)} min`,
    ].join('\n'));
    expect(report.utterances).toBeGreaterThan(1000);
  });
});
