// The corpus recorder in Chromium with a fake microphone: speaker, script, takes streamed to disk, checks, review by keyboard.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createSpeaker, createWorkspace, expect, test } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const script = [
  ['arctic_a0001', 'Author of the danger trail, Philip Steels, etc.'],
  ['arctic_a0002', 'Not at this particular case, Tom, apologized Whittemore.'],
  ['arctic_a0003', 'For the twentieth time that evening the two men shook hands.'],
  ['arctic_a0004', "Lord, but I'm glad to see you again, Phil."],
] as const;

/** Offset of a RIFF chunk's body (after its 8-byte header). */
function findChunk(wav: Buffer, id: string): number {
  for (let pos = 12; pos + 8 <= wav.length; pos += 8 + wav.readUInt32LE(pos + 4) + (wav.readUInt32LE(pos + 4) % 2)) {
    if (wav.toString('ascii', pos, pos + 4) === id) return pos + 8;
  }
  throw new Error(`no ${id} chunk`);
}

async function openRecorder(page: Page, folder: string): Promise<void> {
  await createWorkspace(page, folder, 'Corpus');
  await page.getByTestId('nav-record').click();
  await expect(page.getByTestId('record-empty')).toBeVisible();
}

/** Presses R, waits until more than 1.5 s of the take is on disk (as the UI reports it), presses R, waits for the checks. */
async function recordTake(page: Page): Promise<void> {
  const controls = page.getByTestId('record-controls');
  await page.keyboard.press('r');
  await expect(controls).toHaveAttribute('data-status', 'recording');
  // wavesurfer.js draws the live input into a canvas in its shadow root.
  await expect(page.getByTestId('live-waveform')).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('live-waveform').locator('canvas').first()).toBeAttached();
  await expect.poll(async () => Number(await page.getByTestId('take-seconds').getAttribute('data-seconds')), { timeout: 15_000 }).toBeGreaterThan(1.5);
}

async function stopTake(page: Page): Promise<void> {
  await page.keyboard.press('r');
  await expect(page.getByTestId('record-controls')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('take-checks').locator('li').first()).toBeVisible();
}

test('records, re-takes, skips, goes back and flags by keyboard, then builds and exports a dataset of the takes', async ({ page, studio }) => {
  await page.goto(studio.url);
  const folder = join(studio.root, 'corpus');
  await openRecorder(page, folder);
  await createSpeaker(page, 'Ada', 'en-GB');

  await page.getByTestId('script-file').setInputFiles({
    name: 'arctic.tsv',
    mimeType: 'text/tab-separated-values',
    buffer: Buffer.from(script.map(([id, text]) => `${id}\t${text}`).join('\n') + '\n'),
  });
  await expect(page.getByTestId('prompt-text')).toHaveText(script[0][1]);
  await expect(page.getByTestId('prompt-position')).toHaveText('1 / 4');
  await expect(page.getByTestId('speaker-prompts')).toHaveText('4');
  await expect(page.getByTestId('no-takes')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'record-idle.png'), fullPage: true });

  // Prompt 1: record, see the checks, accept.
  await recordTake(page);
  await page.screenshot({ path: join(screenshotDir, 'record-recording.png'), fullPage: true });
  await stopTake(page);
  const detail = page.getByTestId('take-detail');
  await expect(detail.getByTestId('take-verdict')).toBeVisible();
  await expect(detail.getByTestId('take-checks').locator('li').first()).toHaveAttribute('data-level', /^(ok|warn|fail)$/);
  await page.screenshot({ path: join(screenshotDir, 'record-take.png'), fullPage: true });
  await page.keyboard.press('a');
  await expect(detail).toHaveAttribute('data-state', 'accepted');
  await expect(page.getByTestId('speaker-accepted')).not.toContainText(/^0\.0 s/);
  await expect(page.getByTestId('speaker-session')).not.toHaveText('0 s');

  // Space plays the take back through the media URL.
  await page.keyboard.press(' ');
  await expect.poll(() => detail.getByTestId('take-audio').evaluate((a: HTMLAudioElement) => a.currentTime > 0 || !a.paused)).toBe(true);
  await page.keyboard.press(' ');

  // Prompt 2: record, reject, re-take, accept the re-take; both takes are kept.
  await page.keyboard.press('n');
  await expect(page.getByTestId('prompt-position')).toHaveText('2 / 4');
  await expect(page.getByTestId('prompt-text')).toHaveText(script[1][1]);
  await recordTake(page);
  await stopTake(page);
  await page.keyboard.press('x');
  await expect(detail).toHaveAttribute('data-state', 'rejected');
  await recordTake(page);
  await stopTake(page);
  await expect(page.getByTestId('take-row')).toHaveCount(2);
  await page.keyboard.press('a');
  await expect(detail).toHaveAttribute('data-state', 'accepted');

  // Skip prompt 3; record prompt 4 and leave it to review.
  await page.keyboard.press('n');
  await expect(page.getByTestId('prompt-position')).toHaveText('3 / 4');
  await expect(page.getByTestId('no-takes')).toBeVisible();
  await page.keyboard.press('n');
  await expect(page.getByTestId('prompt-text')).toHaveText(script[3][1]);
  await recordTake(page);
  await stopTake(page);

  // Back to prompt 2, and flag its accepted take as misread.
  await page.keyboard.press('b');
  await page.keyboard.press('b');
  await expect(page.getByTestId('prompt-position')).toHaveText('2 / 4');
  await expect(page.getByTestId('take-row')).toHaveCount(2);
  await page.keyboard.press('f');
  const flag = page.getByRole('dialog', { name: 'Flag this take' });
  await expect(flag).toBeVisible();
  await flag.getByLabel('Note (optional)').fill('said "Tom" twice');
  await flag.getByRole('button', { name: 'Misread' }).click();
  await expect(detail.getByTestId('take-flags')).toContainText('Misread: said "Tom" twice');

  // The script strip and the position survive a reload.
  await page.reload();
  await expect(page.getByTestId('prompt-position')).toHaveText('2 / 4');
  await expect(page.getByTestId('prompt-row')).toHaveCount(4);
  await expect(page.getByTestId('prompt-row').nth(0)).toHaveAttribute('data-state', 'accepted');
  await expect(page.getByTestId('prompt-row').nth(1)).toHaveAttribute('data-state', 'accepted');
  await expect(page.getByTestId('prompt-row').nth(2)).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('prompt-row').nth(3)).toHaveAttribute('data-state', 'taken');
  await expect(page.getByTestId('take-detail')).toHaveAttribute('data-state', 'accepted');

  // On disk: one non-empty WAV per take, 32-bit float mono at the capture rate, longer than 1.5 s.
  const speakerDirs = await readdir(join(folder, 'takes'));
  expect(speakerDirs).toHaveLength(1);
  const files = (await readdir(join(folder, 'takes', speakerDirs[0]!))).filter((f) => f.endsWith('.wav')).sort();
  expect(files.map((f) => f.replace(/-\d+\.wav$/, ''))).toEqual(['arctic_a0001', 'arctic_a0002', 'arctic_a0002', 'arctic_a0004']);
  for (const f of files) {
    const wav = await readFile(join(folder, 'takes', speakerDirs[0]!, f));
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    const fmt = findChunk(wav, 'fmt ');
    const data = findChunk(wav, 'data');
    const channels = wav.readUInt16LE(fmt + 2);
    const rate = wav.readUInt32LE(fmt + 4);
    const bits = wav.readUInt16LE(fmt + 14);
    expect(channels).toBe(1);
    expect(bits).toBe(32);
    expect(rate).toBeGreaterThanOrEqual(8000);
    expect(wav.readUInt32LE(data - 4)).toBeGreaterThan(1.5 * rate * 4);
    expect(wav.length).toBeGreaterThan(1.5 * rate * 4);
  }

  // Build a dataset of the best take per prompt (the rejected take stays out, the skipped prompt has none), then export it.
  await page.getByTestId('nav-datasets').click();
  const form = page.getByTestId('build-dataset');
  await form.getByLabel('Dataset name').fill('Ada corpus');
  await form.getByRole('button', { name: 'Build dataset' }).click();
  await expect(page.getByTestId('dataset-report')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('report-utterances')).toHaveText('3');
  const target = join(studio.root, 'exported', 'ada');
  const panel = page.getByTestId('export-dataset');
  await panel.getByLabel('Target folder').fill(target);
  await panel.getByRole('button', { name: 'Export dataset' }).click();
  await expect(panel.getByTestId('export-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 });

  expect((await readdir(join(target, 'wavs'))).sort()).toEqual(['arctic_a0001.wav', 'arctic_a0002.wav', 'arctic_a0004.wav']);
  const metadata = (await readFile(join(target, 'metadata.csv'), 'utf8')).trim().split('\n');
  expect(metadata.map((l) => l.split('|').length)).toEqual([3, 3, 3]);
  // The third column is the text as spoken: abbreviations read out.
  expect(metadata[0]).toBe(`arctic_a0001|${script[0][1]}|Author of the danger trail, Philip Steels, et cetera.`);
  const meta = JSON.parse(await readFile(join(target, 'dataset.json'), 'utf8')) as { sampleRate: number; train: string[]; val: string[]; statistics: { utterances: number } };
  expect(meta.sampleRate).toBe(22050);
  expect(meta.statistics.utterances).toBe(3);
  expect([...meta.train, ...meta.val].sort()).toEqual(['arctic_a0001', 'arctic_a0002', 'arctic_a0004']);
  const clip = await readFile(join(target, 'wavs', 'arctic_a0002.wav'));
  const fmt = findChunk(clip, 'fmt ');
  expect([clip.readUInt16LE(fmt + 2), clip.readUInt32LE(fmt + 4), clip.readUInt16LE(fmt + 14)]).toEqual([1, 22050, 16]);
});

test('a script in Windows-1252 names its encoding, and importing with it works', async ({ page, studio }) => {
  await page.goto(studio.url);
  await openRecorder(page, join(studio.root, 'latin1'));
  await createSpeaker(page, 'Jörg', 'en-GB');
  const latin1 = Buffer.from('Grüße aus Köln.\nDas Wetter ist schön.\n', 'latin1');
  await page.getByTestId('script-file').setInputFiles({ name: 'prompts.txt', mimeType: 'text/plain', buffer: latin1 });
  await expect(page.getByTestId('import-error')).toContainText('not UTF-8');
  await expect(page.getByTestId('import-error')).toContainText('windows-1252');
  await expect(page.getByTestId('script-encoding')).toHaveValue('windows-1252');
  await page.getByRole('button', { name: 'Import again' }).click();
  await expect(page.getByTestId('prompt-text')).toHaveText('Grüße aus Köln.');
  await expect(page.getByTestId('prompt-position')).toHaveText('1 / 2');
});

test('a blocked microphone says how to allow it', async ({ page, studio }) => {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.goto(studio.url);
  await openRecorder(page, join(studio.root, 'blocked'));
  await createSpeaker(page, 'Bo', 'en-GB');
  await page.getByTestId('script-file').setInputFiles({ name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from('Hello there.\n') });
  await expect(page.getByTestId('prompt-text')).toHaveText('Hello there.');
  await page.keyboard.press('r');
  await expect(page.getByTestId('mic-denied')).toContainText('Allow microphone access');
  await expect(page.getByTestId('record-controls')).toHaveAttribute('data-status', 'idle');
});

test('a take survives the studio being killed mid-recording: at most the last chunk is lost, the take comes back checked', async ({ page, studio }) => {
  await page.goto(studio.url);
  const folder = join(studio.root, 'crash');
  await openRecorder(page, folder);
  await createSpeaker(page, 'Cleo', 'en-GB');
  await page.getByTestId('script-file').setInputFiles({ name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from(`${script[2][1]}\n`) });
  await expect(page.getByTestId('prompt-text')).toHaveText(script[2][1]);
  await recordTake(page);
  // Wait for ~3 s on disk, note what the studio said was saved, then kill the server without warning.
  await expect.poll(async () => Number(await page.getByTestId('take-seconds').getAttribute('data-seconds')), { timeout: 15_000 }).toBeGreaterThan(3);
  const saved = Number(await page.getByTestId('take-seconds').getAttribute('data-seconds'));
  const url = await studio.crash({ workspace: folder });

  await page.goto(url);
  await page.getByTestId('nav-record').click();
  const row = page.getByTestId('take-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-state', 'recovered');
  const detail = page.getByTestId('take-detail');
  await expect(detail).toHaveAttribute('data-state', 'recovered');
  await expect(detail.getByTestId('take-checks').locator('li').first()).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'record-recovered.png'), fullPage: true });

  // On disk: the header was repaired at start-up and covers at least what the studio reported saved.
  const dir = join(folder, 'takes', (await readdir(join(folder, 'takes')))[0]!);
  const [file] = (await readdir(dir)).filter((f) => f.endsWith('.wav'));
  const wav = await readFile(join(dir, file!));
  const fmt = findChunk(wav, 'fmt ');
  const data = findChunk(wav, 'data');
  const rate = wav.readUInt32LE(fmt + 4);
  const seconds = wav.readUInt32LE(data - 4) / 4 / rate;
  expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
  expect(seconds).toBeGreaterThanOrEqual(saved - 0.01);
  expect(seconds).toBeLessThan(saved + 2);
});
