// Training in Chromium against the real trainer: start a tiny run from the UI, watch curves and an alignment image appear, pause, resume.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav, encodeWav } from '../electron/core/audio/wav';
import { hasTorch } from '../electron/core/testing/python';
import { createWorkspace, expect, test } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const lj = fileURLToPath(new URL('../../shared/data/speech/ljspeech-32/', import.meta.url));

test.skip(!hasTorch || !existsSync(lj), 'needs /usr/bin/python3 with torch and ../shared/data/speech/ljspeech-32');

/** Eight LJSpeech clips cut to 1.5 s with short texts: the tiny model trains on them at several steps a second. */
async function tinyCorpus(dir: string): Promise<string> {
  await mkdir(join(dir, 'wavs'), { recursive: true });
  const lines = (await readFile(join(lj, 'metadata.csv'), 'utf8')).trim().split('\n').slice(0, 8);
  for (const line of lines) {
    const id = line.split('|')[0]!;
    const wav = decodeWav(await readFile(join(lj, `${id}.wav`)));
    await writeFile(join(dir, 'wavs', `${id}.wav`), encodeWav({ sampleRate: wav.sampleRate, channels: [wav.channels[0]!.slice(0, Math.round(1.5 * wav.sampleRate))] }));
  }
  const short = (s: string): string => s.split(' ').slice(0, 4).join(' ');
  await writeFile(join(dir, 'metadata.csv'), lines.map((l) => { const [id, raw, norm] = l.split('|'); return `${id}|${short(raw!)}|${short(norm ?? raw!)}`; }).join('\n') + '\n');
  return dir;
}

test('starts a tiny run from the UI, shows curves and alignments as they come, pauses to a checkpoint and resumes to the end', async ({ page, studio }) => {
  test.setTimeout(240_000);
  await page.goto(studio.url);
  await createWorkspace(page, join(studio.root, 'ws'), 'Train');

  // A dataset first, through the Datasets area.
  await page.getByTestId('nav-datasets').click();
  const source = await tinyCorpus(join(studio.root, 'incoming', 'lj8'));
  const importForm = page.getByTestId('import-dataset');
  await importForm.getByLabel('Folder').fill(source);
  await importForm.getByLabel('Dataset name').fill('lj8');
  await importForm.getByRole('button', { name: 'Import folder' }).click();
  await expect(page.getByTestId('import-job')).toHaveAttribute('data-state', 'succeeded');

  await page.getByTestId('nav-training').click();
  await expect(page.getByTestId('training-empty')).toBeVisible();
  const newRun = page.getByTestId('new-run');
  await expect(newRun.getByTestId('interpreter').first()).toHaveAttribute('data-ok', 'true');
  await newRun.getByLabel('Run name').fill('first voice');
  await newRun.getByLabel('Steps').fill('40');
  await page.screenshot({ path: join(screenshotDir, 'training-new.png'), fullPage: true });
  await newRun.getByTestId('start-run').click();

  const dash = page.getByTestId('run-dashboard');
  await expect(dash.getByTestId('run-state')).toHaveText('running', { timeout: 60_000 });
  await expect.poll(async () => Number(await dash.getByTestId('chart-losses').getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(5);
  await expect(dash.getByTestId('alignment-image')).toBeVisible({ timeout: 60_000 });
  await expect(dash.getByTestId('alignment-image')).toHaveJSProperty('complete', true);
  expect(await dash.getByTestId('alignment-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(dash.locator('canvas').first()).toBeVisible();
  // GPU gauges where nvidia-smi exists; elsewhere the dashboard says why there are none.
  await expect(dash.getByTestId('gpu-panel').or(dash.getByTestId('gpu-none'))).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'training-running.png'), fullPage: true });

  await dash.getByTestId('pause-run').click();
  await expect(dash.getByTestId('run-state')).toHaveText('paused', { timeout: 60_000 });
  await expect(dash.getByTestId('run-checkpoints')).not.toHaveText('0');
  const pausedAt = Number((await dash.getByTestId('run-step').textContent())!.split('/')[0]!.replace(/\D/g, ''));
  expect(pausedAt).toBeLessThan(40);

  await dash.getByTestId('resume-run').click();
  await expect(dash.getByTestId('run-state')).toHaveText(/running|starting/);
  await expect(dash.getByTestId('run-state')).toHaveText('completed', { timeout: 120_000 });
  await expect(dash.getByTestId('run-step')).toContainText('40');
  await expect(dash.getByTestId('eval-viewer')).toHaveAttribute('data-evals', /^[2-9]|\d\d/);
  await expect(dash.getByTestId('run-log')).not.toHaveText('Nothing logged yet.');
  await page.screenshot({ path: join(screenshotDir, 'training-done.png'), fullPage: true });

  // Export the run as a voice (Griffin-Lim only): it appears under Voices.
  const exporter = dash.getByTestId('export-voice');
  await exporter.getByLabel('Voice name').fill('First voice');
  await exporter.getByTestId('export-start').click();
  await expect(exporter.getByTestId('export-voice-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
  await expect(exporter.getByTestId('export-voice-job')).toContainText('voices/First-voice');

  // The list shows the run; its card opens the dashboard again.
  await page.getByRole('button', { name: '← All runs' }).click();
  await expect(page.getByTestId('run-card')).toHaveAttribute('data-state', 'completed');
  await page.getByTestId('nav-voices').click();
  await expect(page.getByTestId('voice-item').filter({ hasText: 'First voice' })).toBeVisible();
});
