// Reviewing takes against a real workspace: filters and counts, search, trim points, the chosen take of a prompt.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewTake, Take } from '../../shared/domains/corpus';
import { decodeWav } from '../audio/wav';
import { takesForDataset } from '../db/corpus.repo';
import Database from 'better-sqlite3';
import { openHarness, ok, type Harness } from '../testing/backend-harness';

const clip = decodeWav(readFileSync(join(__dirname, '..', 'audio', 'fixtures', 'LJ001-0002.wav'))).channels[0]!;
let h: Harness;
beforeEach(async () => {
  h = await openHarness();
});
afterEach(async () => {
  await h.close();
});

const b64 = (x: Float32Array): string => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');
type Review = { total: number; counts: Record<string, number>; takes: ReviewTake[] };

/** Records a take of room tone + the clip (+ silence) through the same calls the recorder makes. */
async function record(speakerId: number, promptId: number, opts: { silent?: boolean } = {}): Promise<Take> {
  const sr = 22050;
  const all = new Float32Array(sr / 2 + clip.length + sr / 2);
  for (let i = 0; i < all.length; i++) all[i] = 0.0003 * Math.sin(i * 0.37);
  if (!opts.silent) all.set(clip, sr / 2);
  const { takeId } = ok<{ takeId: number }>(await h.backend.invoke('corpus:startTake', { speakerId, promptId, sampleRate: sr }));
  ok(await h.backend.invoke('corpus:appendTake', { takeId, seq: 0, samples: b64(all) }));
  return ok<Take>(await h.backend.invoke('corpus:finishTake', { takeId }));
}

async function setup(): Promise<{ speakerId: number; prompts: number[] }> {
  const speakerId = ok<{ id: number }>(await h.backend.invoke('corpus:createSpeaker', { name: 'Rita', language: 'en-US' })).id;
  const script = 'a1\tin being comparatively modern.\na2\tThe Chinese took impressions.\na3\tA third and 50% harder_prompt.\n';
  ok(await h.backend.invoke('corpus:importScript', { speakerId, fileName: 's.tsv', content: Buffer.from(script).toString('base64') }));
  const list = ok<{ prompts: { id: number }[] }>(await h.backend.invoke('corpus:listPrompts', { speakerId }));
  return { speakerId, prompts: list.prompts.map((p) => p.id) };
}

describe('the take review', () => {
  it('lists takes in script order, newest retake first, with counts for every filter', async () => {
    const { speakerId, prompts } = await setup();
    const t1 = await record(speakerId, prompts[0]!);
    const t2 = await record(speakerId, prompts[0]!);
    const t3 = await record(speakerId, prompts[1]!);
    const silent = await record(speakerId, prompts[2]!, { silent: true });
    expect(silent.verdict).toBe('fail');
    ok(await h.backend.invoke('corpus:flagTake', { takeId: t3.id, flag: 'noise', note: 'door' }));
    ok(await h.backend.invoke('corpus:setTakeState', { takeId: t1.id, state: 'rejected' }));

    // Today's recording counts every take but the rejected one.
    const speaker = ok<{ sessionSeconds: number }>(await h.backend.invoke('corpus:getSpeaker', { speakerId }));
    expect(speaker.sessionSeconds).toBeCloseTo(t2.seconds + t3.seconds + silent.seconds, 3);

    const all = ok<Review>(await h.backend.invoke('corpus:reviewTakes', { speakerId }));
    expect(all.takes.map((t) => t.id)).toEqual([t2.id, t1.id, t3.id, silent.id]);
    expect(all.takes[0]).toMatchObject({ promptKey: 'a1', promptText: 'in being comparatively modern.', promptPosition: 0 });
    expect(all.counts).toMatchObject({ all: 4, flagged: 1, failing: 1, rejected: 1, unreviewed: 3, accepted: 0, chosen: 0 });

    const ids = async (filter: string, search = ''): Promise<number[]> =>
      ok<Review>(await h.backend.invoke('corpus:reviewTakes', { speakerId, filter, search })).takes.map((t) => t.id);
    expect(await ids('flagged')).toEqual([t3.id]);
    expect(await ids('failing')).toEqual([silent.id]);
    expect(await ids('rejected')).toEqual([t1.id]);
    expect(await ids('all', 'CHINESE')).toEqual([t3.id]);
    expect(await ids('all', 'a3')).toEqual([silent.id]);
    // LIKE wildcards in the search are literal characters.
    expect(await ids('all', '50%')).toEqual([silent.id]);
    expect(await ids('all', '_prompt')).toEqual([silent.id]);
    expect(await ids('all', 'e_n')).toEqual([]);

    const page = ok<Review>(await h.backend.invoke('corpus:reviewTakes', { speakerId, offset: 1, limit: 2 }));
    expect(page.total).toBe(4);
    expect(page.takes.map((t) => t.id)).toEqual([t1.id, t3.id]);
  });

  it('keeps trim points the narrator set apart from the raw take, and refuses ones outside it', async () => {
    const { speakerId, prompts } = await setup();
    const take = await record(speakerId, prompts[0]!);
    // The automatic trim brackets the clip (0.5 s of room tone before it) with the dataset margin.
    expect(take.autoTrim!.start).toBeGreaterThan(0.2);
    expect(take.autoTrim!.start).toBeLessThan(0.5);
    expect(take.autoTrim!.end).toBeGreaterThan(0.5 + clip.length / 22050 - 0.3);
    const raw = join(h.workspace, take.path);
    const before = statSync(raw).mtimeMs;
    const trimmed = ok<Take>(await h.backend.invoke('corpus:setTrim', { takeId: take.id, trim: { start: 0.4, end: 2.5 } }));
    expect(trimmed.trim).toEqual({ start: 0.4, end: 2.5 });
    expect(statSync(raw).mtimeMs).toBe(before);
    const bad = await h.backend.invoke('corpus:setTrim', { takeId: take.id, trim: { start: 2, end: 1 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/does not fit the take/);
    const beyond = await h.backend.invoke('corpus:setTrim', { takeId: take.id, trim: { start: 0, end: take.seconds + 5 } });
    expect(beyond.ok).toBe(false);
    expect(ok<Take>(await h.backend.invoke('corpus:setTrim', { takeId: take.id, trim: null })).trim).toBeNull();
  });

  it('sends the chosen take of a prompt to datasets, with its trim; rejecting it clears the choice', async () => {
    const { speakerId, prompts } = await setup();
    const first = await record(speakerId, prompts[0]!);
    const second = await record(speakerId, prompts[0]!);
    // What the dataset builder reads, through a second (read-only) connection to the same file, as WAL allows.
    const reader = new Database(join(h.workspace, 'studio.sqlite'), { readonly: true });
    const dataset = (selection: 'best' | 'accepted' = 'best') => takesForDataset(reader, speakerId, selection).filter((t) => t.key === 'a1');
    const best = async (): Promise<string[]> => {
      const r = ok<Review>(await h.backend.invoke('corpus:reviewTakes', { speakerId, filter: 'chosen' }));
      return r.takes.map((t) => t.path);
    };
    expect(await best()).toEqual([]);
    // No choice: the newest take that passed.
    expect(dataset()).toEqual([expect.objectContaining({ path: second.path, trimStart: null, trimEnd: null })]);
    ok(await h.backend.invoke('corpus:setTrim', { takeId: first.id, trim: { start: 0.3, end: 2 } }));
    const chosen = ok<Take>(await h.backend.invoke('corpus:chooseTake', { takeId: first.id }));
    expect(chosen.chosen).toBe(true);
    expect(await best()).toEqual([first.path]);
    expect(dataset()).toEqual([expect.objectContaining({ path: first.path, trimStart: 0.3, trimEnd: 2 })]);
    // 'accepted' wants the choice accepted too.
    expect(dataset('accepted')).toEqual([]);
    ok(await h.backend.invoke('corpus:setTakeState', { takeId: first.id, state: 'accepted' }));
    ok(await h.backend.invoke('corpus:setTakeState', { takeId: second.id, state: 'accepted' }));
    expect(dataset('accepted').map((t) => t.path)).toEqual([first.path]);
    // Only one chosen take per prompt.
    ok(await h.backend.invoke('corpus:chooseTake', { takeId: second.id }));
    expect(await best()).toEqual([second.path]);
    ok(await h.backend.invoke('corpus:chooseTake', { takeId: first.id }));
    // A rejected take cannot be chosen, and rejecting the chosen one clears the choice.
    ok(await h.backend.invoke('corpus:setTakeState', { takeId: first.id, state: 'rejected' }));
    expect(await best()).toEqual([]);
    const refused = await h.backend.invoke('corpus:chooseTake', { takeId: first.id });
    expect(refused.ok).toBe(false);
    expect(dataset().map((t) => t.path)).toEqual([second.path]);
    reader.close();
  });
});
