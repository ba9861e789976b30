// The Lab in Chromium against the headless studio: an experiment from LJSpeech clips with Griffin-Lim and a random-weight ONNX HiFi-GAN, run, measured, heard side by side, reported.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportTinyVoice, noExporter } from '../electron/core/synth/testing-voice';
import { createWorkspace, expect, test } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const LJ = fileURLToPath(new URL('../../shared/data/speech/ljspeech-32/', import.meta.url));

test.skip(noExporter !== null, noExporter ?? '');

test('compares Griffin-Lim with an ONNX HiFi-GAN on LJSpeech clips: metrics with CIs, side by side switching, the report', async ({ page, studio, context }) => {
  test.setTimeout(420_000);
  const ws = join(studio.root, 'ws');
  await page.goto(studio.url);
  await createWorkspace(page, ws, 'Lab');
  const exported = join(studio.root, 'exported', 'Tiny');
  exportTinyVoice(exported);
  await page.getByTestId('nav-voices').click();
  const importer = page.getByTestId('import-voice');
  await importer.getByLabel('Voice folder').fill(exported);
  await importer.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('voice-item')).toHaveCount(1);

  await page.getByTestId('nav-lab').click();
  await expect(page.getByTestId('lab-empty')).toBeVisible();
  await page.getByTestId('lab-new').click();
  const form = page.getByTestId('lab-new-form');
  await form.getByTestId('lab-name').fill('GL vs HiFi-GAN');
  // A folder without recordings is refused with what to pick instead.
  const empty = join(studio.root, 'empty');
  mkdirSync(empty);
  await form.getByTestId('lab-folder').fill(empty);
  await form.getByTestId('lab-create').click();
  await expect(form.getByTestId('lab-create-error')).toContainText('holds no recordings');
  await form.getByTestId('lab-folder').fill(LJ);
  await form.getByTestId('lab-limit').fill('3');
  await form.locator('[data-testid="lab-condition"][data-label="Tiny (hifi)"]').check();
  await form.getByTestId('lab-create').click();

  const view = page.getByTestId('lab-view');
  await expect(view.getByTestId('lab-view-name')).toHaveText('GL vs HiFi-GAN');
  await view.getByTestId('lab-run').click();
  await expect(view.getByTestId('lab-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 300_000 });
  const rows = view.getByTestId('lab-metrics-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Griffin-Lim');
  // MCD as mean ± CI in dB, and a speed.
  await expect(rows.nth(0).locator('td').first()).toHaveText(/^\d+\.\d\d ± \d+\.\d\d$/);
  await expect(rows.nth(1)).toContainText('Tiny (hifi)');

  // Side by side: reference + two conditions decoded; keys switch the audible one while all play in sync.
  const sbs = view.getByTestId('lab-sbs');
  await expect(sbs.getByTestId('lab-sbs-row')).toHaveCount(3);
  await expect(sbs.getByText(/Decoding/)).toHaveCount(0, { timeout: 30_000 });
  await sbs.getByTestId('lab-sbs-play').click();
  await expect(sbs.getByTestId('lab-sbs-play')).toHaveText('Stop');
  await page.keyboard.press('2');
  await expect(sbs.getByTestId('lab-sbs-row').nth(1)).toHaveAttribute('data-active', 'true');
  await page.keyboard.press('3');
  await expect(sbs.getByTestId('lab-sbs-row').nth(2)).toHaveAttribute('data-active', 'true');
  await expect(sbs.getByTestId('lab-sbs-row').nth(1)).toHaveAttribute('data-active', 'false');
  await page.screenshot({ path: join(screenshotDir, 'lab.png'), fullPage: true });
  // Space stops (away from any button, whose own key it is).
  await sbs.locator('.lab-sbs__text').click();
  await page.keyboard.press(' ');
  await expect(sbs.getByTestId('lab-sbs-play')).toHaveText('Play');

  // The report opens in a new tab: self-contained, with the MCD settings and the listening section.
  const popup = context.waitForEvent('page');
  await view.getByTestId('lab-report').click();
  const report = await popup;
  await report.waitForLoadState();
  await expect(report.locator('h1')).toHaveText('GL vs HiFi-GAN');
  await expect(report.locator('#setup')).toContainText('α = 0.455 at 22050 Hz');
  await expect(report.locator('#metrics svg')).toHaveCount(5);
  await expect(report.locator('#listening')).toContainText('No listening test has been run');
  await expect(report.locator('#environment')).toContainText('onnxruntime-node');
  await report.screenshot({ path: join(screenshotDir, 'lab-report.png'), fullPage: true });
  await view.getByTestId('lab-csv').click();
  await expect(view.getByTestId('lab-csv-link')).toContainText('metrics.csv');
});
