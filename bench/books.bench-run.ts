// npm run bench:books — a chapter of LJSpeech text through the books render queue with a full-size random-weight voice (Tacotron2 nvidia + HiFi-GAN V1):
// batched against unbatched decoding, and the re-render after a one-word lexicon change. BENCH_WORDS sets the chapter length (default 600).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenderResult } from '../electron/shared/domains/book-render';
import { RenderQueue } from '../electron/core/audiobook/render/render-queue.service';
import { insertBook } from '../electron/core/db/books.repo';
import { listRenderChapters, listRenderSentences } from '../electron/core/db/book-render.repo';
import { upsertEntry } from '../electron/core/db/lexicon.repo';
import { insertVoice } from '../electron/core/db/voices.repo';
import { EngineHost } from '../electron/core/synth/engine-host';
import { noExporter } from '../electron/core/synth/testing-voice';
import { Workspace } from '../electron/core/workspace/workspace';

const ROOT = join(__dirname, '..');
const WORDS = Number(process.env.BENCH_WORDS ?? 600);
const THREADS = Number(process.env.VOICEWRIGHT_BENCH_THREADS ?? 2);
const BATCH = Number(process.env.BENCH_BATCH ?? 8);
// The export bench:synth makes and keeps (same random weights); made here if it is not there yet.
const FULL = join(tmpdir(), 'voicewright-bench-synth-nvidia-v1-v2-v3');
// The same graphs with a step cap of 5.5 decoder steps per symbol: LJSpeech's pace (86 frames/s, ~15 characters/s).
// A random voice never fires its gate, so the cap sets each sentence's length the way a trained voice's stop would.
const VOICE = join(tmpdir(), 'voicewright-bench-books-voice');
const STEPS_PER_SYMBOL = 5.5;

/** Consecutive LJSpeech transcripts (normalized column) until the chapter has `words` words, five to a paragraph. */
function chapterText(words: number): string[][] {
  const lines = readFileSync(join(ROOT, '..', 'shared', 'data', 'text', 'ljspeech-metadata.csv'), 'utf8').split('\n');
  const out: string[] = [];
  let n = 0;
  for (const line of lines.slice(1000)) {
    const text = line.split('|')[2]?.trim();
    if (!text) continue;
    out.push(text);
    n += text.split(/\s+/).length;
    if (n >= words) break;
  }
  const paragraphs: string[][] = [];
  for (let i = 0; i < out.length; i += 5) paragraphs.push(out.slice(i, i + 5));
  return paragraphs;
}

const fmt = (x: number, d = 1): string => x.toFixed(d);

describe.skipIf(noExporter !== null)(`books render: ~${WORDS}-word chapter, full-size random voice, ${THREADS} threads`, () => {
  const tmp = join(tmpdir(), `voicewright-bench-books-${process.pid}`);
  const host = new EngineHost();
  const lines: string[] = [];
  const paragraphs = chapterText(WORDS);
  const words = paragraphs.flat().reduce((n, s) => n + s.split(/\s+/).length, 0);

  beforeAll(() => {
    if (!existsSync(join(FULL, 'voice.json'))) {
      execFileSync('/usr/bin/python3', ['-m', 'voicewright_trainer', 'export', '--checkpoint', 'random:nvidia:1', '--vocoder', 'hifigan-v1=random:v1',
        '--vocoder', 'hifigan-v2=random:v2', '--vocoder', 'hifigan-v3=random:v3', '--out', FULL, '--name', 'Bench', '--no-griffin-lim',
        '--threads', String(THREADS), '--overwrite'], { cwd: join(ROOT, 'resources', 'trainer'), stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
    }
    rmSync(VOICE, { recursive: true, force: true });
    mkdirSync(VOICE, { recursive: true });
    for (const f of readdirSync(FULL)) if (f.endsWith('.onnx')) symlinkSync(join(FULL, f), join(VOICE, f));
    const json = JSON.parse(readFileSync(join(FULL, 'voice.json'), 'utf8')) as { acoustic: { maxDecoderStepsPerSymbol: number; gateThreshold: number } };
    json.acoustic.maxDecoderStepsPerSymbol = STEPS_PER_SYMBOL;
    // The largest threshold below 1: random weights would otherwise stop at a random step; this way the cap decides.
    json.acoustic.gateThreshold = 1 - Number.EPSILON / 2;
    writeFileSync(join(VOICE, 'voice.json'), JSON.stringify(json));
  }, 900_000);

  afterAll(async () => {
    await host.close();
    rmSync(tmp, { recursive: true, force: true });
    console.log(['', ...lines, ''].join('\n'));
  });

  /** A fresh workspace with the chapter as a book; the voice is registered by its absolute path (nothing copied). */
  const setUp = (name: string, chapter = paragraphs): { ws: Workspace; queue: RenderQueue; bookId: number; chapterId: number; voiceId: number } => {
    const ws = Workspace.open(join(tmp, name), true, name, { progress: () => {}, updated: () => {} });
    const voiceId = insertVoice(ws.db, 'Bench', 'en', VOICE);
    const bookId = insertBook(ws.db, { title: 'Bench', author: '', language: 'en-US', sourcePath: 'ljspeech', sourceKind: 'text', importReport: [] }, [
      { title: 'Chapter 1', kind: 'chapter', included: true, sourceRef: '', paragraphs: chapter.map((p) => p.map((text) => ({ text, pauseAfterMs: 400 }))) },
    ]);
    return { ws, queue: new RenderQueue(ws, () => host, { provider: 'auto', threads: THREADS }), bookId, chapterId: listRenderChapters(ws.db, bookId)[0]!.id, voiceId };
  };
  const render = async (s: ReturnType<typeof setUp>, batch: number): Promise<{ seconds: number; result: RenderResult['chapters'][number] }> => {
    const t = performance.now();
    const { job } = s.queue.renderChapter({ bookId: s.bookId, chapterId: s.chapterId, voiceId: s.voiceId, vocoder: 'hifigan-v1', batch });
    const done = await s.ws.jobs.settled(job);
    if (done.state !== 'succeeded') throw new Error(`${done.state}: ${done.error}`);
    return { seconds: (performance.now() - t) / 1000, result: (done.result as RenderResult).chapters[0]! };
  };

  it('renders the chapter batched and unbatched, then re-renders after a one-word lexicon change', async () => {
    const sentences = paragraphs.flat().length;
    // Warm-up: the engine process starts and opens the voice once (both runs then reuse it).
    const warm = setUp('warm', [['A short sentence to warm up the engine.']]);
    await render(warm, 1);
    const batched = setUp('batched');
    const b = await render(batched, BATCH);
    const single = setUp('single');
    const one = await render(single, 1);
    // One word, in as few sentences as the chapter has for any word: respelled, then the chapter rendered again.
    const counts = new Map<string, number>();
    for (const s of paragraphs.flat()) for (const w of new Set(s.toLowerCase().match(/[a-z]{6,}/g) ?? [])) counts.set(w, (counts.get(w) ?? 0) + 1);
    const word = [...counts.entries()].find(([, n]) => n === 1)?.[0] ?? [...counts.keys()][0]!;
    upsertEntry(batched.ws.db, batched.bookId, word, { ipa: null, respelling: word.split('').reverse().join('') });
    const lex = await render(batched, BATCH);
    const perWord = b.seconds / words;
    const takes = listRenderSentences(batched.ws.db, batched.chapterId).map((x) => batched.queue.takes(x.id).takes.find((t) => t.chosen)!);
    const audio = takes.reduce((n, t) => n + t.seconds, 0);
    const gated = takes.filter((t) => t.slipReport?.gateStopped).length;
    lines.push(`Books render: ${words} words (${sentences} LJSpeech sentences), Tacotron2 nvidia + HiFi-GAN V1 random weights, ${STEPS_PER_SYMBOL} decoder steps per symbol, ${THREADS} threads; ${fmt(audio / 60)} min of audio (${gated} of ${takes.length} sentences ended by the gate, the rest by the cap)`);
    lines.push(`  batch ${BATCH}: ${fmt(b.seconds)} s (${b.result.rendered} sentences rendered, RTF ${fmt(b.seconds / audio, 3)})`);
    lines.push(`  batch 1: ${fmt(one.seconds)} s (${one.result.rendered} sentences rendered) → batch ${BATCH} takes ${fmt(b.seconds / one.seconds, 3)} of the unbatched time`);
    for (const [label, r] of [[`batch ${BATCH}`, b], ['batch 1', one]] as const) {
      lines.push(`    ${label}: decoder ${fmt(r.result.engine.decodeSeconds)} s, vocoder ${fmt(r.result.engine.vocodeSeconds)} s (${r.result.engine.provider ?? '?'})`);
    }
    lines.push(`  one-word lexicon change ("${word}" respelled): ${fmt(lex.seconds, 2)} s, ${lex.result.rendered} sentence(s) re-rendered, ${lex.result.current} current`);
    lines.push(`  EXTRAPOLATED (linear in words, not measured): a 10,000-word chapter ≈ ${fmt((perWord * 10_000) / 60)} min batched, ≈ ${fmt((one.seconds / words) * 10_000 / 60)} min unbatched on this machine`);
    for (const s of [warm, batched, single]) await s.ws.close();
    expect(b.result.rendered).toBe(sentences);
    expect(lex.result.rendered).toBeLessThanOrEqual(counts.get(word) ?? 1);
    expect(lex.result.rendered).toBeGreaterThan(0);
  }, 3_600_000);
});
