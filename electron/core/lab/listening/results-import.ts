// Checks a listener's results against the test they claim to be for: schema, test identity, condition list, replayed order, every rating.
import { ResultsFileSchema, type ResultsFile, type TestConfig } from '../../../shared/domains/listening';
import { ApiError } from '../../../shared/errors';
import { planSession } from './session-plan';

const HINT_FOREIGN = 'Import each results file into the test whose bundle produced it (its name and id are in the file).';
const HINT_TAMPERED = 'Use the file exactly as the bundle downloaded it; ask the listener to send it again if it was edited.';

function fail(message: string, hint = HINT_TAMPERED): never {
  throw new ApiError('invalid_input', message, hint);
}

/** Parses and checks `raw` (the file's text, or an object from a studio session) for `config`'s test. */
export function checkResults(config: TestConfig, raw: unknown): ResultsFile {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (e) {
      fail(`The results file is not JSON (${(e as Error).message}).`, 'Pick the .json file the listening test downloaded at its end.');
    }
  }
  const parsed = ResultsFileSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ');
    fail(`This is not a Voicewright listening-results file (${issues}).`, 'Pick the .json file the listening test downloaded at its end.');
  }
  const r = parsed.data;
  if (r.testUid !== config.testUid) {
    fail(`These results belong to another listening test (test ${r.testId} of another workspace or an earlier test), not to "${config.name}" (test ${config.testId}).`, HINT_FOREIGN);
  }
  if (r.testId !== config.testId) fail(`These results name test ${r.testId} but carry test ${config.testId}'s identity: the file was edited.`);
  if (r.digest !== config.digest) {
    fail(`The results' condition list does not match test ${config.testId}'s: the file was edited or comes from a changed copy of the bundle.`);
  }
  const expected = planSession(config, r.seed);
  if (r.items.length !== expected.length) {
    fail(`The results hold ${r.items.length} answers but the test asks ${expected.length}: the listener did not finish, or the file was edited.`,
      'Ask the listener to complete the test; the bundle downloads the file only at the end.');
  }
  const trials = new Map(config.trials.map((t) => [t.key, t]));
  r.items.forEach((item, i) => {
    const want = expected[i]!;
    if (item.trial !== want.trial || item.x !== want.x || item.shown.length !== want.shown.length || item.shown.some((s, k) => s !== want.shown[k])) {
      fail(`Answer ${i + 1} does not show what the test shows for seed ${r.seed} (trial ${want.trial}): the order or the condition list was changed.`);
    }
    const trial = trials.get(item.trial)!;
    const shown = new Set(item.shown);
    if (config.type === 'mushra') {
      const rated = new Set(item.ratings.map((x) => x.stimulus));
      if (item.ratings.length !== item.shown.length || [...rated].some((s) => !shown.has(s)) || rated.size !== shown.size) {
        fail(`Answer ${i + 1} (trial ${item.trial}) does not rate each of its ${item.shown.length} stimuli exactly once.`);
      }
    } else if (config.type === 'mos') {
      const score = item.ratings[0]?.score;
      if (item.ratings.length !== 1 || item.ratings[0]!.stimulus !== item.shown[0] || !Number.isInteger(score) || score! < 1 || score! > 5) {
        fail(`Answer ${i + 1} (trial ${item.trial}) is not one rating from 1 to 5 of the stimulus it played.`);
      }
    } else if (item.choice === null || !shown.has(item.choice)) {
      fail(`Answer ${i + 1} (trial ${item.trial}) chooses a stimulus that was not on its screen.`);
    }
    if (Object.keys(item.plays).some((s) => !shown.has(s) && s !== trial.reference)) {
      fail(`Answer ${i + 1} (trial ${item.trial}) counts plays of a stimulus that was not on its screen.`);
    }
  });
  return r;
}
