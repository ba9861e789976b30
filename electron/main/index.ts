// Electron entry: the thin shell that builds the backend, registers IPC and protocols, and opens the studio window.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, protocol, session } from 'electron';
import { createBackend } from '../core/backend';
import type { Backend } from '../core/backend.types';
import { keepAwakeWhileTraining } from './keep-awake';
import { APP_SCHEME, MEDIA_SCHEME } from './app-origin';
import { builtRendererDir, registerAppProtocol } from './app-protocol';
import { registerIpc } from './ipc';
import { registerMediaProtocol } from './media-protocol';
import { installMenu } from './menu';
import { applyDevCsp, hardenWebContents, restrictPermissions } from './security';
import { createStudioWindow } from './window';

const mainDir = dirname(fileURLToPath(import.meta.url));

/** Tests and portable installs point app state elsewhere; must run before anything reads userData. */
function applyAppDataOverride(): void {
  const fromArg = process.argv.find((arg) => arg.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
  const dir = process.env['VOICEWRIGHT_APP_DATA'] || fromArg;
  if (!dir) return;
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  app.setPath('userData', abs);
}

applyAppDataOverride();
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  {
    scheme: MEDIA_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true },
  },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenWebContents();
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId('dev.voicewright.studio');

  let backend: Backend;
  try {
    backend = await createBackend({
      appDataDir: app.getPath('userData'),
      workspace: process.env['VOICEWRIGHT_WORKSPACE'] || undefined,
    });
  } catch (err) {
    dialog.showErrorBox('Voicewright could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }

  const ses = session.defaultSession;
  restrictPermissions(ses);
  applyDevCsp(ses);
  registerAppProtocol(ses, builtRendererDir(mainDir));
  registerMediaProtocol(ses, backend);
  const disposeIpc = registerIpc(backend);
  const disposeKeepAwake = keepAwakeWhileTraining(backend);
  installMenu(backend);

  let mainWindow = createStudioWindow(mainDir);
  app.on('second-instance', () => {
    if (mainWindow.isDestroyed()) mainWindow = createStudioWindow(mainDir);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createStudioWindow(mainDir);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits for the backend to finish its writes and close the database.
  let closed = false;
  let closing = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    backend
      .close()
      .catch((err: unknown) => console.error('Backend did not close cleanly:', err))
      .finally(() => {
        closed = true;
        disposeIpc();
        disposeKeepAwake();
        app.quit();
      });
  });
}
