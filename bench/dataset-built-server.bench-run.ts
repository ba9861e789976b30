// After `npm run build`: the headless server from out/ runs a dataset build job in its own worker threads (the worker resolves from the bundle).
//   npm run build && npx vitest run --config bench/vitest.bench.config.ts bench/dataset-built-server.bench-run.ts
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { decodeWav } from '../electron/core/audio/wav';
import { makeTempDir } from '../electron/core/testing/temp-dir';

const root = join(__dirname, '..');
const server = join(root, 'out', 'main', 'server.js');
const clips = join(root, '..', 'shared', 'data', 'speech', 'ljspeech-32');
const tmp = makeTempDir('voicewright-built-');
let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  tmp.cleanup();
});

/** Starts out/main/server.js and resolves with its URL once it prints it. */
function startServer(): Promise<URL> {
  child = spawn(process.execPath, [server, '--workspace', join(tmp.path, 'ws'), '--port', '0', '--app-data', join(tmp.path, 'app')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /VOICEWRIGHT_URL=(\S+)/.exec(out);
      if (m) resolve(new URL(m[1]!));
    });
    child!.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child!.on('exit', (code) => reject(new Error(`server.js exited with ${code}:\n${out}`)));
  });
}

interface Client { call<T>(call: string, input: unknown): Promise<T>; jobDone(job: number): Promise<{ state: string; error: string | null }>; close(): void }

async function connect(url: URL): Promise<Client> {
  const ws = new WebSocket(`ws://${url.host}/api?token=${url.searchParams.get('token')}`, { origin: url.origin });
  await new Promise((ok, fail) => { ws.once('open', ok); ws.once('error', fail); });
  let seq = 0;
  const replies = new Map<number, (r: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();
  const finals = new Map<number, { state: string; error: string | null }>();
  const waiters = new Map<number, (j: { state: string; error: string | null }) => void>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { type: string; seq: number; result: never; event: string; payload: { id: number; state: string; error: string | null } };
    if (msg.type === 'reply') replies.get(msg.seq)?.(msg.result);
    else if (msg.event === 'jobs:updated' && !['queued', 'running'].includes(msg.payload.state)) {
      finals.set(msg.payload.id, msg.payload);
      waiters.get(msg.payload.id)?.(msg.payload);
    }
  });
  return {
    call: <T>(call: string, input: unknown) => new Promise<T>((resolve, reject) => {
      const n = ++seq;
      replies.set(n, (r) => (r.ok ? resolve(r.value as T) : reject(new Error(`${call}: ${r.error?.message}`))));
      ws.send(JSON.stringify({ seq: n, call, input }));
    }),
    jobDone: (job) => { const j = finals.get(job); return j ? Promise.resolve(j) : new Promise((r) => waiters.set(job, r)); },
    close: () => ws.close(),
  };
}

describe.skipIf(!existsSync(server) || !existsSync(clips))('the built headless server', () => {
  it('builds a dataset in worker threads emitted beside server.js', async () => {
    expect(existsSync(join(root, 'out', 'main', 'dataset-build.worker.js'))).toBe(true);
    const api = await connect(await startServer());
    const rows = readFileSync(join(clips, 'metadata.csv'), 'utf8').trim().split('\n').slice(0, 12).map((l) => l.split('|') as [string, string]);
    const speaker = await api.call<{ id: number }>('corpus:createSpeaker', { name: 'Linda', language: 'en-US' });
    await api.call('corpus:importScript', { speakerId: speaker.id, fileName: 'lj.tsv', content: Buffer.from(rows.map(([id, raw]) => `${id}\t${raw}`).join('\n')).toString('base64') });
    const { prompts } = await api.call<{ prompts: { id: number; key: string }[] }>('corpus:listPrompts', { speakerId: speaker.id });
    for (const p of prompts) {
      const audio = decodeWav(readFileSync(join(clips, `${p.key}.wav`))).channels[0]!;
      const { takeId } = await api.call<{ takeId: number }>('corpus:startTake', { speakerId: speaker.id, promptId: p.id, sampleRate: 22050 });
      await api.call('corpus:appendTake', { takeId, seq: 0, samples: Buffer.from(audio.buffer).toString('base64') });
      await api.call('corpus:finishTake', { takeId });
    }
    const t0 = performance.now();
    const { job } = await api.call<{ job: number }>('datasets:build', { speakerId: speaker.id, name: 'Built' });
    const done = await api.jobDone(job);
    const seconds = (performance.now() - t0) / 1000;
    api.close();
    expect(done).toMatchObject({ state: 'succeeded', error: null });
    const wavs = readdirSync(join(tmp.path, 'ws', 'datasets', 'Built', 'wavs'));
    // Coverage comes from espeak inside the workers: the bundle's worker found its wasm too.
    const report = JSON.parse(readFileSync(join(tmp.path, 'ws', 'datasets', 'Built', 'report.json'), 'utf8')) as { coverage: { phones: { covered: number } } | null };
    expect(report.coverage?.phones.covered).toBeGreaterThan(20);
    console.log(`\nout/main/server.js built a ${wavs.length}-clip dataset through its workers in ${seconds.toFixed(1)} s (start-up of 2 workers included)`);
    expect(wavs.length).toBeGreaterThanOrEqual(10);
  });
});
