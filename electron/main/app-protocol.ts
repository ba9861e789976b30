// Serves the built renderer from out/renderer over app://renderer/, so the page never runs from file://.
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Session } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { productionCsp } from './content-security';
import { contentTypeFor } from './mime-types';

export function registerAppProtocol(ses: Session, rendererDir: string): void {
  const root = resolve(rendererDir);
  ses.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, 'Not found');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return plain(400, 'Bad path');
    }
    // Client-side routes have no extension: they all get the single page.
    if (rel === '/' || extname(rel) === '') rel = '/index.html';
    const file = resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + sep)) return plain(403, 'Forbidden');
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: {
          'Content-Type': contentTypeFor(file),
          'Content-Security-Policy': productionCsp,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return plain(404, 'Not found');
    }
  });
}

/** Path of the built renderer relative to the built main bundle (out/main → out/renderer). */
export function builtRendererDir(mainDir: string): string {
  return join(mainDir, '..', 'renderer');
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
