// Hardening every web contents gets: no navigation away, no new windows, no permissions beyond the microphone.
import { app, shell, type Session } from 'electron';
import { devCsp } from './content-security';
import { devServerUrl, isTrustedUrl } from './app-origin';

/** Call once before any window exists: applies to every web contents the app ever creates. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalIfHttps(url);
      return { action: 'deny' };
    });
  });
}

/** Links to the web open in the user's browser; anything else (file:, javascript:, http:) is dropped. */
export function openExternalIfHttps(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') void shell.openExternal(url);
  } catch {
    // Not a URL: nothing to open.
  }
}

/**
 * Only our own page may use the microphone (the recorder) and show notifications (a training run finished or failed);
 * cameras, screens and every other permission are refused.
 */
export function restrictPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    if (permission === 'notifications') return callback(isTrustedUrl(details.requestingUrl));
    if (permission !== 'media' || !isTrustedUrl(details.requestingUrl)) return callback(false);
    const types = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(types.every((type) => type === 'audio'));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return (permission === 'media' || permission === 'notifications') && isTrustedUrl(requestingOrigin);
  });
  ses.setDevicePermissionHandler(() => false);
}

/** In development the page comes from Vite's server, so its CSP arrives as a response header here. */
export function applyDevCsp(ses: Session): void {
  const dev = devServerUrl();
  if (dev === null) return;
  const policy = devCsp(dev);
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedUrl(details.url)) return callback({});
    const headers = { ...details.responseHeaders, 'Content-Security-Policy': [policy] };
    callback({ responseHeaders: headers });
  });
}
