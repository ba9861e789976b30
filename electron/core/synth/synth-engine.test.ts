// The engine on a random-weight tiny voice: the same seed gives the same take, batching does not change a sentence, the cap and bad text are handled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { candidateProviders, sessionFailureReason, unavailableReason } from './execution-providers';
import { stepCap, SynthEngine } from './synth-engine';
import { speak, type SentenceResult, type SpeakOptions } from './synth-pipeline';
import { MAX_SENTENCE_CHARS, prepareText } from './synth-text';
import { exportTinyVoice, noExporter } from './testing-voice';

const maxDiff = (a: Float32Array, b: Float32Array): number => {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe.skipIf(noExporter !== null)('synthesis engine on a tiny random voice', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let engine: SynthEngine;
  const FOUR = 'The cat sat on the mat. A second, somewhat longer sentence follows here! Is this the third? Short one.';

  const run = async (text: string, opts: SpeakOptions): Promise<SentenceResult[]> => {
    const out: SentenceResult[] = [];
    await speak(engine, text, opts, (s) => { out.push(s); });
    return out;
  };

  beforeAll(async () => {
    tmp = makeTempDir('voicewright-engine-');
    exportTinyVoice(join(tmp.path, 'tiny'));
    engine = await SynthEngine.open(join(tmp.path, 'tiny'), { threads: 1, provider: 'cpu' });
  }, 120_000);

  afterAll(async () => {
    await engine?.release();
    tmp?.cleanup();
  });

  it('the same seed gives the same audio, another seed another take', async () => {
    const a = await run('Hello there, how are you today?', { seed: 11, maxSteps: 80 });
    const b = await run('Hello there, how are you today?', { seed: 11, maxSteps: 80 });
    const c = await run('Hello there, how are you today?', { seed: 12, maxSteps: 80 });
    expect(maxDiff(a[0]!.audio, b[0]!.audio)).toBe(0);
    expect(maxDiff(a[0]!.audio, c[0]!.audio)).toBeGreaterThan(1e-4);
  });

  it('four sentences decoded as one batch sound the same as each decoded alone', async () => {
    const batched = await run(FOUR, { seed: 5, batch: 4, maxSteps: 120 });
    const single = await run(FOUR, { seed: 5, batch: 1, maxSteps: 120 });
    expect(batched).toHaveLength(4);
    const diffs = batched.map((s, i) => maxDiff(s.audio, single[i]!.audio));
    console.log(`batch 4 vs alone, max |audio diff| per sentence: ${diffs.map((d) => d.toExponential(1)).join(', ')}`);
    for (const d of diffs) expect(d).toBeLessThanOrEqual(1e-4);
    expect(batched.map((s) => s.steps)).toEqual(single.map((s) => s.steps));
  });

  it('a fixed step count runs exactly that many steps', async () => {
    const out = await run('One. Two words. And three more words.', { seed: 1, fixedSteps: 37 });
    expect(out.map((s) => s.steps)).toEqual([37, 37, 37]);
    expect(out[0]!.audio.length).toBe(37 * engine.voice.mel.hop);
  });

  it('a model that never stops is cut at the cap derived from the text length and flagged', async () => {
    const text = 'This random model has no idea when to stop talking.';
    const [s] = await run(text, { seed: 3, keepAttention: true });
    const symbols = prepareText(text, engine.voice).sentences[0]!.ids.length;
    expect(s!.gateStopped).toBe(false);
    expect(s!.steps).toBe(stepCap(engine.voice, symbols));
    expect(s!.attention).toHaveLength(s!.steps);
    expect(s!.attention![0]).toHaveLength(symbols);
    expect(s!.health.slips.map((x) => x.kind)).toContain('no_stop');
    expect(s!.health.words.map((w) => w.text)).toEqual(['this', 'random', 'model', 'has', 'no', 'idea', 'when', 'to', 'stop', 'talking']);
  });

  it('Griffin-Lim is a vocoder choice and an unknown vocoder is refused with the names', async () => {
    const [g] = await run('Griffin.', { seed: 1, vocoder: 'griffin-lim', fixedSteps: 20 });
    expect(g!.audio.length).toBeGreaterThan(0);
    await expect(run('Hi.', { seed: 1, vocoder: 'waveglow' })).rejects.toThrow(/no vocoder waveglow.*|Choose one of/);
  });

  it('empty text, only punctuation and unknown characters get clear errors or reports', async () => {
    await expect(run('   ', { seed: 1 })).rejects.toThrow(/no text to synthesize/);
    await expect(run('?!… —', { seed: 1 })).rejects.toThrow(/Nothing in the text can be spoken/);
    await expect(run('你好世界', { seed: 1 })).rejects.toThrow(/Nothing in the text can be spoken/);
    const p = prepareText('Café costs 5 € — ok? ... !!! Done.', engine.voice);
    expect(p.sentences.map((s) => s.spoken)).toEqual(expect.arrayContaining([expect.stringContaining('cafe costs five')]));
    expect(p.skipped.length + p.sentences.length).toBeGreaterThan(1);
  });

  it('a 5,000-character text is split into sentences no longer than the decoder takes', () => {
    const para = 'The quick brown fox jumps over the lazy dog, and then it runs away into the forest where nobody can find it. ';
    const text = para.repeat(Math.ceil(5000 / para.length)).slice(0, 5000) + ' ' + 'word '.repeat(200);
    const p = prepareText(text, engine.voice);
    expect(p.sentences.length).toBeGreaterThan(40);
    for (const s of p.sentences) expect(s.spoken.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    for (const s of p.sentences) for (const w of s.words) expect(w.end).toBeLessThanOrEqual(s.ids.length);
  });

  it('lexicon respellings are read in place of the written word', async () => {
    const [s] = await run('Mr. Nguyen arrived.', { seed: 1, fixedSteps: 5, lexicon: [{ word: 'nguyen', respelling: 'win' }, { word: 'arrived', ipa: 'əˈɹaɪvd' }] });
    expect(s!.spoken).toBe('mister win arrived.');
  });

  it('a 1 MB text is prepared in windows: every sentence kept, offsets into the whole text', () => {
    const para = 'The fox, on the 3rd of May 2021, paid $5.50 to Dr. Smith for 12 apples. ';
    const text = para.repeat(Math.ceil(1_000_000 / para.length));
    const t = performance.now();
    const p = prepareText(text, engine.voice);
    console.log(`1 MB text → ${p.sentences.length} sentences in ${Math.round(performance.now() - t)} ms`);
    expect(p.sentences).toHaveLength(Math.ceil(1_000_000 / para.length));
    const last = p.sentences.at(-1)!;
    expect(text.slice(last.start, last.end)).toBe(para.trim());
    expect(last.spoken).toContain('may twenty twenty-one, paid five dollars and fifty cents to doctor smith');
  });

  it('an unavailable provider falls back to CPU and says why', async () => {
    const e = await SynthEngine.open(join(tmp.path, 'tiny'), { threads: 1, provider: 'cuda' });
    try {
      expect(e.report.chosen).toBe('cpu');
      expect(e.report.attempts[0]).toMatchObject({ name: 'cuda', ok: false });
      expect(e.report.text).toMatch(/Not used — cuda: /);
    } finally {
      await e.release();
    }
  });

  it('reports CPU and why CUDA did not run', () => {
    expect(engine.report.chosen).toBe('cpu');
    expect(engine.report.text).toMatch(/Synthesis runs on CPU/);
    expect(candidateProviders('auto', 'linux')).toEqual(['cuda', 'cpu']);
    expect(candidateProviders('auto', 'win32')).toEqual(['cuda', 'dml', 'cpu']);
    expect(candidateProviders('auto', 'darwin')).toEqual(['coreml', 'cpu']);
    expect(unavailableReason('dml', [{ name: 'cpu', bundled: true }], 'linux')).toMatch(/only on Windows/);
    expect(unavailableReason('cuda', [{ name: 'cpu', bundled: true }, { name: 'cuda', bundled: false }], 'linux')).toMatch(/not installed/);
    // A Pascal card (GTX 1080, compute capability 6.1) under the Linux CUDA build, and a missing cuDNN, in words.
    const pascal = 'CUDA failure 209: no kernel image is available for execution on the device ; GPU=0 ; hostname=x\nmore';
    expect(sessionFailureReason('cuda', pascal, 'linux')).toMatch(/compute capability 7\.5 and newer; a GTX 10-series card \(6\.1\) needs Windows/);
    expect(sessionFailureReason('cuda', pascal, 'win32')).toMatch(/DirectML/);
    expect(sessionFailureReason('cuda', 'libcudnn.so.9: cannot open shared object file', 'linux')).toMatch(/a CUDA library is missing .*cuDNN 9/);
    expect(sessionFailureReason('cpu', 'first line\nsecond', 'linux')).toBe('first line');
  });
});

if (noExporter !== null) {
  describe('synthesis engine', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
