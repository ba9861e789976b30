// The studio in Chromium against the headless server: workspaces, settings, navigation, the media scan, corrupt files.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, readDatabaseBytes, test, writeCorruptDatabase, createWorkspace as createWorkspaceFromWelcome } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const areas = [
  ['workspace', 'Workspace'],
  ['record', 'Record'],
  ['datasets', 'Datasets'],
  ['training', 'Training'],
  ['voices', 'Voices'],
  ['books', 'Books'],
  ['lab', 'Lab'],
  ['settings', 'Settings'],
] as const;

async function createWorkspace(page: Page, folder: string, name: string): Promise<void> {
  await createWorkspaceFromWelcome(page, folder, name);
  await expect(page.getByRole('heading', { level: 1, name: 'Workspace' })).toBeVisible();
}

function heading(page: Page, name: string) {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

test('creating a workspace from the welcome screen opens it', async ({ page, studio }) => {
  await page.goto(studio.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Voicewright' })).toBeVisible();
  // Headless has no native folder picker, so no Browse… button.
  await expect(page.getByRole('button', { name: 'Browse…' })).toHaveCount(0);
  await expect(page.getByTestId('create-path')).not.toHaveValue('');
  const folder = join(studio.root, 'narration');
  await createWorkspace(page, folder, 'Narration Studio');
  await expect(page.getByTestId('workspace-path')).toHaveText(folder);
  await expect(page.getByTestId('sidebar-workspace')).toContainText('Narration Studio');
  await expect(page.getByTestId('nav-workspace')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('media-unscanned')).toBeVisible();
});

test('a workspace stays open across reloads and reopens from the recent list', async ({ page, studio }) => {
  await page.goto(studio.url);
  const folder = join(studio.root, 'book-club');
  await createWorkspace(page, folder, 'Book Club');

  await page.reload();
  await expect(page.getByTestId('workspace-name')).toHaveText('Book Club');

  // The hash keeps the area across a reload.
  await page.getByTestId('nav-voices').click();
  await expect(heading(page, 'Voices')).toBeVisible();
  await page.reload();
  await expect(heading(page, 'Voices')).toBeVisible();
  await page.getByTestId('nav-workspace').click();

  await page.getByTestId('close-workspace').click();
  await expect(page.getByRole('heading', { name: 'Welcome to Voicewright' })).toBeVisible();
  const item = page.getByTestId('recent-item').filter({ hasText: 'Book Club' });
  await expect(item).toContainText(folder);
  await item.getByRole('button', { name: 'Open Book Club' }).click();
  await expect(page.getByTestId('workspace-name')).toHaveText('Book Club');
});

test('settings are saved, survive a reload, and the dark theme applies', async ({ page, studio }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(studio.url);
  await createWorkspace(page, join(studio.root, 'settings'), 'Settings Test');
  await page.getByTestId('nav-settings').click();
  await expect(heading(page, 'Settings')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

  const status = page.getByTestId('settings-status');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(status).toHaveAttribute('data-saves', '1');
  await expect(status).toHaveText('Saved');

  const hours = page.getByLabel('Target corpus size');
  await hours.fill('25');
  await hours.press('Enter');
  await expect(status).toHaveAttribute('data-saves', '2');

  await expect(page.getByTestId('providers')).toContainText('cpu');
  await page.screenshot({ path: join(screenshotDir, 'settings-dark.png'), fullPage: true });

  await page.reload();
  await expect(heading(page, 'Settings')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(page.getByLabel('Target corpus size')).toHaveValue('25');

  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(page.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByLabel('Target corpus size')).toHaveValue('10');
});

test('every area is reachable by sidebar and keyboard', async ({ page, studio }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(studio.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Voicewright' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: join(screenshotDir, 'welcome-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: join(screenshotDir, 'welcome-light.png'), fullPage: true });

  await createWorkspace(page, join(studio.root, 'tour'), 'Studio Tour');
  for (const [id, label] of areas) {
    await page.getByRole('navigation', { name: 'Studio areas' }).getByRole('link', { name: label }).click();
    await expect(heading(page, label)).toBeVisible();
    await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
    if (id === 'workspace') expect(new URL(page.url()).hash).toMatch(/^(#\/)?$/);
    else await expect(page).toHaveURL(new RegExp(`#/${id}$`));
    // Wait for the area's data, so the screenshot shows the real state rather than "Loading…".
    if (id === 'workspace') await expect(page.getByTestId('workspace-stats')).toBeVisible();
    else if (id === 'settings') await expect(page.getByTestId('providers')).not.toContainText('Checking');
    else await expect(page.getByTestId(`${id}-empty`)).toBeVisible();
    await page.screenshot({ path: join(screenshotDir, `${id}.png`), fullPage: true });
  }

  for (const [index, [id, label]] of [...areas.entries()].reverse()) {
    await page.keyboard.press(`ControlOrMeta+${index + 1}`);
    await expect(heading(page, label)).toBeVisible();
    await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
  }

  // Still usable on a small laptop screen.
  await page.setViewportSize({ width: 1024, height: 640 });
  await expect(page.getByTestId('nav-settings')).toBeInViewport();
  await page.screenshot({ path: join(screenshotDir, 'workspace-1024x640.png'), fullPage: true });

  // After switching, the area's heading has focus; on a fresh load the skip link is the first Tab stop.
  await expect(heading(page, 'Workspace')).toBeFocused();
  await page.reload();
  await expect(heading(page, 'Workspace')).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
});

test('the media scan runs as a job and reports what it found', async ({ page, studio }) => {
  await page.goto(studio.url);
  const folder = join(studio.root, 'scan');
  await createWorkspace(page, folder, 'Scan Test');
  await mkdir(join(folder, 'takes', 'speaker-1'), { recursive: true });
  await mkdir(join(folder, 'books'), { recursive: true });
  await writeFile(join(folder, 'takes', 'speaker-1', 'take-1.wav'), Buffer.alloc(2048));
  await writeFile(join(folder, 'takes', 'speaker-1', 'take-2.wav'), Buffer.alloc(2048));
  await writeFile(join(folder, 'books', 'chapter.txt'), 'Chapter one.\n');

  await page.getByRole('button', { name: 'Scan media folders' }).click();
  const outcome = page.getByTestId('scan-outcome');
  await expect(outcome).toHaveAttribute('data-state', 'succeeded');
  await expect(outcome).toHaveText(/Scan finished: 3 files/);
  await expect(page.getByTestId('media-takes').getByRole('cell').nth(1)).toHaveText('2');
  await expect(page.getByTestId('media-takes').getByRole('cell').nth(2)).toHaveText('4.0 KB');
  await expect(page.getByTestId('media-books').getByRole('cell').nth(1)).toHaveText('1');
  await expect(page.getByTestId('job-item').first()).toHaveAttribute('data-state', 'succeeded');
  await expect(page.getByTestId('job-item').first()).toContainText('Scan media folders');
  await expect(page.getByTestId('stat-jobs')).toContainText('1');
  await page.screenshot({ path: join(screenshotDir, 'workspace-scanned.png'), fullPage: true });
});

test('opening a folder with a corrupt database explains the problem and leaves the file alone', async ({ page, studio }) => {
  const folder = join(studio.root, 'corrupt');
  const before = await writeCorruptDatabase(folder);
  const filesBefore = (await readdir(folder)).sort();

  await page.goto(studio.url);
  const form = page.getByRole('form', { name: 'Open a workspace' });
  await form.getByLabel('Folder').fill(folder);
  await form.getByRole('button', { name: 'Open workspace' }).click();

  const error = page.getByTestId('open-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', 'workspace_corrupt');
  await expect(error).toContainText('is not a readable Voicewright database');
  await expect(error).toContainText('It has not been changed');
  await expect(page.getByRole('heading', { name: 'Welcome to Voicewright' })).toBeVisible();

  expect((await readDatabaseBytes(folder)).equals(before)).toBe(true);
  expect((await readdir(folder)).sort()).toEqual(filesBefore);
});

test('a restarted server remembers recent workspaces and can open one at start', async ({ page, studio }) => {
  await page.goto(studio.url);
  const folder = join(studio.root, 'restart');
  await createWorkspace(page, folder, 'Restart Test');

  await page.goto(await studio.restart());
  await expect(page.getByRole('heading', { name: 'Welcome to Voicewright' })).toBeVisible();
  await expect(page.getByTestId('recent-item').filter({ hasText: 'Restart Test' })).toBeVisible();

  await page.goto(await studio.restart({ workspace: folder }));
  await expect(page.getByTestId('workspace-name')).toHaveText('Restart Test');
});
