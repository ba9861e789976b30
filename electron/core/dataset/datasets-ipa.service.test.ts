// A German speaker's dataset through the backend's calls: the workspace lexicon reaches phonemes.csv, which export and import carry along.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../audio/wav';
import { ok, openHarness, type Harness } from '../testing/backend-harness';
import { IPA_ESPEAK } from '../text/symbols';
import { PHONEMES_FILE } from './dataset-format';
import { germanTakes, noGermanTakes } from './testing/german-takes';

let h: Harness;
beforeEach(async () => { h = await openHarness(); });
afterEach(() => h.close());

/** Records `n` espeak-spoken German prompts as Greta's takes through the recorder's calls. */
async function recordGreta(n: number): Promise<number> {
  const { backend } = h;
  const speaker = ok<{ id: number }>(await backend.invoke('corpus:createSpeaker', { name: 'Greta', language: 'de-DE' }));
  const spoken = germanTakes(h.root, n);
  ok(await backend.invoke('corpus:importScript', { speakerId: speaker.id, fileName: 'de.tsv', content: Buffer.from(spoken.map((s) => `${s.id}\t${s.text}`).join('\n')).toString('base64') }));
  const prompts = ok<{ prompts: { id: number; key: string }[] }>(await backend.invoke('corpus:listPrompts', { speakerId: speaker.id })).prompts;
  for (const p of prompts) {
    const audio = decodeWav(readFileSync(spoken.find((s) => s.id === p.key)!.wavPath)).channels[0]!;
    const { takeId } = ok<{ takeId: number }>(await backend.invoke('corpus:startTake', { speakerId: speaker.id, promptId: p.id, sampleRate: 22050 }));
    ok(await backend.invoke('corpus:appendTake', { takeId, seq: 0, samples: Buffer.from(audio.buffer).toString('base64') }));
    ok(await backend.invoke('corpus:finishTake', { takeId }));
  }
  return speaker.id;
}

const phonemesOf = (dir: string): string => readFileSync(join(dir, PHONEMES_FILE), 'utf8');

describe.skipIf(noGermanTakes !== null)(`German dataset jobs${noGermanTakes ? ` (skipped: ${noGermanTakes})` : ''}`, () => {
  it('build with the workspace lexicon, export and import again keep phonemes.csv and the inventory', async () => {
    const speakerId = await recordGreta(3);
    ok(await h.backend.invoke('books:lexiconAdd', { bookId: null, word: 'Kartoffeln', ipa: 'kaʁˈtɔfl̩n' }));
    const { job } = ok<{ job: number }>(await h.backend.invoke('datasets:build', { speakerId, name: 'Greta v1' }));
    expect((await h.settled(job)).state).toBe('succeeded');
    const built = ok<{ id: number; name: string; path: string }[]>(await h.backend.invoke('datasets:list', {})).find((d) => d.name === 'Greta v1')!;
    const dir = join(h.workspace, built.path);
    const phonemes = phonemesOf(dir);
    expect(phonemes.trim().split('\n')).toHaveLength(3);
    expect(phonemes).toContain('kaʁˈtɔfl̩n');
    expect(JSON.parse(readFileSync(join(dir, 'dataset.json'), 'utf8'))).toMatchObject({ textFrontend: 'ipa-espeak', phonemizer: { voice: 'de', lexiconEntries: 1 } });

    const exported = join(h.root, 'exports', 'greta');
    const ex = ok<{ job: number }>(await h.backend.invoke('datasets:export', { datasetId: built.id, path: exported }));
    expect((await h.settled(ex.job)).state).toBe('succeeded');
    expect(phonemesOf(exported)).toBe(phonemes);

    const im = ok<{ job: number }>(await h.backend.invoke('datasets:importFolder', { path: exported, name: 'Greta copy' }));
    expect((await h.settled(im.job)).state).toBe('succeeded');
    const copy = ok<{ name: string; path: string }[]>(await h.backend.invoke('datasets:list', {})).find((d) => d.name === 'Greta copy')!;
    expect(phonemesOf(join(h.workspace, copy.path))).toBe(phonemes);
    const meta = JSON.parse(readFileSync(join(h.workspace, copy.path, 'dataset.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ language: 'de-DE', textFrontend: 'ipa-espeak', symbolSet: 'ipa-espeak-v1', phonemizer: { engine: 'espeak-ng', voice: 'de' } });
    expect(meta.symbols).toEqual(IPA_ESPEAK.symbols);

    // An IPA folder without its phonemes cannot be imported: the message names the file.
    rmSync(join(exported, PHONEMES_FILE));
    const broken = ok<{ job: number }>(await h.backend.invoke('datasets:importFolder', { path: exported, name: 'Greta broken' }));
    const settled = await h.settled(broken.job);
    expect(settled.state).toBe('failed');
    expect(JSON.stringify(settled)).toContain(PHONEMES_FILE);
  }, 120_000);
});
