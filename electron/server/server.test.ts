// Headless server security and transport: token, Origin, Host, loopback only, calls and events over WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../core/backend';
import { makeTempDir } from '../core/testing/temp-dir';
import { startServer, type HeadlessServer } from './server';

let tmp: ReturnType<typeof makeTempDir>;
let backend: Backend;
let server: HeadlessServer;

beforeAll(async () => {
  tmp = makeTempDir();
  const rendererDir = join(tmp.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Voicewright</title>');
  backend = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace: join(tmp.path, 'ws') });
  writeFileSync(join(tmp.path, 'ws', 'takes', 'take1.wav'), Buffer.from('RIFF....WAVEdata0123456789'));
  writeFileSync(join(tmp.path, 'secret.txt'), 'outside the workspace');
  server = await startServer({ backend, rendererDir });
});
afterAll(async () => {
  await server.close();
  await backend.close();
  tmp.cleanup();
});

function openSocket(url: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const apiUrl = (token?: string): string => `ws://127.0.0.1:${server.port}/api${token === undefined ? '' : `?token=${token}`}`;

describe('the headless server', () => {
  it('prints a loopback URL with a random token per start', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const other = await startServer({ backend, rendererDir: join(tmp.path, 'renderer') });
    expect(other.token).not.toBe(server.token);
    await other.close();
  });

  it('refuses a WebSocket without the token or with a wrong one', async () => {
    await expect(openSocket(apiUrl(), server.origin)).rejects.toThrow('HTTP 401');
    await expect(openSocket(apiUrl('wrong'), server.origin)).rejects.toThrow('HTTP 401');
  });

  it('refuses a WebSocket from another Origin, or with none', async () => {
    await expect(openSocket(apiUrl(server.token), 'https://evil.example')).rejects.toThrow('HTTP 403');
    await expect(openSocket(apiUrl(server.token), `http://127.0.0.1:${server.port + 1}`)).rejects.toThrow('HTTP 403');
    await expect(openSocket(apiUrl(server.token), undefined)).rejects.toThrow('HTTP 403');
  });

  it('answers calls and forwards events over an authorised socket', async () => {
    const ws = await openSocket(apiUrl(server.token), server.origin);
    const messages: { type: string; seq?: number; event?: string; result?: unknown }[] = [];
    const got = (pred: (m: (typeof messages)[number]) => boolean): Promise<(typeof messages)[number]> =>
      new Promise((resolve) => {
        const check = (): void => {
          const m = messages.find(pred);
          if (m) resolve(m); else ws.once('message', check);
        };
        check();
      });
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ seq: 1, call: 'settings:update', input: { theme: 'dark' } }));
    expect(await got((m) => m.seq === 1)).toMatchObject({ type: 'reply', result: { ok: true, value: { theme: 'dark' } } });
    expect(await got((m) => m.event === 'settings:changed')).toMatchObject({ type: 'event' });
    ws.send(JSON.stringify({ seq: 2, call: 'settings:update', input: { theme: 'purple' } }));
    expect(await got((m) => m.seq === 2)).toMatchObject({ result: { ok: false, error: { code: 'invalid_input' } } });
    ws.send(JSON.stringify({ seq: 3, nonsense: true }));
    expect(await got((m) => m.seq === 3)).toMatchObject({ result: { ok: false, error: { code: 'invalid_input' } } });
    ws.close();
  });

  it('is bound to loopback only', async () => {
    const external = Object.values(networkInterfaces()).flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal).map((a) => a!.address);
    for (const address of external) {
      const reached = await new Promise<boolean>((resolve) => {
        const s = connect({ host: address, port: server.port, timeout: 1000 });
        s.once('connect', () => { s.destroy(); resolve(true); });
        s.once('error', () => resolve(false));
        s.once('timeout', () => { s.destroy(); resolve(false); });
      });
      expect(reached, address).toBe(false);
    }
  });

  it('serves workspace media with the token, with ranges, and nothing outside', async () => {
    const base = `${server.origin}/media`;
    expect((await fetch(`${base}/takes/take1.wav`)).status).toBe(401);
    const ok = await fetch(`${base}/takes/take1.wav?token=${server.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('audio/wav');
    const part = await fetch(`${base}/takes/take1.wav?token=${server.token}`, { headers: { range: 'bytes=4-7' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('....');
    expect((await fetch(`${base}/..%2Fsecret.txt?token=${server.token}`)).status).toBe(403);
    // fetch folds %2E%2E into '..' and the URL then leaves /media/: the renderer answers, never the file.
    expect(await (await fetch(`${base}/%2E%2E/%2E%2E/secret.txt?token=${server.token}`)).text()).not.toContain('outside the workspace');
    expect((await fetch(`${base}/takes/missing.wav?token=${server.token}`)).status).toBe(404);
  });

  it('serves the renderer with a CSP and refuses foreign Host headers (DNS rebinding)', async () => {
    const page = await fetch(server.origin);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const rebound = await new Promise<string>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: server.port }, () => {
        s.write('GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
      });
      let data = '';
      s.on('data', (d) => { data += d.toString(); });
      s.on('end', () => resolve(data));
    });
    expect(rebound).toMatch(/^HTTP\/1\.1 421/);
  });
});
