// The Datasets area in Chromium: import LJSpeech folders (good and broken), build from takes, read the report, export to disk.
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createWorkspace, expect, test } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
/** 32 LJSpeech clips (22,050 Hz, 16-bit) beside their metadata.csv, in the shared test data next to the repo. */
const ljspeech32 = fileURLToPath(new URL('../../shared/data/speech/ljspeech-32/', import.meta.url));

async function openDatasets(page: Page, folder: string): Promise<void> {
  await createWorkspace(page, folder, 'Datasets');
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('datasets-empty')).toBeVisible();
}

async function importFolder(page: Page, path: string, name: string): Promise<void> {
  const form = page.getByTestId('import-dataset');
  await form.getByLabel('Folder').fill(path);
  await form.getByLabel('Dataset name').fill(name);
  await form.getByRole('button', { name: 'Import folder' }).click();
}

/** A copy of the 32-clip corpus that a test may break. */
async function copyCorpus(dest: string): Promise<string> {
  await cp(ljspeech32, dest, { recursive: true });
  return dest;
}

async function datasetFolders(workspace: string): Promise<string[]> {
  return readdir(join(workspace, 'datasets')).catch(() => []);
}

test('imports an LJSpeech folder through the UI and lists it; its page explains there is no build report', async ({ page, studio }) => {
  await page.goto(studio.url);
  const workspace = join(studio.root, 'ws');
  await openDatasets(page, workspace);
  const source = await copyCorpus(join(studio.root, 'incoming', 'lj32'));

  await importFolder(page, source, 'LJ 32');
  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'succeeded');
  await expect(page.getByTestId('import-job')).toContainText('Imported 32 clips');
  const table = page.getByTestId('datasets-table');
  await expect(table.getByRole('row', { name: /LJ 32/ })).toContainText('22,050 Hz');
  await expect(table.getByRole('row', { name: /LJ 32/ })).toContainText('32');
  await page.screenshot({ path: join(screenshotDir, 'datasets-list.png'), fullPage: true });

  const copied = (await readdir(join(workspace, 'datasets', 'LJ-32', 'wavs'))).filter((f) => f.endsWith('.wav'));
  expect(copied).toHaveLength(32);

  await table.getByTestId('dataset-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('LJ 32');
  await expect(page.getByTestId('report-utterances')).toHaveText('32');
  await expect(page.getByTestId('report-none')).toContainText('built from recorded takes');
  await page.screenshot({ path: join(screenshotDir, 'datasets-report-imported.png'), fullPage: true });
  // Back to the list by the sidebar, and the report again after a reload.
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('datasets-table')).toBeVisible();
  await page.goBack();
  await page.reload();
  await expect(page.getByTestId('dataset-report')).toBeVisible();
});

test('a 0-byte WAV in the folder names the clip, and nothing is imported', async ({ page, studio }) => {
  await page.goto(studio.url);
  const workspace = join(studio.root, 'ws');
  await openDatasets(page, workspace);
  const source = await copyCorpus(join(studio.root, 'incoming', 'broken'));
  await writeFile(join(source, 'LJ001-0007.wav'), Buffer.alloc(0));

  await importFolder(page, source, 'Broken');
  const job = page.getByTestId('import-job');
  await expect(job).toHaveAttribute('data-state', 'failed');
  await expect(job.getByTestId('import-job-error')).toContainText('nothing was imported');
  await expect(job.getByTestId('import-job-problems')).toContainText('LJ001-0007: LJ001-0007.wav is empty (0 bytes)');
  await expect(job).toContainText('Fix or remove the clips listed');
  await page.screenshot({ path: join(screenshotDir, 'datasets-import-error.png'), fullPage: true });

  await expect(page.getByTestId('datasets-empty')).toBeVisible();
  expect(await datasetFolders(workspace)).toEqual([]);
});

test('a metadata.csv with two columns says LJSpeech needs three, and nothing is imported', async ({ page, studio }) => {
  await page.goto(studio.url);
  const workspace = join(studio.root, 'ws');
  await openDatasets(page, workspace);
  const source = await copyCorpus(join(studio.root, 'incoming', 'two-columns'));
  const lines = (await readFile(join(source, 'metadata.csv'), 'utf8')).trim().split('\n');
  await writeFile(join(source, 'metadata.csv'), lines.map((l) => l.split('|').slice(0, 2).join('|')).join('\n') + '\n');

  await importFolder(page, source, 'Two columns');
  const job = page.getByTestId('import-job');
  await expect(job).toHaveAttribute('data-state', 'failed');
  await expect(job.getByTestId('import-job-error')).toContainText('metadata.csv has 32 problems');
  await expect(job.getByTestId('import-job-problems')).toContainText('line 1: 2 columns, expected 3 (id|raw text|normalized text)');
  // The backend's hint, carried on the job row.
  await expect(job).toContainText('LJSpeech needs three: repeat the text as the third column');
  await expect(page.getByTestId('datasets-empty')).toBeVisible();
  expect(await datasetFolders(workspace)).toEqual([]);
});

test('exports a dataset to a new folder: wavs/, a three-column metadata.csv and dataset.json', async ({ page, studio }) => {
  await page.goto(studio.url);
  await openDatasets(page, join(studio.root, 'ws'));
  await importFolder(page, await copyCorpus(join(studio.root, 'incoming', 'lj32')), 'LJ 32');
  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'succeeded');
  await page.getByTestId('datasets-table').getByTestId('dataset-link').click();

  const target = join(studio.root, 'exported', 'lj32-for-coqui');
  const panel = page.getByTestId('export-dataset');
  await panel.getByLabel('Target folder').fill(target);
  await panel.getByRole('button', { name: 'Export dataset' }).click();
  await expect(panel.getByTestId('export-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });
  await expect(panel.getByTestId('export-landed')).toContainText('lj32-for-coqui');
  await panel.screenshot({ path: join(screenshotDir, 'datasets-export.png') });

  const wavs = (await readdir(join(target, 'wavs'))).filter((f) => f.endsWith('.wav')).sort();
  expect(wavs).toHaveLength(32);
  expect(wavs[0]).toBe('LJ001-0001.wav');
  expect((await stat(join(target, 'wavs', wavs[0]!))).size).toBeGreaterThan(44);
  const metadata = (await readFile(join(target, 'metadata.csv'), 'utf8')).trim().split('\n');
  expect(metadata).toHaveLength(32);
  for (const line of metadata) expect(line.split('|')).toHaveLength(3);
  const meta = JSON.parse(await readFile(join(target, 'dataset.json'), 'utf8')) as { sampleRate: number; train: string[]; val: string[] };
  expect(meta.sampleRate).toBe(22050);
  expect(meta.train.length + meta.val.length).toBe(32);

  // A second export into the now non-empty folder is refused, and leaves the first one as it was.
  await panel.getByRole('button', { name: 'Export dataset' }).click();
  await expect(panel.getByTestId('export-error')).toContainText('is not empty');
  expect((await readdir(join(target, 'wavs'))).filter((f) => f.endsWith('.wav'))).toHaveLength(32);
  await rm(target, { recursive: true, force: true });
});

// ---- building from takes: the takes go in through the same API the recorder uses, over the page's own socket ----

interface Reply {
  ok: boolean;
  value?: unknown;
  error?: { message: string };
}

/** Runs calls one after another over a WebSocket the page opens with its token; throws on the first error. */
async function api(page: Page, calls: readonly { call: string; input: unknown }[]): Promise<unknown[]> {
  const replies = await page.evaluate(async (list) => {
    const token = new URLSearchParams(window.location.search).get('token') ?? '';
    const ws = new WebSocket(`ws://${window.location.host}/api?token=${encodeURIComponent(token)}`);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error('socket did not open'));
    });
    const out: unknown[] = [];
    for (const [seq, { call, input }] of list.entries()) {
      ws.send(JSON.stringify({ seq, call, input }));
      out.push(
        await new Promise((resolve) => {
          ws.onmessage = (e: MessageEvent<string>) => {
            const m = JSON.parse(e.data) as { type: string; seq?: number; result?: unknown };
            if (m.type === 'reply' && m.seq === seq) resolve(m.result);
          };
        }),
      );
    }
    ws.close();
    return out;
  }, calls);
  return replies.map((r, i) => {
    const reply = r as Reply;
    if (!reply.ok) throw new Error(`${calls[i]!.call} failed: ${reply.error?.message ?? 'no message'}`);
    return reply.value;
  });
}

/** The samples of a 16-bit mono WAV as floats. */
async function readPcm16(path: string): Promise<Float32Array> {
  const wav = await readFile(path);
  let pos = 12;
  while (wav.toString('ascii', pos, pos + 4) !== 'data') pos += 8 + wav.readUInt32LE(pos + 4);
  const bytes = wav.readUInt32LE(pos + 4);
  const out = new Float32Array(bytes / 2);
  for (let i = 0; i < out.length; i++) out[i] = wav.readInt16LE(pos + 8 + i * 2) / 32768;
  return out;
}

const floatsBase64 = (samples: Float32Array): string => Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64');

/** Deterministic noise, so the noisy take is the same in every run. */
function noise(seconds: number, level: number, seed = 1): Float32Array {
  const out = new Float32Array(Math.round(seconds * 22050));
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    out[i] = (s / 2 ** 30 - 1) * level;
  }
  return out;
}

const concat = (...parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A speaker with twelve clean LJSpeech takes and four that the builder should catch, all accepted. */
async function recordTakes(page: Page): Promise<void> {
  const metadata = (await readFile(join(ljspeech32, 'metadata.csv'), 'utf8')).trim().split('\n').slice(0, 12).map((l) => l.split('|'));
  const audio = new Map<string, Float32Array>();
  for (const [id] of metadata) audio.set(id!, await readPcm16(join(ljspeech32, `${id}.wav`)));
  const modern = audio.get('LJ001-0002')!;
  const script: [string, string, Float32Array][] = [
    ...metadata.map(([id, text]) => [id!, text!, audio.get(id!)!] as [string, string, Float32Array]),
    ['x_short', 'Yes.', modern.slice(Math.round(0.5 * 22050), Math.round(0.75 * 22050))],
    ['x_hiss', 'Nothing but the hiss of the room.', noise(2, 0.3)],
    ['x_shout', 'A shout that clipped the input.', audio.get('LJ001-0004')!.map((v) => Math.max(-1, Math.min(1, v * 12)))],
    ['x_slow', 'Comparatively modern, and slowly.', concat(modern, noise(3, 0.0005, 7), modern)],
  ];
  const [speaker] = (await api(page, [{ call: 'corpus:createSpeaker', input: { name: 'Ada', language: 'en-US' } }])) as [{ id: number }];
  const tsv = script.map(([id, text]) => `${id}\t${text}`).join('\n') + '\n';
  await api(page, [{ call: 'corpus:importScript', input: { speakerId: speaker.id, fileName: 'script.tsv', content: Buffer.from(tsv).toString('base64'), format: 'tsv' } }]);
  const [listed] = (await api(page, [{ call: 'corpus:listPrompts', input: { speakerId: speaker.id, limit: 100 } }])) as [{ prompts: { id: number; key: string }[] }];
  for (const prompt of listed.prompts) {
    const samples = script.find(([id]) => id === prompt.key)![2];
    const [take] = (await api(page, [{ call: 'corpus:startTake', input: { speakerId: speaker.id, promptId: prompt.id, sampleRate: 22050 } }])) as [{ takeId: number }];
    await api(page, [
      { call: 'corpus:appendTake', input: { takeId: take.takeId, seq: 0, samples: floatsBase64(samples) } },
      { call: 'corpus:finishTake', input: { takeId: take.takeId } },
      { call: 'corpus:setTakeState', input: { takeId: take.takeId, state: 'accepted' } },
    ]);
  }
}

test('builds a dataset from accepted takes through the UI (after a cancelled try) and opens its report: histograms, outliers that play', async ({ page, studio }) => {
  await page.goto(studio.url);
  await openDatasets(page, join(studio.root, 'ws'));
  await recordTakes(page);
  await page.reload();

  const form = page.getByTestId('build-dataset');
  await expect(form.getByLabel('Speaker')).toContainText('Ada · en-US · 16 takes');
  await expect(form.getByLabel('Dataset name')).toHaveValue('Ada');
  await form.getByLabel('Dataset name').fill('Ada 22k');
  await form.getByLabel('Sample rate').selectOption('22050');
  await form.getByLabel('Accepted takes only').check();
  await form.getByLabel('Validation share').fill('10');
  await page.screenshot({ path: join(screenshotDir, 'datasets-build-form.png'), fullPage: true });

  // A cancelled build keeps nothing: no dataset row, no folder (16 takes take seconds; the click takes milliseconds).
  await form.getByRole('button', { name: 'Build dataset' }).click();
  await form.getByRole('button', { name: 'Cancel build' }).click();
  await expect(form.getByTestId('build-job')).toHaveAttribute('data-state', 'cancelled');
  await expect(form.getByTestId('build-job')).toContainText('Build cancelled');
  expect(await datasetFolders(join(studio.root, 'ws'))).toEqual([]);
  await expect(page.getByTestId('datasets-empty')).toBeVisible();

  await form.getByRole('button', { name: 'Build dataset' }).click();
  const report = page.getByTestId('dataset-report');
  // The build may finish before its progress can be photographed; the picture is for people, not an assertion.
  await expect(page.getByTestId('build-job').or(report)).toBeVisible();
  if (await page.getByTestId('build-job').isVisible()) await page.screenshot({ path: join(screenshotDir, 'datasets-build-progress.png'), fullPage: true }).catch(() => undefined);

  await expect(report).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada 22k');
  // Kept: eleven clean clips and the slow one; rejected: the hiss, the shout, the short take, and LJ001-0007 for its quotes.
  await expect(page.getByTestId('report-utterances')).toHaveText('12');
  await expect(page.getByTestId('report-rejected')).toHaveText('4');
  await expect(page.getByTestId('report-hours')).toHaveText(/^0\.\d\d h$/);

  const durations = page.getByTestId('duration-histogram').getByRole('img');
  await expect(durations).toHaveAccessibleName(/Histogram of duration \(s\)/);
  await expect(durations).toHaveAccessibleDescription(/^12 utterances, duration from/);
  await expect(page.getByTestId('rate-histogram').getByRole('img')).toHaveAccessibleDescription(/^12 utterances, rate from .* characters\/s/);
  await expect(page.getByTestId('duration-histogram').locator('rect.chart__bar')).not.toHaveCount(0);

  const outliers = page.getByTestId('outlier');
  await expect(outliers).toHaveCount(5);
  await expect(page.locator('[data-testid="outlier"][data-id="LJ001-0007"]')).toContainText('Unknown characters');
  await expect(page.locator('[data-testid="outlier"][data-id="x_slow"]')).toContainText('Unusual pace');
  await expect(page.locator('[data-testid="outlier"][data-id="x_slow"]').getByTestId('outlier-status')).toHaveText('Kept');
  await expect(page.locator('[data-testid="outlier"][data-id="x_hiss"]').getByTestId('outlier-status')).toHaveText('Rejected');
  await expect(page.locator('[data-testid="outlier"][data-id="x_short"]')).toContainText('Too short');
  await expect(page.locator('[data-testid="outlier"][data-id="x_shout"]')).toContainText('Clipped');
  await page.screenshot({ path: join(screenshotDir, 'datasets-report.png'), fullPage: true });

  // The kept outlier plays from the dataset's own clip.
  await page.getByRole('button', { name: 'Play x_slow' }).click();
  const player = page.getByTestId('outlier-audio');
  await expect(player).toHaveAttribute('src', /\/media\/.*x_slow.*\.wav/);
  await expect.poll(() => player.evaluate((a: HTMLAudioElement) => a.currentTime > 0 || !a.paused)).toBe(true);
  await expect(page.getByRole('button', { name: 'Pause x_slow' })).toBeVisible();

  // The same report in the dark theme.
  await api(page, [{ call: 'settings:update', input: { theme: 'dark' } }]);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: join(screenshotDir, 'datasets-report-dark.png'), fullPage: true });
});

test('the report plots phone coverage and calls out the missing phones', async ({ page, studio }) => {
  await page.goto(studio.url);
  const workspace = join(studio.root, 'ws');
  await openDatasets(page, workspace);
  await importFolder(page, await copyCorpus(join(studio.root, 'incoming', 'lj32')), 'LJ 32');
  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'succeeded');

  // A report in the contract's shape beside the imported clips, as the builder writes one (BuildReportSchema).
  const ids = (await readFile(join(workspace, 'datasets', 'LJ-32', 'metadata.csv'), 'utf8')).trim().split('\n').map((l) => l.split('|')[0]!);
  const phones = ['ə', 't', 'n', 's', 'ɪ', 'r', 'd', 'l', 'ð', 'k', 'ɛ', 'm', 'z', 'w', 'æ', 'p', 'v', 'b', 'f', 'i', 'eɪ', 'h', 'ʌ', 'aɪ', 'ɑ', 'u', 'ŋ', 'oʊ', 'ʃ', 'ɔ', 'g', 'j', 'θ', 'aʊ', 'tʃ', 'dʒ', 'ʊ', 'ɔɪ', 'ʒ'];
  const report = {
    utterances: 32,
    seconds: 222,
    rejected: 1,
    outliers: [
      { id: ids[3], reason: 'rate_outlier', detail: '9.1 characters/s against a median of 14.6: a misread or a long pause?', rejected: false, audio: `datasets/LJ-32/wavs/${ids[3]}.wav` },
      { id: 'LJ009-0001', reason: 'low_snr', detail: 'SNR 14 dB is below 20 dB.', rejected: true, audio: null },
    ],
    durations: ids.map((_, i) => 1.5 + ((i * 7) % 32) / 4),
    charsPerSecond: ids.map((_, i) => 12 + ((i * 5) % 32) / 6),
    coverage: {
      phones: { covered: 37, total: 39 },
      diphones: { covered: 412, total: 1521 },
      phoneCounts: phones.map((phone, i) => ({ phone, count: i >= 37 ? 0 : i >= 34 ? 3 : Math.round(900 / (i + 1)) })),
    },
  };
  await writeFile(join(workspace, 'datasets', 'LJ-32', 'report.json'), JSON.stringify(report));

  await page.getByTestId('datasets-table').getByTestId('dataset-link').click();
  const coverage = page.getByTestId('report-coverage');
  await expect(coverage).toHaveAttribute('data-state', 'measured');
  await expect(coverage.getByTestId('coverage-phones')).toContainText('37 of 39');
  await expect(coverage.getByTestId('coverage-diphones')).toContainText('412 of 1,521');
  const chart = coverage.getByTestId('phone-chart');
  await expect(chart).toHaveAttribute('data-scale', 'log');
  await expect(chart.getByTestId('bar')).toHaveCount(39);
  await expect(chart.locator('[data-kind="missing"]')).toHaveCount(2);
  await expect(chart.getByRole('img')).toHaveAccessibleDescription(/2 missing \(ɔɪ ʒ\)/);
  await expect(coverage.getByTestId('coverage-gaps')).toContainText('Missing');
  await expect(page.getByTestId('outlier')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Play LJ009-0001' })).toBeDisabled();
  await page.screenshot({ path: join(screenshotDir, 'datasets-report-coverage.png'), fullPage: true });

  await page.getByRole('button', { name: `Play ${ids[3]}` }).click();
  await expect.poll(() => page.getByTestId('outlier-audio').evaluate((a: HTMLAudioElement) => a.currentTime > 0 || !a.paused)).toBe(true);
  await api(page, [{ call: 'settings:update', input: { theme: 'dark' } }]);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: join(screenshotDir, 'datasets-report-coverage-dark.png'), fullPage: true });
});
