// LJSpeech folders in and out: real clips import, every bad input is listed, and nothing is written half-way.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetFormatError, parseMetadata, splitTrainVal, type DatasetJson } from './dataset-format';
import { copyDatasetFolder, scanLjspeechFolder, writeDatasetFolder } from './ljspeech-io';
import { decodeWav } from '../audio/wav';
import { makeTempDir } from '../testing/temp-dir';

const shared = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
const hasShared = existsSync(join(shared, 'metadata.csv'));
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => { tmp = makeTempDir(); });
afterEach(() => tmp.cleanup());

const meta = (over: Partial<DatasetJson> = {}): DatasetJson => ({
  formatVersion: 1, name: 'test', sampleRate: 22050, language: 'en-US', textFrontend: 'nvidia-english', symbolSet: 'nvidia-tacotron2',
  train: [], val: [], statistics: { utterances: 0, seconds: 0, minSeconds: 0, maxSeconds: 0, charsPerSecond: 0 },
  createdAt: new Date(0).toISOString(), createdBy: 'test', ...over,
});

function errorOf(fn: () => unknown): DatasetFormatError {
  try { fn(); } catch (err) { if (err instanceof DatasetFormatError) return err; throw err; }
  throw new Error('expected a DatasetFormatError');
}

describe('metadata.csv', () => {
  it('parses three columns and lists every problem at once', () => {
    expect(parseMetadata('a|Hello.|hello\nb|Two.|two\n')).toHaveLength(2);
    const e = errorOf(() => parseMetadata('a|Hello.\nb|x|y|z\n../evil|t|t\nd|dup|dup\nd|again|again\nc||\n'));
    expect(e.problems).toEqual([
      'line 1: 2 columns, expected 3 (id|raw text|normalized text)',
      'line 2: 4 columns, expected 3 (id|raw text|normalized text)',
      'line 3: "../evil" is not a usable id (letters, digits, _ . - only)',
      'line 5: id d repeats line 4',
      'line 6: c has no text',
    ]);
    expect(e.hint).toMatch(/two-column/);
    expect(() => parseMetadata('\n\n')).toThrow(/no utterances/);
  });

  it('splits train and validation deterministically, whatever the order', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `utt${i}`);
    const a = splitTrainVal(ids, 0.05);
    const b = splitTrainVal([...ids].reverse(), 0.05);
    expect(a.val).toHaveLength(10);
    expect(new Set(a.val)).toEqual(new Set(b.val));
    expect(a.train.length + a.val.length).toBe(200);
    expect(splitTrainVal(ids, 0.05, 'other').val).not.toEqual(a.val);
  });
});

describe.skipIf(!hasShared)('LJSpeech folders (../shared/data/speech/ljspeech-32)', () => {
  it('imports the 32 real clips with their rate and total duration', () => {
    const progress: number[] = [];
    const scanned = scanLjspeechFolder(shared, (d) => progress.push(d));
    expect(scanned.rows).toHaveLength(32);
    expect(scanned.sampleRate).toBe(22050);
    expect(scanned.seconds / 60).toBeCloseTo(3.7, 0);
    expect(progress.at(-1)).toBe(32);
    const target = join(tmp.path, 'datasets', 'lj');
    copyDatasetFolder(scanned, target, meta({ statistics: { utterances: 32, seconds: scanned.seconds, minSeconds: 0, maxSeconds: 0, charsPerSecond: 0 } }));
    expect(readdirSync(join(target, 'wavs'))).toHaveLength(32);
    expect(scanLjspeechFolder(target).meta?.name).toBe('test');
  });

  it('refuses a folder with a 0-byte WAV, a missing file or a renamed MP3, listing each, and writes nothing', () => {
    const bad = join(tmp.path, 'bad');
    cpSync(shared, bad, { recursive: true });
    writeFileSync(join(bad, 'LJ001-0003.wav'), '');
    writeFileSync(join(bad, 'LJ001-0004.wav'), readFileSync(join(__dirname, '..', 'audio', 'fixtures', 'LJ001-0001.mp3')));
    writeFileSync(join(bad, 'metadata.csv'), readFileSync(join(bad, 'metadata.csv'), 'utf8') + 'LJ999-0001|Missing.|missing\n');
    const e = errorOf(() => scanLjspeechFolder(bad));
    expect(e.message).toMatch(/3 problems.*nothing was imported/);
    expect(e.problems).toEqual(expect.arrayContaining([
      'LJ001-0003: LJ001-0003.wav is empty (0 bytes)',
      expect.stringMatching(/^LJ001-0004: This is an MP3 file, not a WAV file/),
      'LJ999-0001: LJ999-0001.wav is missing',
    ]));
  });

  it('refuses a two-column metadata.csv with the fix in the hint', () => {
    const two = join(tmp.path, 'two');
    cpSync(shared, two, { recursive: true });
    const lines = readFileSync(join(two, 'metadata.csv'), 'utf8').trim().split('\n').map((l) => l.split('|').slice(0, 2).join('|'));
    writeFileSync(join(two, 'metadata.csv'), lines.join('\n'));
    const e = errorOf(() => scanLjspeechFolder(two));
    expect(e.problems).toHaveLength(32);
    expect(e.hint).toMatch(/repeat the text as the third column/);
  });
});

describe('writing a dataset', () => {
  it('writes wavs, metadata.csv and dataset.json, and refuses to overwrite', () => {
    const target = join(tmp.path, 'out');
    const audio = Float32Array.from({ length: 22050 }, (_, i) => 0.3 * Math.sin(i / 10));
    writeDatasetFolder(target, [{ id: 'a1', raw: 'One | two.', normalized: 'one two' , audio }], meta({ train: ['a1'] }));
    expect(readFileSync(join(target, 'metadata.csv'), 'utf8')).toBe('a1|One two.|one two\n');
    expect(decodeWav(readFileSync(join(target, 'wavs', 'a1.wav'))).sampleRate).toBe(22050);
    expect(JSON.parse(readFileSync(join(target, 'dataset.json'), 'utf8'))).toMatchObject({ formatVersion: 1, train: ['a1'] });
    expect(() => writeDatasetFolder(target, [], meta())).toThrow(/already exists/);
    expect(readdirSync(tmp.path)).toEqual(['out']);
  });
});
