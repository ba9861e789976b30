// Listening tests end to end: a MUSHRA test from a Lab run (LJSpeech clips through Griffin-Lim), exported as a bundle, completed from file:// by a
// clicking listener, its downloaded results imported (and a tampered copy refused), a second listener in the studio screened out, the results shown.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { griffinLim } from '../electron/core/audio/griffin-lim';
import { melSpectrogram } from '../electron/core/audio/mel';
import { decodeWav, encodeWav } from '../electron/core/audio/wav';
import { createWorkspace, DB_FILE, expect, test } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const lj = fileURLToPath(new URL('../../shared/data/speech/ljspeech-32/', import.meta.url));
const CLIPS = ['LJ001-0002', 'LJ001-0008'];

/** reference/ with two short LJSpeech clips, griffin-lim/ (their mels through 32 Griffin-Lim iterations) and noisy/ (seeded white noise). */
function stimulusFolder(root: string): string {
  const dir = join(root, 'stimuli');
  for (const d of ['reference', 'griffin-lim', 'noisy']) mkdirSync(join(dir, d), { recursive: true });
  let s = 11;
  const noise = () => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31 - 0.5; };
  for (const c of CLIPS) {
    const bytes = readFileSync(join(lj, `${c}.wav`));
    writeFileSync(join(dir, 'reference', `${c}.wav`), bytes);
    const { channels: [x], sampleRate } = decodeWav(bytes);
    const gl = griffinLim(melSpectrogram(x!), undefined, { iterations: 32, seed: 1 });
    writeFileSync(join(dir, 'griffin-lim', `${c}.wav`), encodeWav({ sampleRate, channels: [gl] }));
    writeFileSync(join(dir, 'noisy', `${c}.wav`), encodeWav({ sampleRate, channels: [x!.map((v) => v + 0.03 * noise())] }));
  }
  return dir;
}

/** The two clips as a recordings folder the Lab imports (LJSpeech's metadata.csv form). */
function recordingsFolder(root: string): string {
  const dir = join(root, 'recordings');
  mkdirSync(dir, { recursive: true });
  const meta = readFileSync(join(lj, 'metadata.csv'), 'utf8').split('\n').filter((l) => CLIPS.some((c) => l.startsWith(`${c}|`)));
  writeFileSync(join(dir, 'metadata.csv'), `${meta.join('\n')}\n`);
  for (const c of CLIPS) writeFileSync(join(dir, `${c}.wav`), readFileSync(join(lj, `${c}.wav`)));
  return dir;
}

/** Lab → New experiment over the two clips with the built-in Griffin-Lim; `run` vocodes them. The experiment's page holds the listening panel. */
async function newExperiment(page: Page, root: string, name: string, run: boolean): Promise<void> {
  await page.getByTestId('nav-lab').click();
  await page.getByTestId('lab-new').click();
  const form = page.getByTestId('lab-new-form');
  await form.getByTestId('lab-name').fill(name);
  await form.getByTestId('lab-folder').fill(recordingsFolder(root));
  await form.getByTestId('lab-create').click();
  const view = page.getByTestId('lab-view');
  await expect(view.getByTestId('lab-view-name')).toHaveText(name);
  if (run) {
    await view.getByTestId('lab-run').click();
    await expect(view.getByTestId('lab-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
  }
  await expect(page.getByTestId('listening-panel')).toBeVisible();
}

/** What each blind stimulus id is: the test's own stimulus table, read beside the running studio. */
function rolesOf(workspace: string): Map<string, string> {
  const db = new BetterSqlite3(join(workspace, DB_FILE), { readonly: true });
  try {
    const rows = db.prepare('SELECT uid, role, condition FROM listening_stimuli').all() as { uid: string; role: string; condition: string }[];
    return new Map(rows.map((r) => [r.uid, r.role === 'condition' ? r.condition : r.role]));
  } finally {
    db.close();
  }
}

/** Plays every version of each screen, types the score its role earns, and goes on; `scoreInput` finds a stimulus's number box. */
async function rateAll(page: Page, roles: Map<string, string>, scores: Record<string, number>, next: string): Promise<void> {
  for (;;) {
    const button = page.getByTestId(next);
    if (!(await button.isVisible())) return;
    const plays = page.locator('button[data-stimulus]');
    for (let i = 0; i < await plays.count(); i++) await plays.nth(i).click();
    const inputs = page.locator('input[type=number][data-stimulus]');
    for (let i = 0; i < await inputs.count(); i++) {
      const uid = (await inputs.nth(i).getAttribute('data-stimulus'))!;
      await inputs.nth(i).fill(String(scores[roles.get(uid)!]));
    }
    await expect(button).toBeEnabled();
    const last = (await button.textContent()) === 'Finish';
    await button.click();
    if (last) return;
  }
}

test('a MUSHRA bundle from a Lab run on LJSpeech clips runs from file://, its results come back into the studio, a careless studio listener is screened out', async ({ page, studio, context }) => {
  test.setTimeout(240_000);
  mkdirSync(screenshotDir, { recursive: true });
  const ws = join(studio.root, 'ws');
  await page.goto(studio.url);
  await createWorkspace(page, ws, 'Listening');
  await newExperiment(page, studio.root, 'Vocoders on LJSpeech', true);

  // A folder without reference/ is refused with what it needs; the experiment's own outputs become the test.
  const form = page.getByRole('form', { name: 'Create a listening test' });
  await form.getByLabel('Test name').fill('Blind MUSHRA');
  await form.getByLabel('Test type').selectOption('mushra');
  await form.getByRole('radio', { name: 'A stimulus folder' }).check();
  await form.getByRole('textbox', { name: 'Stimulus folder' }).fill(studio.root);
  await form.getByRole('button', { name: 'Create test' }).click();
  await expect(page.getByTestId('listening-create-error')).toContainText('has no reference/ folder');
  await form.getByRole('radio', { name: /This experiment’s outputs/ }).check();
  await form.getByRole('button', { name: 'Create test' }).click();
  const detail = page.getByTestId('listening-detail');
  await expect(detail).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(detail).toContainText('conditions: hidden reference, Griffin-Lim, anchor 7 kHz, anchor 3.5 kHz');

  await detail.getByRole('button', { name: 'Export bundle' }).click();
  const bundleRel = await page.getByTestId('listening-bundle-folder').textContent();
  const roles = rolesOf(ws);

  // The listener: the bundle's index.html from file://, no server.
  const listener = await context.newPage();
  const errors: string[] = [];
  listener.on('pageerror', (e) => errors.push(String(e)));
  await listener.goto(pathToFileURL(join(ws, bundleRel!, 'index.html')).href);
  await expect(listener.getByRole('heading', { name: 'Blind MUSHRA' })).toBeVisible();
  await listener.screenshot({ path: join(screenshotDir, 'listening-bundle-instructions.png') });
  await listener.getByRole('button', { name: 'Start' }).click();
  await expect(listener.getByRole('alert')).toContainText('Enter a name or code first');
  await listener.getByLabel('Your name or listener code').fill('pw-listener');
  await listener.getByRole('button', { name: 'Start' }).click();
  await expect(listener.getByRole('heading', { name: 'Familiarisation' })).toBeVisible();
  await listener.getByRole('button', { name: 'Listen to this sentence' }).first().click();
  await listener.getByRole('button', { name: '▶ Reference' }).click();
  await listener.getByRole('button', { name: 'Start rating' }).click();
  await expect(listener.getByRole('heading', { name: 'Screen 1 of 2' })).toBeVisible();
  await expect(listener.getByTestId('next')).toBeDisabled();
  await expect(listener.locator('.hint')).toContainText('Listen to every version first');
  // Keyboard: R is the reference, 2 the second version, and the lit button follows.
  await listener.keyboard.press('r');
  await expect(listener.getByRole('button', { name: '▶ Reference' })).toHaveAttribute('aria-pressed', 'true');
  await listener.keyboard.press('2');
  await expect(listener.getByRole('button', { name: '▶ 2', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(listener.getByRole('button', { name: '▶ Reference' })).toHaveAttribute('aria-pressed', 'false');
  await listener.screenshot({ path: join(screenshotDir, 'listening-bundle-mushra.png') });
  const download = listener.waitForEvent('download');
  await rateAll(listener, roles, { hidden_reference: 100, 'Griffin-Lim': 45, anchor_70: 30, anchor_35: 15 }, 'next');
  const resultsFile = join(studio.root, 'pw-listener.json');
  await (await download).saveAs(resultsFile);
  await expect(listener.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  expect(errors).toEqual([]);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { listenerId: string; items: { shown: string[]; plays: Record<string, number> }[] };
  expect(results.listenerId).toBe('pw-listener');
  expect(results.items).toHaveLength(2);
  expect(results.items.every((i) => i.shown.every((u) => (i.plays[u] ?? 0) >= 1))).toBe(true);

  // Back in the studio: a tampered copy is refused with why, the real file is imported.
  const tampered = structuredClone(results);
  tampered.items[0]!.shown.reverse();
  writeFileSync(join(studio.root, 'tampered.json'), JSON.stringify(tampered));
  await page.bringToFront();
  await page.getByTestId('listening-import-file').setInputFiles(join(studio.root, 'tampered.json'));
  await expect(page.getByTestId('listening-import-error')).toContainText('the order or the condition list was changed');
  await page.getByTestId('listening-import-file').setInputFiles(resultsFile);
  await expect(page.getByTestId('listening-imported')).toContainText('Imported pw-listener: 2 answers');
  const table = page.getByTestId('listening-condition-table');
  await expect(table.locator('tr[data-condition="hidden reference"]')).toContainText('100.0');
  await expect(table.locator('tr[data-condition="Griffin-Lim"]')).toContainText('45.0');

  // A second listener in the studio who misses the hidden reference every time: excluded, and the page says why.
  await detail.getByRole('button', { name: 'Take the test here' }).click();
  await page.getByLabel('Listener name or code').fill('careless');
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('button', { name: 'Start rating' }).click();
  await expect(page.getByTestId('listening-screen')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'listening-studio-session.png') });
  await rateAll(page, roles, { hidden_reference: 40, 'Griffin-Lim': 100, anchor_70: 100, anchor_35: 100 }, 'listening-next');
  await expect(page.getByTestId('listening-excluded')).toContainText('careless rated the hidden reference below 90 in 2 of 2 trials');
  await expect(page.getByTestId('listening-listener-count')).toContainText('2 listeners');
  await expect(table.locator('tr[data-condition="anchor 3.5 kHz"]')).toContainText('15.0');
  await expect(page.getByTestId('listening-chart')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'listening-results.png'), fullPage: true });
});

test('an ABX bundle: X names no stimulus on the page, every answer comes back, and the studio counts right answers per pair with a one-sided binomial p', async ({ page, studio, context }) => {
  test.setTimeout(120_000);
  const ws = join(studio.root, 'ws');
  const folder = stimulusFolder(studio.root);
  await page.goto(studio.url);
  await createWorkspace(page, ws, 'ABX');
  await newExperiment(page, studio.root, 'Griffin-Lim or noise', false);
  const form = page.getByRole('form', { name: 'Create a listening test' });
  await form.getByLabel('Test name').fill('Can you tell');
  await form.getByLabel('Test type').selectOption('abx');
  await form.getByRole('radio', { name: 'A stimulus folder' }).check();
  await form.getByRole('textbox', { name: 'Stimulus folder' }).fill(folder);
  await form.getByLabel('Include the reference recordings as a condition').check();
  await form.getByRole('button', { name: 'Create test' }).click();
  const detail = page.getByTestId('listening-detail');
  await expect(detail).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await detail.getByRole('button', { name: 'Export bundle' }).click();
  const bundleRel = await page.getByTestId('listening-bundle-folder').textContent();
  const roles = rolesOf(ws);

  const listener = await context.newPage();
  await listener.goto(pathToFileURL(join(ws, bundleRel!, 'index.html')).href);
  await listener.getByLabel('Your name or listener code').fill('always-a');
  await listener.getByRole('button', { name: 'Start' }).click();
  const download = listener.waitForEvent('download');
  // 2 utterances × the 3 pairs of {hidden reference, griffin-lim, noisy}.
  for (let screen = 1; screen <= 6; screen++) {
    await expect(listener.getByRole('heading', { name: `Screen ${screen} of 6` })).toBeVisible();
    await expect(listener.getByTestId('next')).toBeDisabled();
    for (const key of ['A', 'B', 'X']) await listener.getByRole('button', { name: `▶ ${key}`, exact: true }).click();
    // X plays from a source of its own: its button is the one lit, and it names no stimulus.
    await expect(listener.locator('button[data-key="X"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(listener.locator('button[data-key="X"]')).not.toHaveAttribute('data-stimulus', /./);
    if (screen === 1) await listener.screenshot({ path: join(screenshotDir, 'listening-bundle-abx.png') });
    await listener.getByLabel('X is A').check();
    await listener.getByTestId('next').click();
  }
  const resultsFile = join(studio.root, 'always-a.json');
  await (await download).saveAs(resultsFile);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { items: { shown: string[]; x: string; choice: string }[] };
  expect(results.items.every((i) => i.choice === i.shown[0])).toBe(true);

  await page.bringToFront();
  await page.getByTestId('listening-import-file').setInputFiles(resultsFile);
  await expect(page.getByTestId('listening-imported')).toContainText('Imported always-a: 6 answers');
  // Right answers per pair from the file itself, p = P(X ≥ right | n = 2, ½).
  const right = new Map<string, number>();
  for (const i of results.items) {
    const pair = i.shown.map((u) => roles.get(u)!.replace('hidden_reference', 'hidden reference')).sort().join(' | ');
    right.set(pair, (right.get(pair) ?? 0) + (i.choice === i.x ? 1 : 0));
  }
  const rows = page.getByTestId('listening-pair-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allTextContents();
    const pair = cells[0]!.split(' vs ').sort().join(' | ');
    const k = right.get(pair)!;
    expect(cells.slice(1)).toEqual(['2', String(k), String(2 - k), ['1.000', '0.750', '0.250'][k]!]);
  }
});

test('a MOS test taken in the studio: one stimulus per screen on the ACR labels, and the mean opinion score per condition', async ({ page, studio }) => {
  test.setTimeout(120_000);
  const ws = join(studio.root, 'ws');
  const folder = stimulusFolder(studio.root);
  await page.goto(studio.url);
  await createWorkspace(page, ws, 'MOS');
  await newExperiment(page, studio.root, 'Opinion', false);
  const form = page.getByRole('form', { name: 'Create a listening test' });
  await form.getByLabel('Test name').fill('Quality');
  await form.getByLabel('Test type').selectOption('mos');
  await form.getByRole('radio', { name: 'A stimulus folder' }).check();
  await form.getByRole('textbox', { name: 'Stimulus folder' }).fill(folder);
  await form.getByRole('button', { name: 'Create test' }).click();
  const detail = page.getByTestId('listening-detail');
  await expect(detail).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await detail.getByRole('button', { name: 'Take the test here' }).click();
  await page.getByLabel('Listener name or code').fill('mo');
  await page.getByRole('button', { name: 'Start' }).click();
  const roles = rolesOf(ws);
  const scoreFor: Record<string, number> = { 'griffin-lim': 2, noisy: 4 };
  for (let screen = 1; screen <= 4; screen++) {
    const panel = page.getByTestId('listening-screen');
    await expect(panel.getByRole('heading', { name: `Screen ${screen} of 4` })).toBeVisible();
    await expect(panel.getByRole('radio')).toHaveCount(5);
    await expect(panel.getByText('5 Excellent')).toBeVisible();
    const play = panel.locator('button[data-stimulus]');
    await play.click();
    const uid = (await play.getAttribute('data-stimulus'))!;
    const score = scoreFor[roles.get(uid)!]!;
    await panel.getByLabel(`${score} ${['Bad', 'Poor', 'Fair', 'Good', 'Excellent'][score - 1]}`).check();
    if (screen === 1) await page.screenshot({ path: join(screenshotDir, 'listening-studio-mos.png') });
    await panel.getByTestId('listening-next').click();
  }
  const table = page.getByTestId('listening-condition-table');
  await expect(table.locator('tr[data-condition="noisy"]')).toContainText('4.0');
  await expect(table.locator('tr[data-condition="griffin-lim"]')).toContainText('2.0');
  await expect(page.getByTestId('listening-chart').locator('title').first()).toHaveText('Mean opinion score per condition');
});
