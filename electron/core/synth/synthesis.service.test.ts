// synthesis:speak through the real backend: a job that writes the WAV and one per sentence under books/synth/, reports slips with times, and says what was wrong.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentenceReady, SpeakResult } from '../../shared/domains/synthesis';
import { decodeWav } from '../audio/wav';
import { ok, openHarness, type Harness } from '../testing/backend-harness';
import { makeTempDir } from '../testing/temp-dir';
import { engineHost } from './synthesis.service';
import { exportTinyVoice, noExporter } from './testing-voice';

describe.skipIf(noExporter !== null)('synthesis:speak', () => {
  let voiceTmp: ReturnType<typeof makeTempDir>;
  let voicePath: string;
  let h: Harness;

  beforeAll(() => {
    voiceTmp = makeTempDir('voicewright-speak-');
    voicePath = join(voiceTmp.path, 'tiny');
    exportTinyVoice(voicePath);
  }, 120_000);
  beforeEach(async () => { h = await openHarness(); });
  afterEach(async () => { await h.close(); });
  afterAll(async () => {
    await engineHost().close();
    voiceTmp?.cleanup();
  });

  it('writes the WAV, a WAV per sentence as each is done, and per-word slips with times in the WAV', async () => {
    const progress: number[] = [];
    const ready: SentenceReady[] = [];
    const off = h.backend.onEvent((event, payload) => {
      const p = payload as { step?: string; current?: number };
      if (event === 'jobs:progress' && p.step === 'sentence') progress.push(p.current!);
      // Each sentence's WAV is announced once it is on disk, before the job ends: the studio plays it at once.
      if (event === 'synthesis:sentence') {
        const e = payload as SentenceReady;
        expect(existsSync(join(h.workspace, e.audio))).toBe(true);
        ready.push(e);
      }
    });
    const { job } = ok<{ job: number }>(await h.backend.invoke('synthesis:speak', { voicePath, text: 'First one here. And the second sentence.', seed: 2, batch: 2, provider: 'cpu', threads: 1,
      lexicon: [{ word: 'First', respelling: 'furst' }] }));
    const done = await h.settled(job);
    off();
    expect(done.state, done.error ?? '').toBe('succeeded');
    const r = done.result as SpeakResult;
    expect(r.path).toBe(`books/synth/job-${job}/speech.wav`);
    const wav = decodeWav(readFileSync(join(h.workspace, r.path)));
    expect(wav.channels[0]!.length / wav.sampleRate).toBeCloseTo(r.audioSeconds + 0.3, 2);
    expect(r.sentences).toHaveLength(2);
    expect(r.sentences[1]!.start).toBeGreaterThan(r.sentences[0]!.end);
    for (const s of r.sentences) expect(existsSync(join(h.workspace, s.audio))).toBe(true);
    expect(r.sentences[1]!.words.map((w) => w.text)).toEqual(['and', 'the', 'second', 'sentence']);
    expect(r.sentences[0]!.words[0]!.text).toBe('furst');
    // The random voice never stops by itself: every sentence is flagged, with the reason.
    expect(r.sentences[0]!.slips.map((x) => x.kind)).toContain('no_stop');
    expect(r.provider.chosen).toBe('cpu');
    expect(r.rtf).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(2);
    expect(ready.map((e) => [e.job, e.index, e.total, e.audio])).toEqual(r.sentences.map((x) => [job, x.index, 2, x.audio]));
    expect(ready[1]!.start).toBe(r.sentences[1]!.start);
  });

  it('a missing voice or text with nothing to say fails the job with the reason; no voice at all fails the call', async () => {
    const missing = await h.backend.invoke('synthesis:speak', { voicePath: join(voiceTmp.path, 'nope'), text: 'Hi.' });
    // The folder is read by the engine process: the job carries its message.
    expect(missing.ok).toBe(true);
    const { job } = ok<{ job: number }>(missing);
    expect((await h.settled(job)).error).toMatch(/is not a voice package/);
    const bad = await h.backend.invoke('synthesis:speak', { voicePath, text: '!!! ???' });
    const failed = await h.settled(ok<{ job: number }>(bad).job);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/Nothing in the text can be spoken/);
    expect(failed.hint).toMatch(/English words/);
    expect(await h.backend.invoke('synthesis:speak', { text: 'Hi.' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

if (noExporter !== null) {
  describe('synthesis:speak', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
