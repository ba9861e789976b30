// Listening tests through the real backend: stimuli from LJSpeech clips prepared (loudness, anchors), listeners' results checked, screened, counted, exported.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListeningResults, ListeningSession, ListeningTest, ResultsFile } from '../../../shared/domains/listening';
import { integratedLoudness } from '../../audio/loudness';
import { decodeWav, encodeWav } from '../../audio/wav';
import { listStimuli, type StimulusRow } from '../../db/listening.repo';
import { ok, openHarness, type Harness } from '../../testing/backend-harness';
import { bandEnergy } from './band-energy';
import { listeningSummaryFor } from './results-summary';

const lj = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'speech', 'ljspeech-32');
let h: Harness;
beforeEach(async () => { h = await openHarness(); });
afterEach(() => h.close());

/** reference/ + two degraded copies per clip: white noise (seeded), and 5-bit quantisation. */
function stimuliFolder(clips: string[]): string {
  const root = join(h.root, 'stimuli');
  for (const d of ['reference', 'noisy', 'crushed']) mkdirSync(join(root, d), { recursive: true });
  let s = 7;
  const noise = (): number => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31 - 0.5; };
  for (const c of clips) {
    const wav = readFileSync(join(lj, `${c}.wav`));
    writeFileSync(join(root, 'reference', `${c}.wav`), wav);
    const { channels: [x], sampleRate } = decodeWav(wav);
    const noisy = x!.map((v) => v + 0.02 * noise());
    const crushed = x!.map((v) => Math.round(v * 16) / 16);
    writeFileSync(join(root, 'noisy', `${c}.wav`), encodeWav({ sampleRate, channels: [noisy] }));
    writeFileSync(join(root, 'crushed', `${c}.wav`), encodeWav({ sampleRate, channels: [crushed] }));
  }
  return root;
}

async function createTest(input: Record<string, unknown>): Promise<ListeningTest> {
  const { testId, job } = ok<{ testId: number; job: number }>(await h.backend.invoke('listening:create', input));
  const settled = await h.settled(job);
  expect(settled.error).toBeNull();
  expect(settled.state).toBe('succeeded');
  return ok<ListeningTest>(await h.backend.invoke('listening:get', { testId }));
}

/** The stimulus rows, read from the studio's database file beside the running backend (WAL allows it). */
function stimuliOf(testId: number): StimulusRow[] {
  const db = new BetterSqlite3(join(h.workspace, 'studio.sqlite'), { readonly: true });
  try { return listStimuli(db, testId); } finally { db.close(); }
}

/** A listener who answers every screen of a studio session with `score(stimulus)` / `choose(item)`. */
async function answer(testId: number, listenerId: string, respond: (item: ListeningSession['items'][number]) => Pick<ResultsFile['items'][number], 'ratings' | 'choice'>): Promise<ResultsFile> {
  const session = ok<ListeningSession>(await h.backend.invoke('listening:startSession', { testId, listenerId }));
  return {
    format: 'voicewright-listening-results', version: 1, testId, testUid: session.config.testUid, digest: session.config.digest, listenerId,
    sessionUid: session.sessionUid, seed: session.seed, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), userAgent: 'vitest',
    items: session.items.map((item) => ({ trial: item.trial, shown: item.shown, x: item.x, ...respond(item), startedAt: new Date().toISOString(), durationMs: 1000, plays: Object.fromEntries(item.shown.map((u) => [u, 1])) })),
  };
}

describe('a MUSHRA test from a folder of LJSpeech clips and two degraded copies', () => {
  it('prepares loudness-matched stimuli of one length per trial, with anchors really low-passed at 3.5 and 7 kHz', async () => {
    const test = await createTest({ name: 'Vocoders', type: 'mushra', source: { kind: 'folder', path: stimuliFolder(['LJ001-0001', 'LJ001-0002']) } });
    expect(test).toMatchObject({ state: 'ready', utterances: 2, sampleRate: 22050, conditions: ['hidden reference', 'crushed', 'noisy', 'anchor 7 kHz', 'anchor 3.5 kHz'] });
    const rows = stimuliOf(test.id);
    expect(rows).toHaveLength(2 * 6);
    const audio = new Map(rows.map((r) => [r.uid, decodeWav(readFileSync(join(h.workspace, r.path))).channels[0]!]));
    const lufs = rows.map((r) => integratedLoudness([audio.get(r.uid)!], 22050));
    for (const l of lufs) expect(Math.abs(l - test.loudnessLufs!)).toBeLessThan(0.5);
    expect(Math.max(...lufs) - Math.min(...lufs)).toBeLessThan(0.5);
    for (const key of ['LJ001-0001', 'LJ001-0002']) {
      const trial = rows.filter((r) => r.trialKey === key);
      expect(new Set(trial.map((r) => audio.get(r.uid)!.length)).size).toBe(1);
      const ref = audio.get(trial.find((r) => r.role === 'hidden_reference')!.uid)!;
      for (const [role, cutoff] of [['anchor_35', 3500], ['anchor_70', 7000]] as const) {
        const anchor = audio.get(trial.find((r) => r.role === role)!.uid)!;
        const gain = bandEnergy(anchor, 22050, 50, cutoff - 250) / bandEnergy(ref, 22050, 50, cutoff - 250);
        const above = bandEnergy(anchor, 22050, cutoff, 11025) / (gain * bandEnergy(ref, 22050, cutoff, 11025));
        expect(10 * Math.log10(above)).toBeLessThan(-40);
      }
    }
  });

  it('screens out the listener who missed the hidden reference, states why, and gives means with t intervals over the rest', async () => {
    const test = await createTest({ name: 'Screened', type: 'mushra', source: { kind: 'folder', path: stimuliFolder(['LJ001-0001', 'LJ001-0002']) } });
    const role = new Map(stimuliOf(test.id).map((r) => [r.uid, r]));
    const scores: Record<string, Record<string, number>> = {
      ann: { hidden_reference: 100, noisy: 60, crushed: 40, anchor_70: 30, anchor_35: 10 },
      ben: { hidden_reference: 95, noisy: 70, crushed: 50, anchor_70: 35, anchor_35: 20 },
      // Rates the hidden reference 50 in every trial: excluded by BS.1534-3's 15 % rule.
      cid: { hidden_reference: 50, noisy: 100, crushed: 100, anchor_70: 100, anchor_35: 100 },
    };
    for (const [listener, byRole] of Object.entries(scores)) {
      const results = await answer(test.id, listener, (item) => ({
        ratings: item.shown.map((u) => ({ stimulus: u, score: byRole[role.get(u)!.role === 'condition' ? role.get(u)!.condition : role.get(u)!.role]! })),
        choice: null,
      }));
      expect(ok(await h.backend.invoke('listening:submitResults', { testId: test.id, results }))).toEqual({ listenerId: listener, items: 2 });
    }
    const r = ok<ListeningResults>(await h.backend.invoke('listening:results', { testId: test.id }));
    expect(r.excluded).toEqual([{ listenerId: 'cid', reason: expect.stringMatching(/below 90 in 2 of 2 trials/) }]);
    expect(r.listeners.map((l) => [l.listenerId, l.excluded])).toEqual([['ann', false], ['ben', false], ['cid', true]]);
    const noisy = r.conditions.find((c) => c.condition === 'noisy')!;
    // ann 60, 60 and ben 70, 70: mean 65, s = 5.7735, t(0.975, 3) = 3.18245.
    expect(noisy.n).toBe(4);
    expect(noisy.mean).toBeCloseTo(65, 9);
    expect(noisy.ci95![1] - 65).toBeCloseTo(3.182446305 * 5.773502692 / 2, 6);
    expect(r.conditions.map((c) => c.condition)).toEqual(['hidden reference', 'crushed', 'noisy', 'anchor 7 kHz', 'anchor 3.5 kHz']);

    const csv = ok<{ path: string; csv: string }>(await h.backend.invoke('listening:exportCsv', { testId: test.id }));
    const lines = csv.csv.trim().split('\n');
    expect(lines).toHaveLength(1 + 3 * 2 * 5);
    expect(lines.filter((l) => l.includes(',cid,') && l.endsWith(',1'))).toHaveLength(10);
    expect(readFileSync(join(h.workspace, csv.path), 'utf8')).toBe(csv.csv);
  });

  it('refuses results from another test, with an edited order or condition list, twice, or not JSON, and stores none of them', async () => {
    const folder = stimuliFolder(['LJ001-0003']);
    const test = await createTest({ name: 'Mine', type: 'mushra', source: { kind: 'folder', path: folder } });
    const other = await createTest({ name: 'Theirs', type: 'mushra', source: { kind: 'folder', path: folder } });
    const all = (item: ListeningSession['items'][number]) => ({ ratings: item.shown.map((u) => ({ stimulus: u, score: 100 })), choice: null });
    const theirs = await answer(other.id, 'eve', all);
    const mine = await answer(test.id, 'dan', all);
    const importing = async (results: unknown) => h.backend.invoke('listening:importResults', { testId: test.id, text: JSON.stringify(results) });
    const refused = async (results: unknown, message: RegExp) => {
      const r = await importing(results);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    };
    await refused(theirs, /belong to another listening test/);
    const swapped = structuredClone(mine);
    swapped.items[0]!.shown.reverse();
    await refused(swapped, /order or the condition list was changed/);
    await refused({ ...mine, digest: 'f'.repeat(64) }, /condition list does not match/);
    const foreignStimulus = structuredClone(mine);
    foreignStimulus.items[0]!.ratings[0]!.stimulus = 'deadbeef0000';
    await refused(foreignStimulus, /rate each of its 5 stimuli exactly once/);
    await refused({ ...mine, items: mine.items.map((i) => ({ ...i, ratings: i.ratings.map((x) => ({ ...x, score: 140 })) })) }, /not a Voicewright listening-results file \(items\.0\.ratings\.0\.score/);
    const notJson = await h.backend.invoke('listening:importResults', { testId: test.id, text: '{"format": "voice' });
    expect(!notJson.ok && notJson.error.message).toMatch(/not JSON/);
    expect(ok<ListeningResults>(await h.backend.invoke('listening:results', { testId: test.id })).listeners).toEqual([]);

    expect(ok(await importing(mine))).toEqual({ listenerId: 'dan', items: 1 });
    const twice = await importing(mine);
    expect(!twice.ok && twice.error.code).toBe('conflict');
    expect(ok<ListeningTest>(await h.backend.invoke('listening:get', { testId: test.id })).listeners).toBe(1);
  });

  it('exports a bundle folder and a valid zip whose names and page reveal no condition', async () => {
    const test = await createTest({ name: 'Bundle', type: 'mushra', source: { kind: 'folder', path: stimuliFolder(['LJ001-0004']) } });
    const out = ok<{ folder: string; zip: string; files: number; bytes: number }>(await h.backend.invoke('listening:exportBundle', { testId: test.id }));
    const folder = join(h.workspace, out.folder);
    expect(readdirSync(folder).sort()).toEqual(['README.txt', 'audio', 'config.json', 'index.html']);
    const audio = readdirSync(join(folder, 'audio'));
    expect(audio).toHaveLength(6 * 2);
    expect(audio.every((f) => /^[0-9a-f]{12}\.wav(\.js)?$/.test(f))).toBe(true);
    const html = readFileSync(join(folder, 'index.html'), 'utf8');
    expect(html).toContain('"testUid"');
    for (const leak of ['noisy', 'crushed', 'anchor', 'hidden reference', 'hidden_reference', 'reference/']) expect(html.includes(leak) || readFileSync(join(folder, 'config.json'), 'utf8').includes(leak)).toBe(false);
    // Python's zipfile checks every CRC.
    const listing = execFileSync('/usr/bin/python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))', join(h.workspace, out.zip)], { encoding: 'utf8' });
    expect(Number(listing.trim())).toBe(out.files);
    // Into a folder the user chose, outside the workspace: same files, absolute paths back.
    const elsewhere = ok<{ folder: string; zip: string }>(await h.backend.invoke('listening:exportBundle', { testId: test.id, path: join(h.root, 'for-listeners') }));
    expect(elsewhere.folder).toBe(join(h.root, 'for-listeners', `listening-test-${test.id}`));
    expect(readFileSync(join(elsewhere.folder, 'index.html'), 'utf8')).toBe(html);
    expect(readFileSync(elsewhere.zip).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  });
});

describe('a test made from a Lab experiment', () => {
  it('waits for the run, then takes each reference and every vocoder output of it', async () => {
    const created = ok<{ id: number; conditions: { label: string }[] }>(await h.backend.invoke('lab:create', {
      name: 'GL only', source: { kind: 'folder', path: lj }, limit: 2, conditions: [{ source: 'builtin', vocoder: 'griffinlim', iterations: 8 }],
    }));
    const early = await h.backend.invoke('listening:create', { name: 'Too soon', type: 'mushra', experimentId: created.id, source: { kind: 'experiment' } });
    expect(!early.ok && early.error).toMatchObject({ code: 'conflict', message: expect.stringMatching(/has not been run yet/) });
    const noId = await h.backend.invoke('listening:create', { name: 'No id', type: 'mushra', source: { kind: 'experiment' } });
    expect(!noId.ok && noId.error.message).toMatch(/needs its experimentId/);
    const { job } = ok<{ job: number }>(await h.backend.invoke('lab:run', { experimentId: created.id }));
    expect((await h.settled(job)).state).toBe('succeeded');
    const test = await createTest({ name: 'GL blind', type: 'mushra', experimentId: created.id, source: { kind: 'experiment' } });
    expect(test).toMatchObject({ experimentId: created.id, utterances: 2, conditions: ['hidden reference', created.conditions[0]!.label, 'anchor 7 kHz', 'anchor 3.5 kHz'] });
    const tests = ok<ListeningTest[]>(await h.backend.invoke('listening:list', { experimentId: created.id }));
    expect(tests.map((t) => t.name)).toEqual(['GL blind']);
  }, 60_000);
});

describe('AB, ABX and MOS tests', () => {
  const items = (clips: string[]) => clips.map((c) => ({
    utterance: c, reference: join(h.root, 'stimuli', 'reference', `${c}.wav`),
    conditions: [{ name: 'noisy', path: join(h.root, 'stimuli', 'noisy', `${c}.wav`) }, { name: 'crushed', path: join(h.root, 'stimuli', 'crushed', `${c}.wav`) }],
  }));

  it('AB counts preferences per pair with a two-sided binomial test; ABX counts correct identifications', async () => {
    stimuliFolder(['LJ001-0005', 'LJ001-0006']);
    const ab = await createTest({ name: 'AB', type: 'ab', source: { kind: 'stimuli', items: items(['LJ001-0005', 'LJ001-0006']) }, includeReference: true });
    const cond = new Map(stimuliOf(ab.id).map((r) => [r.uid, r.condition]));
    const rank: Record<string, number> = { 'hidden reference': 3, crushed: 2, noisy: 1 };
    for (const who of ['a', 'b', 'c', 'd', 'e']) {
      const results = await answer(ab.id, who, (item) => ({ ratings: [], choice: [...item.shown].sort((p, q) => rank[cond.get(q)!]! - rank[cond.get(p)!]!)[0]! }));
      ok(await h.backend.invoke('listening:submitResults', { testId: ab.id, results }));
    }
    const r = ok<ListeningResults>(await h.backend.invoke('listening:results', { testId: ab.id }));
    expect(r.pairs).toHaveLength(3);
    const refVsNoisy = r.pairs.find((p) => p.a === 'hidden reference' && p.b === 'noisy')!;
    expect(refVsNoisy).toMatchObject({ trials: 10, aCount: 10, bCount: 0 });
    expect(refVsNoisy.pValue).toBeCloseTo(2 / 1024, 12);

    const abx = await createTest({ name: 'ABX', type: 'abx', source: { kind: 'stimuli', items: items(['LJ001-0005']) } });
    const right = await answer(abx.id, 'sharp', (item) => ({ ratings: [], choice: item.x }));
    ok(await h.backend.invoke('listening:submitResults', { testId: abx.id, results: right }));
    const wrong = await answer(abx.id, 'guess', (item) => ({ ratings: [], choice: item.shown.find((s) => s !== item.x)! }));
    ok(await h.backend.invoke('listening:submitResults', { testId: abx.id, results: wrong }));
    const rx = ok<ListeningResults>(await h.backend.invoke('listening:results', { testId: abx.id }));
    expect(rx.pairs).toHaveLength(1);
    expect(rx.pairs[0]).toMatchObject({ a: 'noisy', b: 'crushed', trials: 2, aCount: 1, bCount: 1 });
    expect(rx.pairs[0]!.pValue).toBeCloseTo(0.75, 12); // P(X ≥ 1 | n = 2, p = ½)
  });

  it('MOS gives the mean opinion score per condition and refuses a rating off the 1–5 scale', async () => {
    stimuliFolder(['LJ001-0007']);
    const mos = await createTest({ name: 'MOS', type: 'mos', source: { kind: 'stimuli', items: items(['LJ001-0007']) } });
    const cond = new Map(stimuliOf(mos.id).map((r) => [r.uid, r.condition]));
    for (const [who, score] of [['x', 4], ['y', 5], ['z', 3]] as const) {
      const results = await answer(mos.id, who, (item) => ({ ratings: [{ stimulus: item.shown[0]!, score: cond.get(item.shown[0]!) === 'noisy' ? score : 2 }], choice: null }));
      ok(await h.backend.invoke('listening:submitResults', { testId: mos.id, results }));
    }
    const r = ok<ListeningResults>(await h.backend.invoke('listening:results', { testId: mos.id }));
    expect(r.conditions.find((c) => c.condition === 'noisy')).toMatchObject({ n: 3, mean: 4 });
    expect(r.conditions.find((c) => c.condition === 'crushed')).toMatchObject({ n: 3, mean: 2, sd: 0, ci95: [2, 2] });
    const bad = await answer(mos.id, 'w', (item) => ({ ratings: [{ stimulus: item.shown[0]!, score: 7 }], choice: null }));
    const res = await h.backend.invoke('listening:submitResults', { testId: mos.id, results: bad });
    expect(!res.ok && res.error.message).toMatch(/not one rating from 1 to 5/);
  });

  it('sums up an experiment\'s ready tests as plain data for its report, and nothing of other experiments', async () => {
    stimuliFolder(['LJ001-0010']);
    const mos = await createTest({ name: 'Report MOS', type: 'mos', experimentId: 4, source: { kind: 'stimuli', items: items(['LJ001-0010']) } });
    await createTest({ name: 'Elsewhere', type: 'mos', experimentId: 5, source: { kind: 'stimuli', items: items(['LJ001-0010']) } });
    const results = await answer(mos.id, 'rita', (item) => ({ ratings: [{ stimulus: item.shown[0]!, score: 4 }], choice: null }));
    ok(await h.backend.invoke('listening:submitResults', { testId: mos.id, results }));
    const db = new BetterSqlite3(join(h.workspace, 'studio.sqlite'), { readonly: true });
    try {
      const summary = listeningSummaryFor(db, 4);
      expect(summary).toHaveLength(1);
      expect(summary[0]).toMatchObject({ testId: mos.id, name: 'Report MOS', type: 'mos', listeners: 1, excluded: [], pairs: [] });
      expect(summary[0]!.conditions.map((c) => [c.condition, c.mean])).toEqual([['noisy', 4], ['crushed', 4]]);
      expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
      expect(listeningSummaryFor(db, 6)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('refuses a stimulus list whose utterances have different conditions, or a name the test reserves', async () => {
    stimuliFolder(['LJ001-0008', 'LJ001-0009']);
    const list = items(['LJ001-0008', 'LJ001-0009']);
    list[1]!.conditions.pop();
    const r = await h.backend.invoke('listening:create', { name: 'Uneven', type: 'mos', source: { kind: 'stimuli', items: list } });
    expect(!r.ok && r.error.message).toMatch(/"LJ001-0009" has the conditions noisy, but "LJ001-0008" has noisy, crushed/);
    const reserved = items(['LJ001-0008']);
    reserved[0]!.conditions[0]!.name = 'Hidden reference';
    const r2 = await h.backend.invoke('listening:create', { name: 'Reserved', type: 'mushra', source: { kind: 'stimuli', items: reserved } });
    expect(!r2.ok && r2.error.message).toMatch(/is a name the test gives its own stimuli/);
  });
});
