// The render queue on a real workspace, SQLite file and engine process with a random-weight tiny voice: takes on disk, only what changed re-renders, pause, kill, regenerate.
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Job, ProgressEvent } from '../../../shared/contract';
import type { RenderedTake, RenderResult } from '../../../shared/domains/book-render';
import { decodeWav } from '../../audio/wav';
import { getSentence, insertBook, setSentenceTexts, setSentenceVoice } from '../../db/books.repo';
import { getJob } from '../../db/jobs.repo';
import { deleteEntry, upsertEntry } from '../../db/lexicon.repo';
import { listRenderChapters, listRenderSentences } from '../../db/book-render.repo';
import { EngineHost } from '../../synth/engine-host';
import { importVoice } from '../../synth/voice-import';
import { exportTinyVoice, noExporter } from '../../synth/testing-voice';
import { makeTempDir } from '../../testing/temp-dir';
import { Workspace } from '../../workspace/workspace';
import { RenderQueue } from './render-queue.service';

const TUNING = { provider: 'cpu' as const, threads: 1 };
const STEPS = 60;
const PARAGRAPHS = [['The cat sat on the mat.', 'A dog ran by.', 'Birds sing at dawn.'], ['The cat slept.', 'Rain fell softly.']];

describe.skipIf(noExporter !== null)('books render queue', () => {
  let voiceTmp: ReturnType<typeof makeTempDir>;
  let tmp: ReturnType<typeof makeTempDir>;
  let host: EngineHost;
  let ws: Workspace;
  let queue: RenderQueue;
  let voiceId: number;
  let bookId: number;
  let chapterId: number;
  const progress: ProgressEvent[] = [];
  const events = { progress: (e: ProgressEvent) => progress.push(e), updated: (_j: Job) => {} };

  const open = (): Workspace => {
    ws = Workspace.open(join(tmp.path, 'ws'), true, 'Render', events);
    queue = new RenderQueue(ws, () => host, TUNING);
    return ws;
  };
  const render = async (extra: { maxSteps?: number; batch?: number } = {}): Promise<RenderResult['chapters'][number]> => {
    const { job } = queue.renderChapter({ bookId, chapterId, voiceId, batch: 4, maxSteps: STEPS, ...extra });
    const done = await ws.jobs.settled(job);
    expect(done.state, done.error ?? '').toBe('succeeded');
    return (done.result as RenderResult).chapters[0]!;
  };
  const sentences = () => listRenderSentences(ws.db, chapterId);
  const chosen = () => sentences().map((s) => s.chosenTakeId);

  beforeAll(() => {
    voiceTmp = makeTempDir('voicewright-render-voice-');
    exportTinyVoice(join(voiceTmp.path, 'tiny'));
    host = new EngineHost();
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    voiceTmp?.cleanup();
  });
  beforeEach(async () => {
    tmp = makeTempDir('voicewright-render-');
    progress.length = 0;
    open();
    voiceId = (await importVoice(ws, join(voiceTmp.path, 'tiny'), 'Tiny')).id;
    bookId = insertBook(ws.db, { title: 'Small Book', author: 'A. Writer', language: 'en-US', sourcePath: 'small.txt', sourceKind: 'text', importReport: [] }, [
      { title: 'Chapter One', kind: 'chapter', included: true, sourceRef: 'lines 1-5', paragraphs: PARAGRAPHS.map((p) => p.map((text) => ({ text, pauseAfterMs: 400 }))) },
    ]);
    chapterId = listRenderChapters(ws.db, bookId)[0]!.id;
  });
  afterEach(async () => {
    await ws.close();
    tmp.cleanup();
  });

  it('renders every sentence of a chapter to a take WAV on disk, with its slip report and flags; a second render finds them all current', async () => {
    const r = await render();
    expect(r).toMatchObject({ sentences: 5, rendered: 5, current: 0, cached: 0, skipped: [] });
    for (const s of sentences()) {
      expect(s.state).toBe('rendered');
      const takes = queue.takes(s.id);
      expect(takes.takes).toHaveLength(1);
      const t = takes.takes[0]!;
      expect(t).toMatchObject({ chosen: true, text: s.text, vocoder: 'hifi', voiceId, seed: 1 });
      expect(t.path).toMatch(new RegExp(`^books/book-${bookId}/takes/chapter-${chapterId}/s${s.id}-[0-9a-f]{16}\\.wav$`));
      const wav = decodeWav(readFileSync(join(ws.root, t.path)));
      expect(wav.sampleRate).toBe(t.sampleRate);
      expect(wav.channels[0]!.length / wav.sampleRate).toBeCloseTo(t.seconds, 3);
      // A random voice never stops by itself: the cap ends every sentence and the report says so, as a slip flag on the sentence.
      expect(t.slipReport).toMatchObject({ gateStopped: false, flagged: true, pieces: 1 });
      expect(t.slipReport!.words.length).toBeGreaterThan(1);
      const flags = getSentence(ws.db, s.id)!.flags;
      expect(flags.filter((f) => f.source === 'slip' && f.takeId === t.id).map((f) => f.kind)).toContain('no_stop');
    }
    const audio = sentences().reduce((n, s) => n + queue.takes(s.id).takes[0]!.seconds, 0);
    expect(r.engine.provider).toBe('cpu');
    expect(r.engine.audioSeconds).toBeCloseTo(audio, 3);
    expect(r.engine.decodeSeconds).toBeGreaterThan(0);
    const steps = progress.map((p) => p.step);
    expect(steps).toContain('sentence 5/5 of Chapter One');
    expect(progress.at(-1)).toMatchObject({ current: 5, total: 5 });
    const before = chosen();
    expect(await render()).toMatchObject({ rendered: 0, current: 5, engine: { audioSeconds: 0, provider: null } });
    expect(chosen()).toEqual(before);
  }, 120_000);

  it('an edited sentence is the only one that re-renders; the same text elsewhere comes from the cache, not the engine', async () => {
    await render();
    const [first, second] = sentences();
    const before = chosen();
    setSentenceTexts(ws.db, [{ id: second!.id, text: 'A dog ran far away.' }]);
    expect(sentences()[1]!.state).toBe('stale');
    expect(await render()).toMatchObject({ rendered: 1, current: 4, cached: 0 });
    const after = chosen();
    expect(after.filter((c, i) => c !== before[i])).toHaveLength(1);
    expect(after[1]).not.toBe(before[1]);
    expect(queue.takes(second!.id).takes).toHaveLength(2);
    // Now the second sentence reads like the first: its key has a take already, which it gets as its own file.
    setSentenceTexts(ws.db, [{ id: second!.id, text: first!.text }]);
    expect(await render()).toMatchObject({ rendered: 0, current: 4, cached: 1 });
    const reused = queue.takes(second!.id).takes[0]!;
    const original = queue.takes(first!.id).takes[0]!;
    expect(reused.cacheKey).toBe(original.cacheKey);
    expect(reused.path).not.toBe(original.path);
    expect(readFileSync(join(ws.root, reused.path))).toEqual(readFileSync(join(ws.root, original.path)));
  }, 120_000);

  it('a lexicon entry re-renders only the sentences containing its word; removing it brings the old takes back from the cache', async () => {
    await render();
    const before = chosen();
    upsertEntry(ws.db, bookId, 'cat', { ipa: null, respelling: 'kat' });
    const r = await render();
    expect(r).toMatchObject({ rendered: 2, current: 3 });
    const after = chosen();
    const texts = sentences().map((s) => s.text);
    const changed = texts.filter((_, i) => after[i] !== before[i]);
    expect(changed).toEqual(['The cat sat on the mat.', 'The cat slept.']);
    expect(queue.takes(sentences()[0]!.id).takes[0]!.slipReport!.words[1]!.text).toBe('kat');
    deleteEntry(ws.db, bookId, 'cat');
    expect(await render()).toMatchObject({ rendered: 0, current: 3, cached: 2 });
    expect(chosen()).toEqual(before);
  }, 120_000);

  it('honours a sentence\'s own voice and vocoder, and reads the workspace lexicon with the book\'s entry winning for the same word', async () => {
    const second = await importVoice(ws, join(voiceTmp.path, 'tiny'), 'Second');
    const [, dog, , , rain] = sentences();
    setSentenceVoice(ws.db, dog!.id, second.id, null);
    setSentenceVoice(ws.db, rain!.id, null, 'griffin-lim');
    upsertEntry(ws.db, null, 'rain', { ipa: null, respelling: 'rayn' });
    upsertEntry(ws.db, null, 'dog', { ipa: null, respelling: 'dawg' });
    upsertEntry(ws.db, bookId, 'rain', { ipa: null, respelling: 'reign' });
    expect(await render()).toMatchObject({ rendered: 5 });
    const dogTake = queue.takes(dog!.id).takes[0]!;
    const rainTake = queue.takes(rain!.id).takes[0]!;
    expect(dogTake).toMatchObject({ voiceId: second.id, vocoder: 'hifi' });
    expect(dogTake.slipReport!.words.map((w) => w.text)).toEqual(['a', 'dawg', 'ran', 'by']);
    expect(rainTake).toMatchObject({ voiceId, vocoder: 'griffin-lim' });
    expect(rainTake.slipReport!.words.map((w) => w.text)).toEqual(['reign', 'fell', 'softly']);
    // A vocoder the voice lacks fails the call, naming the ones it has.
    expect(() => queue.renderChapter({ bookId, chapterId, voiceId, vocoder: 'waveglow', batch: 4 })).toThrow(/Voice Tiny has no vocoder waveglow/);
  }, 120_000);

  it('a sentence too long for one decode becomes one take of its pieces; one with nothing to say is rendered silent and reported', async () => {
    const [, second, third] = sentences();
    const long = Array.from({ length: 12 }, (_, i) => `the ${['red', 'green', 'blue'][i % 3]} boat drifted past the old stone pier`).join(', ') + '.';
    expect(long.length).toBeGreaterThan(300);
    setSentenceTexts(ws.db, [{ id: second!.id, text: long }, { id: third!.id, text: '* * *' }]);
    const r = await render();
    expect(r).toMatchObject({ rendered: 4, skipped: [{ sentenceId: third!.id, text: '* * *', reason: expect.stringMatching(/no letters/) }] });
    const take = queue.takes(second!.id).takes[0]!;
    expect(take.slipReport!.pieces).toBe(2);
    expect(take.slipReport!.words.map((w) => w.text)).toEqual(long.replace(/[,.]/g, '').split(' '));
    // The words of the second piece are timed after the first piece and the gap between them.
    const spans = take.slipReport!.words.map((w) => w.span?.start ?? 0);
    expect(Math.max(...spans)).toBeLessThan(take.seconds);
    expect(sentences()[2]).toMatchObject({ state: 'rendered', chosenTakeId: null });
    expect(await render()).toMatchObject({ rendered: 0, current: 4, skipped: [{ sentenceId: third!.id }] });
  }, 120_000);

  it('pause keeps the finished sentences and the resumed render does only the rest', async () => {
    const { job } = queue.renderChapter({ bookId, chapterId, voiceId, batch: 1, maxSteps: 400 });
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        if (sentences().filter((s) => s.state === 'rendered').length >= 2) {
          clearInterval(tick);
          ws.jobs.cancel(job);
          resolve();
        }
      }, 5);
    });
    expect((await ws.jobs.settled(job)).state).toBe('cancelled');
    const kept = sentences().filter((s) => s.state === 'rendered');
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(5);
    const keptTakes = kept.map((s) => s.chosenTakeId);
    const resumed = await render({ batch: 1, maxSteps: 400 });
    expect(resumed).toMatchObject({ rendered: 5 - kept.length, current: kept.length });
    expect(kept.map((s) => sentences().find((x) => x.id === s.id)!.chosenTakeId)).toEqual(keptTakes);
  }, 120_000);

  it('after the backend is killed mid-render the job is interrupted at start-up, finished takes are intact, and the next render does only the rest', async () => {
    const input = { bookId, chapterId, voiceId, maxSteps: 400 };
    await ws.close();
    const child = spawn(process.execPath, ['--import', new URL('../../dataset/ts-source.register.mjs', import.meta.url).href,
      new URL('./render-kill.fixture.ts', import.meta.url).pathname, join(tmp.path, 'ws'), JSON.stringify(input), '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let job = 0;
    let ended = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { job?: number; state?: string; error?: string };
      if (m.job) job = m.job;
      if (m.state === 'failed' || m.state === 'succeeded') ended = `${m.state} ${m.error ?? ''}`;
    });
    // 'exit', not 'close': the engine process the fixture started holds its stdout until it notices its parent is gone.
    const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect(ended, 'the render ended before the kill').toBe('');
    expect(signal).toBe('SIGKILL');
    expect(job).toBeGreaterThan(0);
    open();
    expect(ws.interruptedAtOpen).toBe(1);
    expect(getJob(ws.db, job)).toMatchObject({ kind: 'books:renderChapter', state: 'interrupted' });
    const kept = sentences().filter((s) => s.state === 'rendered');
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(5);
    for (const s of kept) expect(decodeWav(readFileSync(join(ws.root, s.chosenPath!))).channels[0]!.length).toBeGreaterThan(0);
    // What a kill during a take's write leaves: a temp file, never a short WAV under the take's name. The next render sweeps it.
    const takes = join(ws.root, dirname(kept[0]!.chosenPath!));
    const leftover = join(takes, `.s${sentences().at(-1)!.id}-0123456789abcdef.wav.a1b2c3.tmp`);
    writeFileSync(leftover, 'RIFF');
    utimesSync(leftover, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    expect(await render({ batch: 1, maxSteps: 400 })).toMatchObject({ rendered: 5 - kept.length, current: kept.length });
    expect(readdirSync(takes).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(takes).filter((f) => f.endsWith('.wav'))).toHaveLength(5);
  }, 120_000);

  it('regenerate renders another take with a new seed, keeps the old one, and chooseTake goes back to it', async () => {
    await render();
    const s = sentences()[2]!;
    const old = queue.takes(s.id).takes[0]!;
    const { job } = queue.regenerate({ sentenceId: s.id, maxSteps: STEPS });
    const done = await ws.jobs.settled(job);
    expect(done.state, done.error ?? '').toBe('succeeded');
    const fresh = done.result as RenderedTake;
    expect(fresh.seed).not.toBe(old.seed);
    expect(fresh.chosen).toBe(true);
    expect(readFileSync(join(ws.root, fresh.path))).not.toEqual(readFileSync(join(ws.root, old.path)));
    const listed = queue.takes(s.id);
    expect(listed.takes.map((t) => t.id)).toEqual([fresh.id, old.id]);
    expect(listed.chosenTakeId).toBe(fresh.id);
    // The chosen take's seed carries over: the chapter render keeps it rather than going back to the default.
    expect(await render()).toMatchObject({ rendered: 0, current: 5 });
    expect(queue.chooseTake(s.id, old.id)).toMatchObject({ chosenTakeId: old.id, state: 'rendered' });
    expect(() => queue.chooseTake(s.id, 999)).toThrow(/has no take 999/);
  }, 120_000);

  it('a voice that vanished from disk fails the call, and a sentence override on it fails the job, saying what to do', async () => {
    const other = await importVoice(ws, join(voiceTmp.path, 'tiny'), 'Gone');
    setSentenceVoice(ws.db, sentences()[3]!.id, other.id, null);
    rmSync(join(ws.root, other.path), { recursive: true });
    const { job } = queue.renderChapter({ bookId, chapterId, voiceId, batch: 4, maxSteps: STEPS });
    const failed = await ws.jobs.settled(job);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/The voice Gone is no longer on disk/);
    expect(failed.hint).toMatch(/Import the voice again/);
    rmSync(join(ws.root, 'voices', 'Tiny'), { recursive: true });
    expect(() => queue.renderChapter({ bookId, chapterId, voiceId, batch: 4 })).toThrow(/The voice Tiny is no longer on disk/);
    expect(() => queue.renderChapter({ bookId, chapterId, batch: 4 })).toThrow(/has no voice to render with/);
    expect(() => queue.renderChapter({ bookId, chapterId: 999, voiceId, batch: 4 })).toThrow(/has no chapter 999/);
    expect(existsSync(join(ws.root, 'books', `book-${bookId}`))).toBe(false);
  }, 120_000);
});

if (noExporter !== null) {
  describe('books render queue', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
