// The bars' scorer: word error rate on known strings, pocketsphinx on two real held-out recordings, the fixed held-out and robustness sets.
import { describe, expect, it } from 'vitest';
import { readHeldout, seededSample } from './heldout';
import { listenNumbers } from './listen-numbers';
import { recordings, robustnessSentences } from './measure-sets';
import { corpusWer, recognize, recognizerMissing, scoringWords, wordErrors } from './wer';

const missing = recognizerMissing();

describe('word error rate', () => {
  it('ignores case and punctuation and spells numbers out before scoring', () => {
    expect(scoringWords('"Hello," she said — in 1908!')).toEqual(['hello', 'she', 'said', 'in', 'nineteen', 'oh', 'eight']);
    expect(scoringWords("It's Dr. Smith's")).toEqual(["it's", 'doctor', "smith's"]);
  });

  it('counts substitutions, deletions and insertions word by word', () => {
    const r = scoringWords('the cat sat on the mat');
    expect(wordErrors(r, r)).toMatchObject({ errors: 0, words: 6 });
    expect(wordErrors(r, scoringWords('the cat sat on a mat'))).toMatchObject({ errors: 1, substitutions: 1 });
    expect(wordErrors(r, scoringWords('the cat on the mat'))).toMatchObject({ errors: 1, deletions: 1 });
    expect(wordErrors(r, scoringWords('well the cat sat on the mat today'))).toMatchObject({ errors: 2, insertions: 2 });
    expect(wordErrors(r, [])).toMatchObject({ errors: 6, deletions: 6 });
    // Corpus WER pools the words: 1 error in 6 plus 6 in 6 is 7/12, not the mean of 1/6 and 1.
    expect(corpusWer([wordErrors(r, scoringWords('the cat sat on a mat')), wordErrors(r, [])])).toBeCloseTo(7 / 12, 10);
  });
});

describe('held-out and robustness sets', () => {
  it('are fixed: the committed 20 prompts and 200 LJSpeech lines of every length', () => {
    const h = readHeldout();
    expect(h?.prompts).toHaveLength(20);
    expect(new Set(h!.prompts.map((p) => p.key)).size).toBe(20);
    expect(seededSample([...'abcdefghij'], 3, 5)).toEqual(seededSample([...'abcdefghij'], 3, 5));
    const a = robustnessSentences();
    expect(a).toHaveLength(200);
    expect(robustnessSentences(20)).toEqual(a.slice(0, 20));
    const lens = a.map((s) => s.text.length).sort((x, y) => x - y);
    expect(lens[0]).toBeLessThan(30);
    expect(lens.at(-1)).toBeGreaterThan(150);
  });
});

describe('listen by numbers', () => {
  it('finds a pause inside a sentence and masters to the ACX RMS range', () => {
    const rate = 22050;
    const tone = (s: number) => Float32Array.from({ length: Math.round(s * rate) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate));
    const gap = new Float32Array(Math.round(0.8 * rate));
    const sentence = new Float32Array([...tone(0.5), ...gap, ...tone(0.5)]);
    const l = listenNumbers([sentence, tone(1)], rate);
    expect(l.longestInnerSilence.index).toBe(0);
    expect(l.longestInnerSilence.seconds).toBeGreaterThan(0.7);
    expect(l.clippedRuns).toBe(0);
    expect(l.master.acxRms && l.master.acxPeak).toBe(true);
    const clipped = Float32Array.from(tone(0.5), (x) => Math.max(-0.5, Math.min(1, x * 10)));
    expect(listenNumbers([clipped], rate).clippedRuns).toBeGreaterThan(0);
  });
});

describe.skipIf(missing !== null)(`pocketsphinx on real recordings${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('hears two held-out recordings of arctic-cathy mostly right, and silence as nothing', async () => {
    const clips = (await recordings()).slice(0, 2);
    for (const c of clips) {
      const heard = await recognize(c.audio, c.rate);
      const e = wordErrors(scoringWords(c.text), scoringWords(heard));
      // The recordings' corpus WER is ~30% (issue 9's probe: 33%); a clip heard mostly wrong means the 16 kHz path broke.
      expect(e.errors / e.words, `${c.text} → ${heard}`).toBeLessThan(0.7);
    }
    expect(scoringWords(await recognize(new Float32Array(22050), 22050))).toEqual([]);
  }, 120_000);
});
