// Reviewing takes in Chromium: import a narrator's existing recordings, filter and search them, set a trim on the waveform, choose the best.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createSpeaker, createWorkspace, expect, test } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const cathy = fileURLToPath(new URL('../../shared/data/speech/arctic-cathy/', import.meta.url));

/** The first `n` recordings of the CC0 corpus (with its retakes) in a folder of the test's own. */
async function recordings(root: string, n: number, extra: string[] = []): Promise<{ dir: string; prompts: number }> {
  const dir = join(root, `recordings-${n}-${extra.length}`);
  await mkdir(join(dir, 'flac'), { recursive: true });
  const lines = (await readFile(join(cathy, 'transcripts.csv'), 'utf8')).split('\n').filter(Boolean).slice(0, n);
  for (const l of lines) {
    const id = l.split('|')[0]!;
    await copyFile(join(cathy, 'flac', `${id}.flac`), join(dir, 'flac', `${id}.flac`));
  }
  await writeFile(join(dir, 'transcripts.csv'), [...lines, ...extra].join('\n') + '\n');
  return { dir, prompts: new Set(lines.map((l) => l.split('|')[0]!.replace(/_\d+$/, ''))).size };
}

async function speakerInNewWorkspace(page: Page, folder: string): Promise<void> {
  await createWorkspace(page, folder, 'Review');
  await page.getByTestId('nav-record').click();
  await createSpeaker(page, 'Cathy', 'en-US');
}

async function importFolder(page: Page, dir: string): Promise<void> {
  await page.getByTestId('open-import-recordings').click();
  await page.getByTestId('import-path').fill(dir);
  await page.getByTestId('import-start').click();
}

test.skip(!existsSync(join(cathy, 'transcripts.csv')), 'the CC0 corpus is not in ../shared/data');

test('imports recordings keeping the newest retake, then filters, trims on the waveform and chooses the best take', async ({ page, studio }) => {
  const { dir, prompts } = await recordings(studio.root, 14);
  await page.goto(studio.url);
  await speakerInNewWorkspace(page, join(studio.root, 'ws'));
  await importFolder(page, dir);
  await expect(page.getByTestId('import-result')).toContainText(`Imported ${prompts} takes`);
  await expect(page.getByTestId('import-result')).toContainText(`leaving out ${14 - prompts} older retake`);
  await expect(page.getByTestId('speaker-prompts')).toHaveText(String(prompts));

  await page.getByTestId('view-review').click();
  await expect(page.getByTestId('review-total')).toHaveAttribute('data-total', String(prompts));
  await expect(page.getByTestId('review-row')).toHaveCount(prompts);
  await expect(page.getByTestId('review-filter-all')).toContainText(String(prompts));

  // The first take: its waveform and spectrogram load, with the automatic trim as the region.
  const inspector = page.getByTestId('take-inspector');
  await expect(inspector.getByTestId('take-waveform')).toHaveAttribute('data-state', 'ready');
  await expect(inspector.getByTestId('trim-span')).toContainText('automatic');
  const before = await inspector.getByTestId('trim-span').textContent();
  await page.screenshot({ path: join(screenshotDir, 'review.png'), fullPage: true });

  // Drag the trim's start handle 60 px to the right: the trim is edited, S saves it, and it survives a reload.
  const handle = inspector.locator('[part~="region-handle-left"]').first();
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 60, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(inspector.getByTestId('trim-span')).toContainText('edited');
  const edited = (await inspector.getByTestId('trim-span').textContent())!;
  expect(edited).not.toBe(before);
  await page.keyboard.press('s');
  await expect(inspector.getByTestId('trim-span')).toContainText('set by you');
  const saved = (await inspector.getByTestId('trim-span').textContent())!.replace(/ · .*/, '');
  await page.reload();
  await expect(page.getByTestId('take-inspector').getByTestId('trim-span')).toContainText('set by you');
  await expect(page.getByTestId('take-inspector').getByTestId('trim-span')).toContainText(saved);

  // Choose it (C), accept the next take (↓, A), and the filters follow.
  await page.keyboard.press('c');
  await expect(page.getByTestId('inspector-chosen')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('review-row').nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('a');
  await expect(page.getByTestId('inspector-state')).toHaveText('accepted');
  await expect(page.getByTestId('review-filter-chosen')).toContainText('1');
  await expect(page.getByTestId('review-filter-accepted')).toContainText('1');
  await page.getByTestId('review-filter-chosen').click();
  await expect(page.getByTestId('review-total')).toHaveAttribute('data-total', '1');
  await page.getByTestId('review-filter-all').click();

  // Search by prompt id and by text.
  await page.getByTestId('review-search').fill('a0003');
  await expect(page.getByTestId('review-total')).toHaveAttribute('data-total', '1');
  await expect(page.getByTestId('take-inspector')).toContainText('For the twentieth time that evening the two men shook hands.');
  await page.getByTestId('review-search').fill('no such words anywhere');
  await expect(page.getByTestId('review-empty')).toBeVisible();
  await page.getByTestId('review-search').fill('');

  // Rejecting the chosen take un-chooses it.
  await page.getByTestId('review-row').first().click();
  await page.keyboard.press('x');
  await expect(page.getByTestId('inspector-state')).toHaveText('rejected');
  await expect(page.getByTestId('inspector-chosen')).toHaveCount(0);
  await expect(page.getByTestId('review-filter-chosen')).toContainText('0');
  await page.screenshot({ path: join(screenshotDir, 'review-rejected.png'), fullPage: true });
});

test('a recordings folder with a missing file is refused with every problem named, and nothing is imported', async ({ page, studio }) => {
  const { dir } = await recordings(studio.root, 4, ['arctic_b0999_1592748574|A prompt whose file is missing.', 'arctic_b0998_1592748574']);
  await page.goto(studio.url);
  await speakerInNewWorkspace(page, join(studio.root, 'ws'));
  await importFolder(page, dir);
  const outcome = page.getByTestId('import-job');
  await expect(outcome).toHaveAttribute('data-state', 'failed');
  await expect(page.getByTestId('import-job-error')).toContainText('2 problem(s)');
  await expect(page.getByTestId('import-job-problems')).toContainText('no audio file for arctic_b0999_1592748574');
  await expect(page.getByTestId('import-job-problems')).toContainText('no text');
  await expect(page.getByTestId('record-no-script')).toBeVisible();
});
