// A test's blind configuration (trials of stimulus ids, the digest results echo) from its stored stimulus list.
import { createHash } from 'node:crypto';
import type { TestConfig } from '../../../shared/domains/listening';
import type { StimulusRow, TestRow } from '../../db/listening.repo';

export const DEFAULT_INSTRUCTIONS: Record<TestRow['type'], string> = {
  mushra: 'You will hear several versions of the same sentence. Compare each with the reference and rate it from 0 (bad) to 100 (excellent). ' +
    'One of the versions is the reference itself: rate it 100. Switch between versions as often as you like while the sound plays; they stay in sync.',
  ab: 'You will hear two versions of the same sentence, A and B. Choose the one that sounds better to you. There are no right or wrong answers.',
  abx: 'You will hear two versions of a sentence, A and B, and a third, X, which is one of them. Say whether X is A or B.',
  mos: 'You will hear sentences one at a time. Rate the overall quality of each on the five-point scale, from Bad to Excellent.',
};

/** Trials in their stored order; the open reference apart, every other stimulus is something to rate or compare. */
export function trialsOf(stimuli: readonly StimulusRow[]): { key: string; reference: string | null; stimuli: string[] }[] {
  const trials: { key: string; reference: string | null; stimuli: string[] }[] = [];
  const byKey = new Map<string, { key: string; reference: string | null; stimuli: string[] }>();
  for (const s of [...stimuli].sort((a, b) => a.trialPosition - b.trialPosition || a.id - b.id)) {
    let t = byKey.get(s.trialKey);
    if (!t) {
      t = { key: s.trialKey, reference: null, stimuli: [] };
      byKey.set(s.trialKey, t);
      trials.push(t);
    }
    if (s.role === 'reference') t.reference = s.uid;
    else t.stimuli.push(s.uid);
  }
  return trials;
}

/** Binds the results to this test and exactly this list of stimuli per trial. */
export function digestOf(test: Pick<TestRow, 'uid' | 'type'>, trials: ReturnType<typeof trialsOf>): string {
  const canonical = JSON.stringify({ uid: test.uid, type: test.type, trials: trials.map((t) => [t.key, t.reference, [...t.stimuli].sort()]) });
  return createHash('sha256').update(canonical).digest('hex');
}

export function buildConfig(test: TestRow, stimuli: readonly StimulusRow[], fileOf: (s: StimulusRow) => string): TestConfig {
  const trials = trialsOf(stimuli);
  return {
    format: 'voicewright-listening-test',
    version: 1,
    testId: test.id,
    testUid: test.uid,
    name: test.name,
    type: test.type,
    instructions: test.instructions || DEFAULT_INSTRUCTIONS[test.type],
    digest: digestOf(test, trials),
    trials,
    files: Object.fromEntries(stimuli.map((s) => [s.uid, fileOf(s)])),
  };
}
