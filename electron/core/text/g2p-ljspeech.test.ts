// Throughput: all LJSpeech transcripts (normalized column) through G2P + IPA symbol ids, with timing printed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createG2p } from './g2p';
import { encodePhonemes, phonemizeForModel } from './g2p-phonemes';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
const metadata = join(repoRoot, '..', 'shared', 'data', 'text', 'ljspeech-metadata.csv');
const present = existsSync(metadata);

describe.skipIf(!present)(`LJSpeech G2P throughput (${present ? metadata : `skipped: ${metadata} is absent`})`, () => {
  it('phonemizes all 13,100 transcripts in well under a minute', async () => {
    const lines = readFileSync(metadata, 'utf8').split('\n').filter((l) => l.length > 0);
    const texts = lines.map((l) => l.split('|')[2] ?? '');
    const t0 = performance.now();
    const g2p = await createG2p();
    const t1 = performance.now();
    let words = 0;
    const unknown = new Map<string, number>();
    for (const text of texts) {
      const out = phonemizeForModel(text, 'en-US', g2p);
      words += out.words.length;
      for (const u of encodePhonemes(out).unknown) unknown.set(u.symbol, (unknown.get(u.symbol) ?? 0) + 1);
    }
    const t2 = performance.now();
    console.log(
      `LJSpeech: ${texts.length} transcripts, ${words} words, ${g2p.cacheSize} distinct words; ` +
        `wasm init ${(t1 - t0).toFixed(0)} ms, G2P + ids ${((t2 - t1) / 1000).toFixed(2)} s; unknown IPA symbols: ${JSON.stringify([...unknown])}`,
    );
    expect(texts.length).toBe(13100);
    expect(t2 - t0).toBeLessThan(30_000);
    expect([...unknown.keys()]).toEqual([]);
  }, 120_000);
});
