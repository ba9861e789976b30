// Migration 9 on a workspace from before it: earlier data kept, the listening tables enforce their types, stimuli and results go with their test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, schemaVersion } from './database';
import { insertResult, insertTest, listStimuli, listTests } from './listening.repo';
import { makeTempDir } from '../testing/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir();
  file = join(tmp.path, 'studio.sqlite');
});
afterEach(() => tmp.cleanup());

describe('migration 9 (listening tests)', () => {
  it('comes after an older workspace without touching its experiments, and keeps a test whole', () => {
    const old = openDatabase(file, { targetVersion: 7 });
    old.prepare("INSERT INTO experiments(name, utterances, created_at) VALUES ('HiFi-GAN vs WaveGlow', 3, 't')").run();
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(9);
    expect(db.prepare('SELECT name FROM experiments').get()).toEqual({ name: 'HiFi-GAN vs WaveGlow' });
    const testId = insertTest(db, { uid: 'u-1', experimentId: 1, name: 'T', type: 'mushra', dir: 'lab/listening/t', instructions: '' }, [
      { uid: 'a1', trialKey: 'utt1', trialPosition: 0, role: 'reference', condition: 'reference', sourcePath: 'r.wav' },
      { uid: 'a2', trialKey: 'utt1', trialPosition: 0, role: 'condition', condition: 'hifigan', sourcePath: 'h.wav' },
    ]);
    expect(listTests(db, 1).map((t) => [t.name, t.state])).toEqual([['T', 'preparing']]);
    expect(listTests(db, 2)).toEqual([]);
    expect(() => db.prepare("UPDATE listening_tests SET type = 'abc' WHERE id = ?").run(testId)).toThrow(/CHECK/);
    // The same condition twice in one trial would make its ratings ambiguous.
    expect(() => insertTest(db, { uid: 'u-2', experimentId: null, name: 'Dup', type: 'mos', dir: 'd', instructions: '' }, [
      { uid: 'b1', trialKey: 'utt1', trialPosition: 0, role: 'condition', condition: 'x', sourcePath: 'x.wav' },
      { uid: 'b2', trialKey: 'utt1', trialPosition: 0, role: 'condition', condition: 'x', sourcePath: 'y.wav' },
    ])).toThrow(/UNIQUE/);
    expect(listTests(db, null)).toHaveLength(1); // the failed insert left no half test behind
    insertResult(db, testId, { sessionUid: 's-1', listenerId: 'ann', source: 'bundle', seed: 1, payload: '{}' });
    expect(() => insertResult(db, testId, { sessionUid: 's-1', listenerId: 'ann', source: 'bundle', seed: 1, payload: '{}' })).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM listening_tests WHERE id = ?').run(testId);
    expect(listStimuli(db, testId)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM listening_results').get()).toEqual({ n: 0 });
    db.close();
  });
});
