// The Content-Security-Policy the renderer runs under: strict when packaged, loosened only for Vite's dev server.
import { MEDIA_SCHEME } from './app-origin';

const media = `${MEDIA_SCHEME}:`;

/**
 * Production policy. connect-src allows studio-media: so the waveform view can fetch() audio it decodes; style-src allows
 * inline styles because wavesurfer.js puts a <style> in its shadow root (scripts stay 'self' only).
 */
export const productionCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `media-src 'self' ${media}`,
  `img-src 'self' data: ${media}`,
  `connect-src 'self' ${media}`,
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Dev policy: React Refresh injects an inline preamble, Vite injects <style> tags and talks HMR over a WebSocket. */
export function devCsp(devServerUrl: string): string {
  const ws = new URL(devServerUrl);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    `media-src 'self' ${media}`,
    `img-src 'self' data: ${media}`,
    `connect-src 'self' ${media} ${ws.origin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
