// npm run bench:dataset — the 82-minute CC0 corpus (1,620 FLAC takes) built with 2 workers against 1, and a measured 10× copy for the 24 h projection.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildDataset, defaultBuildOptions, type BuildReport, type BuildSource } from '../electron/core/dataset/dataset-build';
import { makeTempDir } from '../electron/core/testing/temp-dir';

const corpus = join(__dirname, '..', '..', 'shared', 'data', 'speech', 'arctic-cathy');
const tmp = makeTempDir('voicewright-bench-');
afterAll(() => tmp.cleanup());

/** Seconds of audio in a FLAC file, from its STREAMINFO block (no decoding). */
function flacSeconds(path: string): number {
  const b = readFileSync(path).subarray(0, 42);
  const rate = (b[18]! << 12) | (b[19]! << 4) | (b[20]! >> 4);
  const frames = (b[21]! & 0x0f) * 2 ** 32 + b.readUInt32BE(22);
  return frames / rate;
}

const load = (): string => {
  try { return execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load average:/, 'load average'); } catch { return 'load average unknown'; }
};

interface Run { seconds: number; report: BuildReport; maxLoopDelayMs: number }

async function timedBuild(sources: readonly BuildSource[], name: string, workers: number): Promise<Run> {
  const target = join(tmp.path, name);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now();
  const report = await buildDataset(sources, target, { ...defaultBuildOptions, name, language: 'en-US' }, { workers });
  const seconds = (performance.now() - t0) / 1000;
  delay.disable();
  return { seconds, report, maxLoopDelayMs: delay.max / 1e6 };
}

// The 10× copy says each take again with a different first word: text dedup sees new sentences, the audio work is the same.
const COPY = ['', 'Again, ', 'Once more, ', 'Then, ', 'Now, ', 'Still, ', 'So, ', 'Yes, ', 'Well, ', 'And, '];

describe.skipIf(!existsSync(corpus))('dataset build speed', () => {
  it('builds the 82-minute corpus with 2 workers against 1, and a 10× copy for the 24 h projection', async () => {
    const sources: BuildSource[] = readFileSync(join(corpus, 'transcripts.csv'), 'utf8').trim().split('\n').map((l) => {
      const [id, text] = l.split('|') as [string, string];
      return { id, text, wavPath: join(corpus, 'flac', `${id}.flac`) };
    });
    // Reading every file once also warms the page cache, so the first timed build does not pay for the disk.
    const takeSeconds = sources.reduce((a, s) => a + flacSeconds(s.wavPath), 0);
    const loadBefore = load();

    // Best of two, alternating: a test run by someone else on these two cores slows one build, rarely both.
    const runs: Run[][] = [[], []];
    let identical = true;
    for (let round = 0; round < 2; round++) {
      for (const workers of [1, 2]) {
        runs[workers - 1]!.push(await timedBuild(sources, `w${workers}`, workers));
      }
      identical &&= readFileSync(join(tmp.path, 'w1', 'metadata.csv')).equals(readFileSync(join(tmp.path, 'w2', 'metadata.csv')));
      for (const d of ['w1', 'w2']) rmSync(join(tmp.path, d), { recursive: true });
    }
    const best = (rs: Run[]): Run => rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const [one, two] = [best(runs[0]!), best(runs[1]!)];

    const copies = COPY.flatMap((prefix, k) => sources.map((s) => ({ ...s, id: k === 0 ? s.id : `${s.id}-copy${k}`, text: prefix + s.text })));
    const ten = await timedBuild(copies, 'ten', 2);
    rmSync(join(tmp.path, 'ten'), { recursive: true });
    const loadAfter = load();

    const hours = takeSeconds / 3600;
    const perHour1 = two.seconds / hours;
    const perHour10 = ten.seconds / (hours * COPY.length);
    const r = two.report;
    console.log([
      '',
      `machine: ${availableParallelism()} cores; before: ${loadBefore}; after: ${loadAfter} (other work on the machine slows every number below)`,
      `82-minute corpus: ${sources.length} takes, ${(takeSeconds / 60).toFixed(1)} min → ${r.utterances} utterances, ${(r.seconds / 60).toFixed(1)} min kept`,
      `  (${r.rejected} rejected: ${[...new Set(r.outliers.filter((o) => o.rejected).map((o) => o.reason))].join(', ')}); coverage ${r.coverage?.phones.covered}/${r.coverage?.phones.total} phones, ${r.coverage?.diphones.covered}/${r.coverage?.diphones.total} diphones`,
      `  1 worker (baseline): ${one.seconds.toFixed(1)} s = ${(takeSeconds / one.seconds).toFixed(0)}× real time (best of ${runs[0]!.map((r) => r.seconds.toFixed(1)).join(', ')})`,
      `  2 workers:           ${two.seconds.toFixed(1)} s (best of ${runs[1]!.map((r) => r.seconds.toFixed(1)).join(', ')}) = ${(takeSeconds / two.seconds).toFixed(0)}× real time, ${(one.seconds / two.seconds).toFixed(2)}× the baseline; target < 30 s`,
      `  same metadata.csv from both: ${identical ? 'yes' : 'NO'}; longest event-loop stall during the 2-worker build: ${two.maxLoopDelayMs.toFixed(0)} ms`,
      `10× copy: ${copies.length} takes, ${(hours * COPY.length).toFixed(1)} h → ${ten.report.utterances} utterances in ${ten.seconds.toFixed(1)} s with 2 workers = ${(takeSeconds * COPY.length / ten.seconds).toFixed(0)}× real time; longest event-loop stall ${ten.maxLoopDelayMs.toFixed(0)} ms`,
      `  per hour of takes: ${perHour1.toFixed(2)} s at 1×, ${perHour10.toFixed(2)} s at 10× (ratio ${(perHour10 / perHour1).toFixed(2)}; 1.00 = linear)`,
      `  projection, 24 h of takes: ≈ ${((perHour10 * 24) / 60).toFixed(1)} min (from the 10× measurement)`,
    ].join('\n'));
    expect(identical).toBe(true);
    expect(ten.report.utterances).toBe(r.utterances * COPY.length);
    expect(two.seconds).toBeLessThan(30);
    expect(perHour10 / perHour1).toBeLessThan(1.5);
  });
});
