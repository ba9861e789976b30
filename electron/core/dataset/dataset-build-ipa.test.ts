// Building a German (ipa-espeak) dataset: phonemes.csv next to a readable metadata.csv, the lexicon applied, unsayable takes rejected.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset, defaultBuildOptions } from './dataset-build';
import { DatasetJsonSchema, parseMetadata, PHONEMES_FILE } from './dataset-format';
import { makeTempDir } from '../testing/temp-dir';
import { createG2p } from '../text/g2p';
import { encodePhonemes, phonemizeForModel } from '../text/g2p-phonemes';
import { Lexicon } from '../text/lexicon';
import { normalizeText } from '../text/normalize';
import { IPA_ESPEAK } from '../text/symbols';
import { germanTakes, noGermanTakes } from './testing/german-takes';
import { copyDatasetFolder, scanLjspeechFolder } from './ljspeech-io';
import { exportDatasetFolder } from './dataset-export';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => { tmp = makeTempDir(); });
afterEach(() => tmp.cleanup());

function readPhonemes(dir: string): Map<string, string> {
  const lines = readFileSync(join(dir, PHONEMES_FILE), 'utf8').trim().split('\n');
  return new Map(lines.map((l) => l.split('|') as [string, string]));
}

describe.skipIf(noGermanTakes !== null)(`a German speaker's dataset${noGermanTakes ? ` (skipped: ${noGermanTakes})` : ''}`, () => {
  it('writes each kept take\'s espeak IPA to phonemes.csv, the inventory and the espeak voice to dataset.json', async () => {
    const sources = germanTakes(tmp.path, 6);
    const target = join(tmp.path, 'de');
    const lexicon = new Lexicon();
    lexicon.set('Kartoffeln', { ipa: 'kaʁˈtɔfl̩n' });
    const report = await buildDataset(sources, target, { ...defaultBuildOptions, name: 'de6', language: 'de-DE', lexicon });
    expect(report.rejected).toBe(0);
    const meta = DatasetJsonSchema.parse(JSON.parse(readFileSync(join(target, 'dataset.json'), 'utf8')));
    expect(meta).toMatchObject({ language: 'de-DE', textFrontend: 'ipa-espeak', symbolSet: 'ipa-espeak-v1', phonemizer: { engine: 'espeak-ng', voice: 'de', lexiconEntries: 1 } });
    expect(meta.symbols).toEqual(IPA_ESPEAK.symbols);
    // metadata.csv stays LJSpeech: the third column is normalized text in letters, readable by other tools.
    const rows = parseMetadata(readFileSync(join(target, 'metadata.csv'), 'utf8'));
    const phonemes = readPhonemes(target);
    expect([...phonemes.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
    expect([...meta.train, ...meta.val].sort()).toEqual(rows.map((r) => r.id).sort());
    const g2p = await createG2p();
    for (const r of rows) {
      // (metadata.csv collapses the prompts' no-break spaces to plain ones)
      expect(r.normalized).toBe(normalizeText(sources.find((s) => s.id === r.id)!.text, 'de').text.replace(/\s+/g, ' ').trim());
      expect(r.normalized).not.toMatch(/[ˈː]/);
      const expected = phonemizeForModel(r.normalized, 'de-DE', g2p, lexicon).phonemes;
      expect(phonemes.get(r.id)).toBe(expected);
      expect(encodePhonemes({ phonemes: expected, words: [] }).unknown).toEqual([]);
    }
    const withWord = rows.find((r) => /Kartoffeln/.test(r.normalized));
    expect(withWord).toBeDefined();
    expect(phonemes.get(withWord!.id)).toContain('kaʁˈtɔfl̩n');
  }, 120_000);

  it('rejects a take whose text has characters the IPA inventory lacks, saying which', async () => {
    const sources = germanTakes(tmp.path, 3);
    sources.push({ ...sources[0]!, id: 'slash', text: 'Bratkartoffeln und/oder Pellkartoffeln.' });
    const report = await buildDataset(sources, join(tmp.path, 'de'), { ...defaultBuildOptions, name: 'x', language: 'de-DE' });
    const bad = report.outliers.find((o) => o.id === 'slash');
    expect(bad).toMatchObject({ reason: 'unknown_symbols', rejected: true });
    expect(bad!.detail).toContain('/');
    expect(readPhonemes(join(tmp.path, 'de')).has('slash')).toBe(false);
  }, 120_000);

  it('carries phonemes.csv through export and import, and refuses an IPA folder whose phonemes are missing', async () => {
    const dir = join(tmp.path, 'de');
    await buildDataset(germanTakes(tmp.path, 3), dir, { ...defaultBuildOptions, name: 'de3', language: 'de-DE' });
    const phonemes = readFileSync(join(dir, PHONEMES_FILE), 'utf8');
    await exportDatasetFolder(dir, join(tmp.path, 'exported'), () => {});
    expect(readFileSync(join(tmp.path, 'exported', PHONEMES_FILE), 'utf8')).toBe(phonemes);
    const scanned = scanLjspeechFolder(join(tmp.path, 'exported'));
    expect(scanned.phonemes).toEqual(readPhonemes(dir));
    copyDatasetFolder(scanned, join(tmp.path, 'copy'), scanned.meta!);
    expect(readFileSync(join(tmp.path, 'copy', PHONEMES_FILE), 'utf8')).toBe(phonemes);
    const first = phonemes.split('\n')[0]!;
    writeFileSync(join(tmp.path, 'exported', PHONEMES_FILE), `${first}\n`);
    expect(() => scanLjspeechFolder(join(tmp.path, 'exported'))).toThrow(/problems? in exported/);
    rmSync(join(tmp.path, 'exported', PHONEMES_FILE));
    expect(() => scanLjspeechFolder(join(tmp.path, 'exported'))).toThrow(/phonemes\.csv is missing/);
  }, 120_000);

  it('refuses a language espeak-ng has no voice for, leaving nothing behind', async () => {
    const build = buildDataset(germanTakes(tmp.path, 1), join(tmp.path, 'qq'), { ...defaultBuildOptions, name: 'qq', language: 'qq-ZZ' });
    await expect(build).rejects.toThrow(/language qq-ZZ has no espeak-ng voice/);
    expect(existsSync(join(tmp.path, 'qq'))).toBe(false);
  }, 60_000);

  it('keeps English datasets on NVIDIA letters with no phonemes.csv', async () => {
    const sources = germanTakes(tmp.path, 2).map((s, i) => ({ ...s, text: ['The cat sat on the mat.', 'A second sentence.'][i]! }));
    await buildDataset(sources, join(tmp.path, 'en'), { ...defaultBuildOptions, name: 'en', language: 'en-US' });
    const meta = JSON.parse(readFileSync(join(tmp.path, 'en', 'dataset.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ textFrontend: 'nvidia-english', symbolSet: 'nvidia-tacotron2-english' });
    expect(meta.symbols).toBeUndefined();
    expect(existsSync(join(tmp.path, 'en', PHONEMES_FILE))).toBe(false);
  }, 120_000);
});
