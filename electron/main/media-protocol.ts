// studio-media://workspace/<relative path>: workspace audio and images for the renderer, with byte ranges for seeking.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Session } from 'electron';
import type { Backend } from '../core/backend.types';
import { MEDIA_HOST, MEDIA_SCHEME, isTrustedUrl } from './app-origin';
import { parseByteRange } from './media-range';
import { contentTypeFor } from './mime-types';

export function registerMediaProtocol(ses: Session, backend: Backend): void {
  ses.protocol.handle(MEDIA_SCHEME, (request) => serveMedia(request, backend));
}

/** Exported for its unit test; the protocol handler is all the app uses. */
export async function serveMedia(request: Request, backend: Backend): Promise<Response> {
  const cors = corsHeaders(request.headers.get('origin'));
  if (request.method === 'OPTIONS') return preflight(cors);
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed', cors);
  const url = new URL(request.url);
  if (url.host !== MEDIA_HOST) return plain(404, 'Not found', cors);
  let rel: string;
  try {
    // Drop the URL's own leading slash only: an encoded absolute path must reach resolveMedia as absolute and be refused.
    rel = decodeURIComponent(url.pathname.slice(1));
  } catch {
    return plain(400, 'Bad path', cors);
  }
  let abs: string;
  try {
    // Throws for paths outside the open workspace, and when none is open.
    abs = backend.resolveMedia(rel);
  } catch (err) {
    return errorCode(err) === 'path_outside_workspace' ? plain(403, 'Forbidden', cors) : plain(404, 'Not found', cors);
  }
  let size: number;
  try {
    const info = await stat(abs);
    if (!info.isFile()) return plain(404, 'Not found', cors);
    size = info.size;
  } catch {
    return plain(404, 'Not found', cors);
  }

  const headers = new Headers(cors);
  headers.set('Content-Type', contentTypeFor(abs));
  headers.set('Accept-Ranges', 'bytes');
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Cache-Control', 'no-cache');
  const range = parseByteRange(request.headers.get('range'), size);
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const length = size === 0 ? 0 : end - start + 1;
  headers.set('Content-Length', String(length));
  if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  return new Response(fileStream(abs, start, end), { status, headers });
}

function fileStream(path: string, start: number, end: number): ReadableStream<Uint8Array> {
  // Node's web stream type and the DOM one describe the same object.
  return Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
}

/** Lets our own page fetch() media (the waveform view decodes audio); other origins get no CORS grant. */
function corsHeaders(origin: string | null): Record<string, string> {
  if (origin === null || !isTrustedUrl(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges',
    Vary: 'Origin',
  };
}

/** A Range header on fetch() can trigger a CORS preflight; answer it for our own origin only. */
function preflight(cors: Record<string, string>): Response {
  if (!('Access-Control-Allow-Origin' in cors)) return new Response(null, { status: 403 });
  const headers = {
    ...cors,
    'Access-Control-Allow-Methods': 'GET, HEAD',
    'Access-Control-Allow-Headers': 'Range',
    'Access-Control-Max-Age': '600',
  };
  return new Response(null, { status: 204, headers });
}

function errorCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return null;
}

function plain(status: number, text: string, extra: Record<string, string>): Response {
  return new Response(text, { status, headers: { ...extra, 'Content-Type': 'text/plain; charset=utf-8' } });
}
