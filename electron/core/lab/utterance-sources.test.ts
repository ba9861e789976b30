// Reading an experiment's recordings: LJSpeech folders (wavs/ or beside metadata.csv), audio with .txt/.lab transcripts, and what is refused.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { datasetUtterances, scanRecordingFolder } from './utterance-sources';

const LJ = join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');

describe('recording folders', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir('voicewright-lab-src-'); });
  afterEach(() => tmp.cleanup());

  it('reads metadata.csv with the clips beside it, in its order, with the raw text', () => {
    const all = scanRecordingFolder(LJ);
    expect(all).toHaveLength(32);
    expect(all[0]).toEqual({ key: 'LJ001-0001', text: expect.stringMatching(/^Printing, in the only sense/), sourcePath: join(LJ, 'LJ001-0001.wav') });
  });

  it('reads audio files with a .txt or .lab transcript beside each, sorted by name', () => {
    copyFileSync(join(LJ, 'LJ001-0002.wav'), join(tmp.path, 'b.wav'));
    copyFileSync(join(LJ, 'LJ001-0001.wav'), join(tmp.path, 'a.wav'));
    writeFileSync(join(tmp.path, 'a.txt'), 'In being comparatively modern.\n');
    writeFileSync(join(tmp.path, 'b.lab'), 'For although the Chinese took impressions');
    writeFileSync(join(tmp.path, 'notes.md'), 'not audio');
    expect(scanRecordingFolder(tmp.path)).toEqual([
      { key: 'a', text: 'In being comparatively modern.', sourcePath: join(tmp.path, 'a.wav') },
      { key: 'b', text: 'For although the Chinese took impressions', sourcePath: join(tmp.path, 'b.wav') },
    ]);
  });

  it('finds clips in wavs/ and names the ones metadata.csv lists but the folder lacks', () => {
    mkdirSync(join(tmp.path, 'wavs'));
    copyFileSync(join(LJ, 'LJ001-0001.wav'), join(tmp.path, 'wavs', 'one.wav'));
    writeFileSync(join(tmp.path, 'metadata.csv'), 'one|First.|First.\ntwo|Second.|Second.\n');
    expect(() => scanRecordingFolder(tmp.path)).toThrow('1 recording listed in metadata.csv is missing: two');
    writeFileSync(join(tmp.path, 'metadata.csv'), 'one|First.|First.\n');
    expect(datasetUtterances(tmp.path, ['one'])).toEqual([{ key: 'one', text: 'First.', sourcePath: join(tmp.path, 'wavs', 'one.wav') }]);
  });

  it('refuses a missing folder and a folder without recordings, saying what to pick', () => {
    expect(() => scanRecordingFolder(join(tmp.path, 'nope'))).toThrow(/is not a folder on this machine/);
    writeFileSync(join(tmp.path, 'readme.txt'), 'hello');
    expect(() => scanRecordingFolder(tmp.path)).toThrow(/holds no recordings: no metadata.csv and no .wav or .flac files/);
    writeFileSync(join(tmp.path, 'metadata.csv'), 'only two|columns\n');
    expect(() => scanRecordingFolder(tmp.path)).toThrow(/metadata.csv: metadata.csv has 1 problem/);
  });
});
