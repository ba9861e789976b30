// Coverage-driven scripts against a real workspace: the best N of a pool join the script, coverage is reported, gaps get suggestions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptSelectionResult } from '../../shared/domains/corpus';
import { openHarness, ok, type Harness } from '../testing/backend-harness';

const prompts = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'prompts');
let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(async () => {
  await h.close();
});

async function speaker(language: 'en-US' | 'de-DE'): Promise<number> {
  return ok<{ id: number }>(await h.backend.invoke('corpus:createSpeaker', { name: `N-${language}`, language })).id;
}

async function select(speakerId: number, file: string, count: number, extra: Record<string, unknown> = {}): Promise<{ state: string; error: string | null; result: ScriptSelectionResult }> {
  const content = readFileSync(file).toString('base64');
  const { job } = ok<{ job: number }>(await h.backend.invoke('corpus:selectScript', { speakerId, fileName: file.split('/').pop()!, content, count, ...extra }));
  const done = await h.settled(job);
  return { state: done.state, error: done.error, result: done.result as ScriptSelectionResult };
}

type Coverage = { coverage: { phones: { covered: number; total: number }; diphones: { covered: number; total: number } }; poolSize: number; missingPhones: string[]; suggestions: { key: string; newUnits: string[] }[] };

describe.skipIf(!existsSync(prompts))('choosing a script by coverage', () => {
  it('adds the 60 best-covering of 550 English prompts, better than chance, and suggests what fills the gaps', async () => {
    const speakerId = await speaker('en-US');
    const { state, error, result } = await select(speakerId, join(prompts, 'en', 'general-550.txt'), 60);
    expect(state, error ?? '').toBe('succeeded');
    expect(result.imported).toBe(60);
    expect(result.pooled).toBe(result.poolTotal - 60);
    const d = (c: { covered: number; total: number }): number => c.covered / c.total;
    expect(d(result.coverage.diphones)).toBeGreaterThan(d(result.randomCoverage.diphones) + 0.1);
    expect(d(result.coverage.phones)).toBeGreaterThanOrEqual(d(result.randomCoverage.phones));
    // The curve rises with every prompt and ends at the reported coverage.
    for (let i = 1; i < result.curve.length; i++) expect(result.curve[i]!.diphones).toBeGreaterThanOrEqual(result.curve[i - 1]!.diphones);
    expect(result.curve.at(-1)!.k).toBe(60);
    const script = ok<{ total: number; prompts: { key: string }[] }>(await h.backend.invoke('corpus:listPrompts', { speakerId, limit: 100 }));
    expect(script.total).toBe(60);

    const before = ok<Coverage>(await h.backend.invoke('corpus:coverage', { speakerId, suggest: 5 }));
    expect(before.poolSize).toBe(result.pooled);
    expect(before.coverage.diphones.covered).toBe(result.coverage.diphones.covered);
    expect(before.suggestions).toHaveLength(5);
    for (const s of before.suggestions) expect(s.newUnits.length).toBeGreaterThan(0);
    const { added } = ok<{ added: number }>(await h.backend.invoke('corpus:addFromPool', { speakerId, keys: before.suggestions.map((s) => s.key) }));
    expect(added).toBe(5);
    const after = ok<Coverage>(await h.backend.invoke('corpus:coverage', { speakerId, suggest: 0 }));
    expect(after.coverage.diphones.covered).toBeGreaterThan(before.coverage.diphones.covered);
    expect(after.poolSize).toBe(before.poolSize - 5);
    expect(ok<{ total: number }>(await h.backend.invoke('corpus:listPrompts', { speakerId })).total).toBe(65);
  }, 60_000);

  it('measures a script imported line by line too, and refuses bad limits and files at the boundary', async () => {
    const speakerId = await speaker('en-US');
    const lines = 'The birch canoe slid on the smooth planks.\nGlue the sheet to the dark blue background.\nIt is easy to tell the depth of a well.\n';
    ok(await h.backend.invoke('corpus:importScript', { speakerId, fileName: 'h.txt', content: Buffer.from(lines).toString('base64') }));
    const c = ok<Coverage>(await h.backend.invoke('corpus:coverage', { speakerId }));
    expect(c.coverage.phones.covered).toBeGreaterThan(15);
    expect(c.coverage.phones.covered).toBe(c.coverage.phones.total);
    expect(c.poolSize).toBe(0);
    expect(c.suggestions).toEqual([]);

    const bad = await h.backend.invoke('corpus:selectScript', { speakerId, fileName: 'x.txt', content: '', count: 5, minWords: 10, maxWords: 3 });
    expect(bad.ok).toBe(false);
    const latin1 = await select(speakerId, join(prompts, 'de', 'general-550.txt'), 5);
    expect(latin1.state).toBe('succeeded');
    const { job } = ok<{ job: number }>(await h.backend.invoke('corpus:selectScript', {
      speakerId, fileName: 'latin1.txt', content: Buffer.from('Grüße aus Köln.\n', 'latin1').toString('base64'), count: 5,
    }));
    const failed = await h.settled(job);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/not UTF-8/);
    const short = await select(speakerId, join(prompts, 'en', 'general-550.txt'), 5, { minWords: 90, maxWords: 100 });
    expect(short.state).toBe('failed');
    expect(short.error).toMatch(/has 90–100 words/);
  }, 60_000);

  it('turns the 23,304-sentence German Thorsten list into a 1,000-prompt script covering every phone and diphone it has', async () => {
    const speakerId = await speaker('de-DE');
    const started = performance.now();
    const { state, error, result } = await select(speakerId, join(prompts, 'de', 'thorsten-corpus.tsv'), 1000, { minWords: 3, maxWords: 25 });
    const seconds = (performance.now() - started) / 1000;
    expect(state, error ?? '').toBe('succeeded');
    expect(result.imported).toBe(1000);
    expect(result.coverage.phones.covered).toBe(result.coverage.phones.total);
    expect(result.coverage.diphones.covered / result.coverage.diphones.total).toBeGreaterThan(0.98);
    expect(result.randomCoverage.diphones.covered).toBeLessThan(result.coverage.diphones.covered);
    const t = performance.now();
    const c = ok<Coverage>(await h.backend.invoke('corpus:coverage', { speakerId, suggest: 10 }));
    const coverageMs = performance.now() - t;
    expect(c.coverage.phones.covered).toBe(result.coverage.phones.covered);
    expect(c.poolSize).toBe(result.pooled);
    console.log(`coverage + 10 suggestions over the script and a ${c.poolSize}-sentence pool: ${coverageMs.toFixed(0)} ms`);
    console.log(`Thorsten 23k → 1,000 prompts in ${seconds.toFixed(1)} s: phones ${result.coverage.phones.covered}/${result.coverage.phones.total}, diphones ${result.coverage.diphones.covered}/${result.coverage.diphones.total} (random 1,000: ${result.randomCoverage.phones.covered}/${result.randomCoverage.phones.total}, ${result.randomCoverage.diphones.covered}/${result.randomCoverage.diphones.total}); pool kept ${result.pooled}`);
  }, 120_000);
});
