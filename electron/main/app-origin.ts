// Which URLs count as our own renderer: the app:// scheme in production, the Vite dev server in development.
import { app } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
export const MEDIA_SCHEME = 'studio-media';
export const MEDIA_HOST = 'workspace';

/** The dev server URL electron-vite sets; a packaged app never honours it, so an env var cannot redirect it. */
export function devServerUrl(): string | null {
  const url = process.env['ELECTRON_RENDERER_URL'];
  return !app.isPackaged && url ? url : null;
}

/** Origin of http(s) URLs; Node reports 'null' for custom schemes, so those are compared by protocol + host. */
export function isTrustedUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  const dev = devServerUrl();
  return dev !== null && url.origin === new URL(dev).origin;
}
