// The Books area in Chromium against the real backend and engine: an EPUB made in the test is imported, a chapter rendered, a word flagged, a lexicon entry stales exactly its sentences, a waveform edit is undone and redone, and the MP3 export shows its ACX report.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { buildEpub } from '../electron/core/audiobook/import/epub-fixture';
import { exportTinyVoice, noExporter } from '../electron/core/synth/testing-voice';
import { createWorkspace, expect, test } from './fixtures';

const screenshotDir = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

test.skip(noExporter !== null, noExporter ?? '');

/** The word the lexicon entry is for: in exactly two of chapter one's five sentences (its heading is read too). */
const WORD = 'Quillon';
const CHAPTER_ONE = [
  `<h1>The Harbour</h1><p>${WORD} walked to the harbour at dawn. The boats were still asleep.</p>`,
  `<p>Gulls circled over the grey water. ${WORD} counted them twice.</p>`,
].join('');

/** MPEG-1 Layer III frame headers of an MP3 (after any ID3v2 tag): bit rate and sample rate of each. */
function mp3Frames(bytes: Buffer): { kbps: number; rate: number }[] {
  const kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
  const rates = [44100, 48000, 32000];
  let at = 0;
  if (bytes.subarray(0, 3).toString('latin1') === 'ID3') {
    at = 10 + (((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f));
  }
  const frames: { kbps: number; rate: number }[] = [];
  while (at + 4 <= bytes.length) {
    const [b0, b1, b2] = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!];
    // Sync, MPEG-1 (version bits 11), Layer III (layer bits 01).
    if (b0 !== 0xff || (b1 & 0xfe) !== 0xfa) break;
    const rate = rates[(b2 >> 2) & 3];
    const bitrate = kbps[b2 >> 4];
    if (!rate || !bitrate) break;
    frames.push({ kbps: bitrate, rate });
    at += Math.floor((144_000 * bitrate) / rate) + ((b2 >> 1) & 1);
  }
  return frames;
}

/** Selects characters [start, end) of a sentence's text as a producer's mouse would, and lets the editor see the mouse-up. */
async function selectInSentence(page: Page, sentenceId: string, word: string): Promise<void> {
  await page.locator(`[data-sentence-text="${sentenceId}"]`).evaluate((el, w) => {
    const text = el.textContent ?? '';
    const start = text.indexOf(w);
    if (start < 0) throw new Error(`"${w}" is not in "${text}"`);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    let offset = 0;
    while (node && offset + (node.textContent?.length ?? 0) <= start) {
      offset += node.textContent?.length ?? 0;
      node = walker.nextNode();
    }
    if (!node) throw new Error('no text node');
    const range = document.createRange();
    range.setStart(node, start - offset);
    range.setEnd(node, start - offset + w.length);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, word);
}

// `calls` counts what the renderer sends over the WebSocket: a render loop once sent books:update 30,000 times and starved the
// backend, so a render under load never heard back from its engine.
test('imports an EPUB made in the test, renders a chapter, flags a word, fixes a pronunciation, edits the waveform and exports an MP3 with its ACX report', async ({ page, studio, calls }) => {
  test.setTimeout(420_000);
  const ws = join(studio.root, 'ws');
  await page.goto(studio.url);
  await createWorkspace(page, ws, 'Books');
  const voiceDir = join(studio.root, 'exported', 'Tiny');
  exportTinyVoice(voiceDir);

  const epub = join(studio.root, 'harbour.epub');
  writeFileSync(epub, buildEpub({
    title: 'The Harbour Book',
    author: 'A. Writer',
    chapters: [
      { href: 'text/copyright.xhtml', body: '<h1>Copyright</h1><p>Copyright 2026 A. Writer. All rights reserved.</p>' },
      { href: 'text/ch1.xhtml', body: CHAPTER_ONE },
      { href: 'text/ch2.xhtml', body: '<h1>The Storm</h1><p>The wind rose in the evening. Nobody slept.</p>' },
    ],
    nav: [['Copyright', 'text/copyright.xhtml'], ['The Harbour', 'text/ch1.xhtml'], ['The Storm', 'text/ch2.xhtml']],
  }));
  const notABook = join(studio.root, 'notes.epub');
  writeFileSync(notABook, 'just some text, not a zip');

  // The voice the book is read in, imported through the Voices area.
  await page.getByTestId('nav-voices').click();
  await page.getByTestId('import-voice').getByLabel('Voice folder').fill(voiceDir);
  await page.getByTestId('import-voice').getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('voice-item')).toHaveCount(1);

  await page.getByTestId('nav-books').click();
  await expect(page.getByTestId('books-empty')).toBeVisible();
  const importer = page.getByTestId('book-import');
  // A file that is not an EPUB is refused with what to do.
  await importer.getByTestId('book-import-path').fill(notABook);
  await importer.getByTestId('book-import-preview').click();
  await expect(importer.getByTestId('book-import-error')).toBeVisible();
  await expect(importer.getByTestId('book-import-error').locator('.notice__hint')).not.toBeEmpty();

  // The preview lists every section; the copyright page is listed but left out by default.
  await importer.getByTestId('book-import-path').fill(epub);
  await importer.getByTestId('book-import-preview').click();
  const sections = importer.getByTestId('book-import-section');
  await expect(sections).toHaveCount(3);
  await expect(sections.filter({ hasText: 'Copyright' })).toHaveAttribute('data-included', 'false');
  await expect(sections.filter({ hasText: 'The Harbour' })).toHaveAttribute('data-included', 'true');
  await expect(sections.filter({ hasText: 'The Harbour' })).toContainText(WORD);
  await expect(importer.getByLabel('Book title')).toHaveValue('The Harbour Book');
  await page.screenshot({ path: join(screenshotDir, 'books-import-preview.png'), fullPage: true });
  await importer.getByTestId('book-import-submit').click();

  // The book: two chapters, the tiny voice chosen, a draft step cap so a random model (which never stops) renders quickly.
  const queue = page.getByTestId('render-queue');
  await expect(queue.getByTestId('render-chapter')).toHaveCount(2);
  await expect(queue.getByTestId('render-voice')).toHaveValue(/\d+/);
  await queue.getByTestId('render-max-steps').fill('40');
  const harbour = queue.getByTestId('render-chapter').filter({ hasText: 'The Harbour' });
  await expect(harbour).toHaveAttribute('data-new', '5');
  await harbour.getByTestId('render-chapter-start').click();
  await expect(queue.getByTestId('render-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 180_000 });
  await expect(harbour).toHaveAttribute('data-rendered', '5');
  // The book took the workspace's voice once; nothing sent it again and again.
  expect(calls.get('books:update') ?? 0).toBeGreaterThanOrEqual(1);
  expect(calls.get('books:update') ?? 0).toBeLessThanOrEqual(3);
  await expect(queue.getByTestId('render-job-summary')).toContainText('5 rendered');

  // The chapter editor: the heading and four sentences, every one rendered, the assembled chapter as a waveform with a region per sentence.
  await harbour.getByTestId('open-chapter').click();
  const editor = page.getByTestId('chapter-editor');
  await expect(editor.getByTestId('chapter-title')).toHaveText('The Harbour');
  const sentences = editor.getByTestId('sentence');
  await expect(sentences).toHaveCount(5);
  await expect(editor.locator('[data-testid="sentence"][data-state="rendered"]')).toHaveCount(5);
  const wave = editor.getByTestId('chapter-waveform');
  await expect(wave).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(wave).toHaveAttribute('data-regions', '5');
  // wavesurfer draws the regions in its shadow DOM: one per sentence.
  const drawn = () => wave.locator('.chapter-wave__wave > div').evaluate((el) => el.shadowRoot?.querySelectorAll('[part~="region"]').length ?? 0);
  await expect.poll(drawn).toBe(5);
  expect(Number(await wave.getAttribute('data-duration'))).toBeGreaterThan(1);

  // Click a sentence: it plays from the chapter audio and the text follows (the sentence is marked as playing).
  const second = sentences.nth(2);
  // A 0.5 s sentence is marked for about that long: a MutationObserver sees the mark come and go, which polling could miss.
  await second.evaluate((el) => {
    const w = window as unknown as { sawPlaying?: boolean };
    w.sawPlaying = false;
    new MutationObserver(() => { if (el.classList.contains('sentence--playing')) w.sawPlaying = true; }).observe(el, { attributes: true, attributeFilter: ['class'] });
  });
  await second.click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { sawPlaying?: boolean }).sawPlaying), { timeout: 10_000 }).toBe(true);
  await expect(page.getByTestId('sentence-inspector')).toHaveAttribute('data-sentence', (await second.getAttribute('data-sentence'))!);
  await expect(page.getByTestId('sentence-take')).toHaveCount(1);

  // Flag a word: select it in the text, mark it mispronounced; it is drawn as the producer's flag.
  const third = sentences.nth(3);
  const thirdId = (await third.getAttribute('data-sentence'))!;
  await selectInSentence(page, thirdId, 'grey');
  await expect(page.getByTestId('word-actions')).toBeVisible();
  await page.getByTestId('flag-mispronounced').click();
  // (The engine's own slip flags on a random voice are drawn too, in another style.)
  const mine = third.locator('[data-testid="flag-mark"][data-source="producer"]');
  await expect(mine).toHaveText('grey');
  await expect(mine).toHaveAttribute('data-kind', 'mispronounced');
  await expect(page.getByTestId('sentence-flag').filter({ hasText: 'grey' })).toHaveAttribute('data-source', 'producer');

  // A pronunciation from the editor: the G2P suggests IPA; exactly the two sentences with the word go stale.
  const first = sentences.nth(1);
  await selectInSentence(page, (await first.getAttribute('data-sentence'))!, WORD);
  await page.getByTestId('word-pronunciation').click();
  const dialog = page.getByTestId('pronunciation-dialog');
  await expect(dialog.getByTestId('lexicon-word')).toHaveValue(WORD);
  await expect(dialog.getByTestId('lexicon-ipa')).not.toHaveValue('', { timeout: 30_000 });
  // Said as a respelling instead: the reading certainly changes.
  await dialog.getByRole('radio', { name: 'Respelling' }).check();
  await dialog.getByTestId('lexicon-respelling').fill('Kwillon');
  await dialog.getByTestId('lexicon-save').click();
  const stale = page.getByTestId('stale-notice');
  await expect(stale).toHaveAttribute('data-stale', '2');
  await expect(stale).toContainText('2 sentences are now stale');
  await expect(editor.locator('[data-testid="sentence"][data-state="stale"]')).toHaveCount(2);
  for (const s of await editor.locator('[data-testid="sentence"][data-state="stale"]').all()) await expect(s).toContainText(WORD);
  await expect(editor.locator('[data-testid="sentence"][data-state="rendered"]')).toHaveCount(3);
  await page.screenshot({ path: join(screenshotDir, 'books-chapter-stale.png'), fullPage: true });

  // Re-render them: only those two render; the chapter is whole again.
  await stale.getByTestId('stale-rerender').click();
  await expect(page.getByTestId('chapter-render-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 180_000 });
  await expect(editor.locator('[data-testid="sentence"][data-state="rendered"]')).toHaveCount(5);

  // A waveform edit: drag across the middle of the chapter, cut it; undo with Ctrl+Z, redo with the button.
  await expect(wave).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const edits = editor.getByTestId('edit-list');
  await expect(edits).toHaveAttribute('data-entries', '0');
  const before = Number(await wave.getAttribute('data-duration'));
  const box = (await wave.locator('.chapter-wave__wave').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(editor.getByTestId('edit-selection')).toContainText('Selected');
  await editor.getByTestId('edit-cut').click();
  await expect(edits).toHaveAttribute('data-active', '1');
  await expect(edits.getByTestId('edit-entry')).toHaveAttribute('data-kind', 'cut');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(edits).toHaveAttribute('data-active', '0');
  await expect(edits.getByTestId('edit-entry')).toHaveAttribute('data-undone', 'true');
  await edits.getByTestId('edit-redo').click();
  await expect(edits).toHaveAttribute('data-active', '1');
  await expect(edits.getByTestId('edit-entry')).toHaveAttribute('data-undone', 'false');
  // The chapter is assembled again with the cut in it: shorter by about the selected 15 % of it.
  await expect.poll(async () => Number(await editor.getByTestId('chapter-waveform').getAttribute('data-duration')), { timeout: 120_000 }).toBeLessThan(before - 0.5);
  await expect(editor.getByTestId('chapter-waveform')).toHaveAttribute('data-state', 'ready');

  // Flag a region of the waveform inside one sentence: it lands on that sentence's take, in seconds into the take.
  const last = sentences.nth(4);
  const lastId = (await last.getAttribute('data-sentence'))!;
  // (The rebuilt waveform draws its regions a moment after it is ready; they must be drawn again on the new one.)
  const regionBox = () => wave.locator('.chapter-wave__wave > div').evaluate((el, id) => {
    const r = el.shadowRoot?.querySelector(`[part~="sentence-${id}"]`)?.getBoundingClientRect();
    return r && r.width > 0 ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  }, lastId);
  await wave.scrollIntoViewIfNeeded();
  await expect.poll(regionBox).not.toBeNull();
  const region = await regionBox();
  await page.mouse.move(region!.x + region!.width * 0.25, region!.y + region!.height / 2);
  await page.mouse.down();
  await page.mouse.move(region!.x + region!.width * 0.75, region!.y + region!.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(editor.getByTestId('edit-selection')).toContainText('Selected');
  await editor.getByLabel('Flag the region as').selectOption('noise');
  await expect(editor.getByTestId('flag-region')).toBeEnabled();
  await editor.getByTestId('flag-region').click();
  await expect(page.getByTestId('sentence-inspector')).toHaveAttribute('data-sentence', lastId);
  await expect(page.locator('[data-testid="sentence-flag"][data-source="producer"][data-kind="noise"]')).toContainText('s of the take');

  // Another take of the selected sentence: a second take, chosen; the first can be chosen back.
  const inspector = page.getByTestId('sentence-inspector');
  const takesBefore = await inspector.getByTestId('sentence-take').count();
  await inspector.getByTestId('regenerate').click();
  await expect(inspector.getByTestId('sentence-take')).toHaveCount(takesBefore + 1, { timeout: 60_000 });
  await expect(inspector.locator('[data-testid="sentence-take"][data-chosen="true"]')).toHaveCount(1);
  await inspector.getByTestId('choose-take').first().click();
  await expect(inspector.locator('[data-testid="sentence-take"][data-chosen="true"]')).toHaveCount(1);
  await page.screenshot({ path: join(screenshotDir, 'books-chapter-editor.png'), fullPage: true });

  // Export MP3: a job, then the ACX report with each check's measured value, and the file on disk at 44.1 kHz / 192 kbps CBR.
  await editor.getByRole('button', { name: /The Harbour Book/ }).click();
  const exporter = page.getByTestId('export-panel');
  await expect(exporter.getByTestId('export-format-mp3')).toBeChecked();
  // The unrendered chapter is left out by default; M4B too, which says why when ffmpeg is missing.
  await expect(exporter.getByTestId('export-chapters').getByLabel('Export The Storm')).not.toBeChecked();
  await exporter.getByTestId('export-format-m4b').check();
  await exporter.getByTestId('export-start').click();
  await expect(exporter.getByTestId('export-job')).toHaveAttribute('data-state', 'succeeded', { timeout: 240_000 });
  const chapter = exporter.getByTestId('export-chapter').filter({ hasText: 'The Harbour' });
  const report = chapter.getByTestId('acx-report');
  await expect(report).toBeVisible();
  const checks = report.getByTestId('acx-check');
  expect(await checks.count()).toBeGreaterThanOrEqual(6);
  for (const id of ['rms', 'peak', 'noise_floor', 'length', 'sample_rate', 'bitrate']) {
    const row = report.locator(`[data-testid="acx-check"][data-check="${id}"]`);
    await expect(row).toHaveAttribute('data-pass', /^(true|false)$/);
    await expect(row.getByTestId('acx-measured')).toHaveText(/\d/);
  }
  await expect(report.locator('[data-check="sample_rate"]').getByTestId('acx-measured')).toHaveText('44100 Hz');
  await expect(exporter.getByTestId('export-file-m4b').or(exporter.getByTestId('m4b-note')).first()).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'books-export.png'), fullPage: true });

  const mp3 = (await chapter.getByTestId('export-file-mp3').getAttribute('data-path'))!;
  await checkMp3(mp3, ws);

  // Find/replace across the book: a preview of exactly the sentence it touches, then apply, which stales it.
  const fr = page.getByTestId('find-replace');
  await fr.getByLabel('Find').fill('boats');
  await fr.getByLabel('Replace with').fill('ships');
  await fr.getByRole('button', { name: 'Preview' }).click();
  await expect(fr.getByTestId('find-replace-preview').locator('li')).toHaveCount(1);
  await expect(fr.getByTestId('find-replace-preview').locator('ins')).toHaveText('The ships were still asleep.');
  await fr.getByRole('button', { name: 'Replace in 1 sentence' }).click();
  await expect(page.getByTestId('stale-notice')).toHaveAttribute('data-stale', '1');
  await expect(harbour).toHaveAttribute('data-stale', '1');
});

/** The exported MP3 on disk: MPEG-1 Layer III frames, every one 192 kbps at 44.1 kHz. */
async function checkMp3(mp3: string, ws: string): Promise<void> {
  const onDisk = isAbsolute(mp3) ? mp3 : join(ws, mp3);
  expect(statSync(onDisk).size).toBeGreaterThan(1000);
  const frames = mp3Frames(readFileSync(onDisk));
  expect(frames.length).toBeGreaterThan(10);
  // CBR: every audio frame at 192 kbps (LAME's Xing/Info frame carries the same bit rate), all at 44.1 kHz.
  expect(new Set(frames.map((f) => f.kbps))).toEqual(new Set([192]));
  expect(new Set(frames.map((f) => f.rate))).toEqual(new Set([44100]));
}

test('a Markdown book with a 3,000-sentence chapter imports and opens in the chapter editor with every sentence', async ({ page, studio }) => {
  test.setTimeout(120_000);
  const ws = join(studio.root, 'ws');
  await page.goto(studio.url);
  await createWorkspace(page, ws, 'Long book');
  const md = join(studio.root, 'long.md');
  const lines = Array.from({ length: 3000 }, (_, i) => `Sentence number ${i + 1} of the long chapter is here.`);
  // Paragraphs of ten sentences under one heading, then a short second chapter.
  const paragraphs = Array.from({ length: 300 }, (_, p) => lines.slice(p * 10, p * 10 + 10).join(' '));
  writeFileSync(md, `# The Long One\n\n${paragraphs.join('\n\n')}\n\n# The Short One\n\nIt ends here.\n`);

  await page.getByTestId('nav-books').click();
  const importer = page.getByTestId('book-import');
  await importer.getByTestId('book-import-path').fill(md);
  await importer.getByTestId('book-import-preview').click();
  await expect(importer.getByTestId('book-import-section')).toHaveCount(2);
  await importer.getByTestId('book-import-submit').click();
  const long = page.getByTestId('render-chapter').filter({ hasText: 'The Long One' });
  // The heading is read as a sentence too.
  await expect(long).toHaveAttribute('data-new', '3001');
  const opened = Date.now();
  await long.getByTestId('open-chapter').click();
  await expect(page.getByTestId('sentence')).toHaveCount(3001);
  test.info().annotations.push({ type: 'timing', description: `3,001-sentence chapter: text shown ${Date.now() - opened} ms after the click (not an assertion)` });
  await expect(page.getByTestId('chapter-audio-empty')).toBeVisible();
  // The keyboard walks the sentences.
  await page.getByTestId('sentence').nth(0).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('sentence').nth(1)).toBeFocused();
  await expect(page.getByTestId('sentence-inspector')).toHaveAttribute('data-sentence', (await page.getByTestId('sentence').nth(1).getAttribute('data-sentence'))!);
});

test('the lexicon panel adds a workspace word, exports it as PLS and imports it into the book', async ({ page, studio }) => {
  test.setTimeout(120_000);
  const ws = join(studio.root, 'ws');
  await page.goto(studio.url);
  await createWorkspace(page, ws, 'Lexicon');
  const txt = join(studio.root, 'tomato.txt');
  writeFileSync(txt, 'Tomato soup for two.\n\nAnother tomato, please. Nothing else.\n');
  await page.getByTestId('nav-books').click();
  await page.getByTestId('book-import-path').fill(txt);
  await page.getByTestId('book-import-preview').click();
  await page.getByTestId('book-import-submit').click();

  const panel = page.getByTestId('lexicon-panel');
  await expect(panel.getByTestId('lexicon-empty')).toBeVisible();
  await panel.getByRole('button', { name: 'Add a word' }).click();
  await panel.getByTestId('lexicon-word').fill('tomato');
  await panel.getByRole('button', { name: 'Suggest IPA' }).click();
  await expect(panel.getByTestId('lexicon-ipa')).not.toHaveValue('', { timeout: 30_000 });
  await panel.getByRole('radio', { name: 'Every book (workspace)' }).check();
  await panel.getByTestId('lexicon-save').click();
  // Nothing was rendered, so nothing went stale, but the two sentences with the word are counted.
  await expect(page.getByTestId('stale-notice')).toHaveAttribute('data-touched', '2');
  await expect(page.getByTestId('stale-notice')).toHaveAttribute('data-stale', '0');
  await expect(panel.getByTestId('lexicon-entry')).toHaveAttribute('data-word', 'tomato');

  const pls = join(studio.root, 'words.pls');
  await panel.getByText('Import or export a PLS file').click();
  await panel.getByLabel('PLS file').fill(pls);
  await panel.getByLabel('Lexicon to import into or export').selectOption('workspace');
  await panel.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('Wrote 1 entry');
  expect(readFileSync(pls, 'utf8')).toContain('<grapheme>tomato</grapheme>');
  await panel.getByLabel('Lexicon to import into or export').selectOption('book');
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('Imported 1 new');
  await expect(panel.getByTestId('lexicon-entry')).toHaveCount(2);
  await expect(panel.locator('[data-testid="lexicon-entry"] .badge')).toHaveText(['book', 'workspace']);
});
