// The recorder's backend against a real workspace: a script is imported, takes stream to disk, a crash loses nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBackend, type Backend } from '../backend';
import { decodeWav } from '../audio/wav';
import { makeTempDir } from '../testing/temp-dir';
import type { Result } from '../../shared/errors';
import type { Take } from '../../shared/domains/corpus';

let tmp: ReturnType<typeof makeTempDir>;
let backend: Backend;
const clip = decodeWav(readFileSync(join(__dirname, '..', 'audio', 'fixtures', 'LJ001-0002.wav'))).channels[0]!;

beforeEach(async () => {
  tmp = makeTempDir();
  backend = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace: join(tmp.path, 'ws') });
});
afterEach(async () => {
  await backend.close();
  tmp.cleanup();
});

function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const b64 = (x: Float32Array): string => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');
/** A take as the microphone delivers it: room tone, the clip, room tone, in 0.25 s chunks. */
function chunks(sr = 22050): Float32Array[] {
  const room = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => 0.0003 * Math.sin(i * 0.37));
  const all = new Float32Array(sr / 2 + clip.length + sr);
  all.set(room(sr / 2));
  all.set(clip, sr / 2);
  all.set(room(sr), sr / 2 + clip.length);
  const out: Float32Array[] = [];
  for (let i = 0; i < all.length; i += sr / 4) out.push(all.slice(i, i + sr / 4));
  return out;
}

async function speakerWithScript(): Promise<{ speakerId: number; promptIds: number[] }> {
  const speaker = ok<{ id: number }>(await backend.invoke('corpus:createSpeaker', { name: 'Anna', language: 'en-US' }));
  const script = 'p1\tin being comparatively modern.\np2\tFor although the Chinese took impressions.\np3\tThe third prompt is here.\n';
  const r = ok<{ imported: number }>(await backend.invoke('corpus:importScript', { speakerId: speaker.id, fileName: 'script.tsv', content: Buffer.from(script).toString('base64') }));
  expect(r.imported).toBe(3);
  const prompts = ok<{ prompts: { id: number }[] }>(await backend.invoke('corpus:listPrompts', { speakerId: speaker.id }));
  return { speakerId: speaker.id, promptIds: prompts.prompts.map((p) => p.id) };
}

describe('recording takes', () => {
  it('streams a take to disk, checks it when it stops, and keeps several takes per prompt', async () => {
    const { speakerId, promptIds } = await speakerWithScript();
    for (let attempt = 0; attempt < 2; attempt++) {
      const { takeId, path } = ok<{ takeId: number; path: string }>(await backend.invoke('corpus:startTake', { speakerId, promptId: promptIds[0], sampleRate: 22050 }));
      let seq = 0;
      for (const c of chunks()) ok(await backend.invoke('corpus:appendTake', { takeId, seq: seq++, samples: b64(c) }));
      const take = ok<Take>(await backend.invoke('corpus:finishTake', { takeId }));
      expect(take).toMatchObject({ state: 'done', sampleRate: 22050, verdict: 'ok' });
      expect(take.seconds).toBeCloseTo(clip.length / 22050 + 1.5, 1);
      expect(take.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['clipping', 'noise_floor', 'snr']));
      expect(decodeWav(readFileSync(join(tmp.path, 'ws', path))).channels[0]!.length).toBe(Math.round(take.seconds * 22050));
    }
    const takes = ok<Take[]>(await backend.invoke('corpus:listTakes', { speakerId, promptId: promptIds[0] }));
    expect(takes).toHaveLength(2);
    ok(await backend.invoke('corpus:setTakeState', { takeId: takes[1]!.id, state: 'accepted' }));
    const flagged = ok<Take>(await backend.invoke('corpus:flagTake', { takeId: takes[0]!.id, flag: 'misread', note: 'said "modem"' }));
    expect(flagged.flags).toEqual([{ flag: 'misread', note: 'said "modem"' }]);
    const speaker = ok<{ acceptedSeconds: number; takes: number }>(await backend.invoke('corpus:getSpeaker', { speakerId }));
    expect(speaker.takes).toBe(2);
    expect(speaker.acceptedSeconds).toBeCloseTo(takes[1]!.seconds, 3);
  });

  it('refuses chunks out of order and takes for another speaker’s prompt', async () => {
    const { speakerId, promptIds } = await speakerWithScript();
    const { takeId } = ok<{ takeId: number }>(await backend.invoke('corpus:startTake', { speakerId, promptId: promptIds[1], sampleRate: 48000 }));
    ok(await backend.invoke('corpus:appendTake', { takeId, seq: 0, samples: b64(new Float32Array(100)) }));
    expect(await backend.invoke('corpus:appendTake', { takeId, seq: 2, samples: b64(new Float32Array(100)) })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/chunk 1 was expected/) } });
    expect(await backend.invoke('corpus:appendTake', { takeId, seq: 1, samples: 'AAA' })).toMatchObject({ ok: false });
    const other = ok<{ id: number }>(await backend.invoke('corpus:createSpeaker', { name: 'Ben', language: 'de-DE' }));
    expect(await backend.invoke('corpus:startTake', { speakerId: other.id, promptId: promptIds[0], sampleRate: 48000 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await backend.invoke('corpus:createSpeaker', { name: 'Anna', language: 'en-US' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('recovers a take after a crash: the header is repaired and the take is checked', async () => {
    const { speakerId, promptIds } = await speakerWithScript();
    const { takeId, path } = ok<{ takeId: number; path: string }>(await backend.invoke('corpus:startTake', { speakerId, promptId: promptIds[0], sampleRate: 22050 }));
    const all = chunks();
    for (let seq = 0; seq < all.length - 2; seq++) ok(await backend.invoke('corpus:appendTake', { takeId, seq, samples: b64(all[seq]!) }));
    // A crash: the process dies without finishing the take or closing the workspace (no close(), no header rewrite).
    const abs = join(tmp.path, 'ws', path);
    expect(existsSync(abs)).toBe(true);
    const reopened = await createBackend({ appDataDir: join(tmp.path, 'app3'), workspace: join(tmp.path, 'ws') });
    try {
      const [take] = ok<Take[]>(await reopened.invoke('corpus:listTakes', { speakerId, promptId: promptIds[0] }));
      expect(take).toMatchObject({ id: takeId, state: 'recovered' });
      // Everything but the two chunks never sent is there.
      expect(take!.seconds).toBeCloseTo(((all.length - 2) * 22050) / 4 / 22050, 2);
      expect(decodeWav(readFileSync(abs)).warnings).toEqual([]);
    } finally {
      await reopened.close();
    }
  });

  it('names the encoding problem of a Windows-1252 script and imports nothing', async () => {
    const speaker = ok<{ id: number }>(await backend.invoke('corpus:createSpeaker', { name: 'Greta', language: 'de-DE' }));
    const latin1 = Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x20, 0x61, 0x75, 0x73, 0x20, 0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e, 0x2e, 0x0a]);
    const r = await backend.invoke('corpus:importScript', { speakerId: speaker.id, fileName: 'prompts.txt', content: latin1.toString('base64') });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not UTF-8/), hint: expect.stringMatching(/windows-1252/) } });
    expect(ok<{ total: number }>(await backend.invoke('corpus:listPrompts', { speakerId: speaker.id })).total).toBe(0);
    const fixed = ok<{ imported: number }>(await backend.invoke('corpus:importScript', { speakerId: speaker.id, fileName: 'prompts.txt', content: latin1.toString('base64'), encoding: 'windows-1252' }));
    expect(fixed.imported).toBe(1);
    const list = ok<{ prompts: { text: string }[] }>(await backend.invoke('corpus:listPrompts', { speakerId: speaker.id }));
    expect(list.prompts[0]!.text).toBe('Grüße aus München.');
  });
});
