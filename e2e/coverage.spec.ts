// Coverage-driven scripts in Chromium: a German narrator turns the 23k-sentence Thorsten list into 1,000 prompts; gaps get suggestions.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createSpeaker, createWorkspace, expect, test } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const prompts = fileURLToPath(new URL('../../shared/data/prompts/', import.meta.url));

async function newSpeaker(page: Page, folder: string, language: 'de-DE' | 'en-US'): Promise<void> {
  await createWorkspace(page, folder, 'Coverage');
  await page.getByTestId('nav-record').click();
  await createSpeaker(page, language === 'de-DE' ? 'Thorsten' : 'Ann', language);
}

test.skip(!existsSync(join(prompts, 'de', 'thorsten-corpus.tsv')), 'the prompt lists are not in ../shared/data');

test('a German narrator gets a 1,000-prompt script from 23,304 sentences, covering every phone, and sees the curve', async ({ page, studio }) => {
  await page.goto(studio.url);
  await newSpeaker(page, join(studio.root, 'de'), 'de-DE');
  await page.getByTestId('choose-by-coverage').click();
  const panel = page.getByTestId('coverage-panel');
  await panel.getByTestId('pool-file').setInputFiles(join(prompts, 'de', 'thorsten-corpus.tsv'));
  await panel.getByTestId('pool-count').fill('1000');
  await panel.getByTestId('pool-start').click();
  await expect(page.getByTestId('selection-result')).toContainText('Added the 1,000 prompts of', { timeout: 60_000 });
  await expect(page.getByTestId('speaker-prompts')).toHaveText('1,000');
  await expect(page.getByTestId('coverage-curve').locator('polyline')).toHaveCount(2);
  // Measured again once the script changed: every phone of the list is in the script.
  await expect(panel.getByTestId('coverage-now')).toHaveAttribute('data-loading', 'false');
  const phones = panel.getByTestId('coverage-phones');
  await expect.poll(async () => Number(await phones.getAttribute('data-total'))).toBeGreaterThan(50);
  expect(await phones.getAttribute('data-covered')).toBe(await phones.getAttribute('data-total'));
  await expect(page.getByTestId('prompt-position')).toHaveText('1 / 1,000');
  await page.screenshot({ path: join(screenshotDir, 'coverage-german.png'), fullPage: true });
});

test('suggestions fill what a short English script misses, and adding them raises its coverage', async ({ page, studio }) => {
  await page.goto(studio.url);
  await newSpeaker(page, join(studio.root, 'en'), 'en-US');
  await page.getByTestId('choose-by-coverage').click();
  const panel = page.getByTestId('coverage-panel');
  await panel.getByTestId('pool-file').setInputFiles(join(prompts, 'en', 'general-550.txt'));
  await panel.getByTestId('pool-count').fill('20');
  await panel.getByTestId('pool-start').click();
  await expect(page.getByTestId('selection-result')).toContainText('Added the 20 prompts');
  const diphones = panel.getByTestId('coverage-diphones');
  await expect.poll(async () => Number(await diphones.getAttribute('data-covered'))).toBeGreaterThan(100);
  const before = Number(await diphones.getAttribute('data-covered'));
  await expect(page.getByTestId('coverage-suggestions').locator('li')).toHaveCount(10);
  await page.getByTestId('add-suggestions').click();
  await expect(page.getByTestId('speaker-prompts')).toHaveText('30');
  await expect.poll(async () => Number(await diphones.getAttribute('data-covered'))).toBeGreaterThan(before);
  await page.screenshot({ path: join(screenshotDir, 'coverage-suggestions.png'), fullPage: true });
});
