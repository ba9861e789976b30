// Headless adapter: the backend contract over WebSocket, the built renderer and workspace media over HTTP, loopback only.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError } from '../shared/errors';
import { TOKEN_PARAM, WsRequestSchema, type WsServerMessage } from '../shared/ws-protocol';
import type { Backend } from '../core/backend.types';

export interface ServerOptions {
  backend: Backend;
  /** Folder holding the built renderer (index.html). */
  rendererDir: string;
  port?: number;
  /** Fixed token (tests); a random one per start otherwise. */
  token?: string;
}

export interface HeadlessServer {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "media-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.json': 'application/json',
  '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.flac': 'audio/flac', '.ogg': 'audio/ogg', '.woff2': 'font/woff2',
  '.ico': 'image/x-icon', '.onnx': 'application/octet-stream',
};

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startServer(options: ServerOptions): Promise<HeadlessServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  let port = 0;
  const allowedHosts = (): string[] => [`${HOST}:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);

  function deny(res: ServerResponse, status: number, message: string): void {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(message);
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): void {
    const size = statSync(file).size;
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (range && size > 0) {
      const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end || start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        res.end();
        return;
      }
      res.writeHead(206, { ...headers, 'content-type': type, 'accept-ranges': 'bytes', 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${size}` });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': type, 'accept-ranges': 'bytes', 'content-length': String(size) });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  const http = createServer((req, res) => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return deny(res, 421, 'Unexpected Host header.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed.');
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const common = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };
    if (url.pathname.startsWith('/media/')) {
      if (!sameToken(url.searchParams.get(TOKEN_PARAM), token)) return deny(res, 401, 'Missing or wrong token.');
      let file: string;
      try {
        file = options.backend.resolveMedia(decodeURIComponent(url.pathname.slice('/media/'.length)));
      } catch (err) {
        return deny(res, err instanceof ApiError && err.code === 'path_outside_workspace' ? 403 : 404, err instanceof Error ? err.message : 'Not found');
      }
      if (!existsSync(file) || !statSync(file).isFile()) return deny(res, 404, 'No such file in the workspace.');
      return serveFile(req, res, file, common);
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir + sep)) return deny(res, 403, 'Forbidden.');
    const target = existsSync(file) && statSync(file).isFile() ? file : join(rendererDir, 'index.html');
    if (!existsSync(target)) return deny(res, 500, `The renderer is not built (${rendererDir} has no index.html): run npm run build.`);
    serveFile(req, res, target, { ...common, 'content-security-policy': CSP, 'x-frame-options': 'DENY' });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/api') return reject(404, 'Not Found');
    if (!allowedHosts().includes(req.headers.host ?? '')) return reject(421, 'Misdirected Request');
    // Browsers always send Origin on WebSocket handshakes; a page from any other origin is refused.
    if (!allowedOrigins().includes(req.headers.origin ?? '')) return reject(403, 'Forbidden');
    if (!sameToken(url.searchParams.get(TOKEN_PARAM), token)) return reject(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const send = (msg: WsServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const unsubscribe = options.backend.onEvent((event, payload) => send({ type: 'event', event, payload }));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return; // not JSON: no sequence number to answer to
      }
      const req = WsRequestSchema.safeParse(parsed);
      if (!req.success) {
        const seq = typeof parsed === 'object' && parsed !== null && 'seq' in parsed && typeof parsed.seq === 'number' ? parsed.seq : -1;
        send({ type: 'reply', seq, result: { ok: false, error: { code: 'invalid_input', message: 'Malformed request: expected {seq, call, input}.' } } });
        return;
      }
      void options.backend.invoke(req.data.call, req.data.input).then((result) => send({ type: 'reply', seq: req.data.seq, result }));
    });
    ws.on('close', () => {
      unsubscribe();
      sockets.delete(ws);
    });
  });

  await new Promise<void>((ok, fail) => {
    http.once('error', fail);
    http.listen(options.port ?? 0, HOST, () => ok());
  });
  port = (http.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;
  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    token,
    port,
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((ok) => http.close(() => ok()));
      http.closeAllConnections();
    },
  };
}
