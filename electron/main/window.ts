// The studio window: sandboxed, context-isolated, loading the renderer from app:// (or Vite's server in development).
import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL, devServerUrl } from './app-origin';

export function createStudioWindow(mainDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Voicewright',
    backgroundColor: '#16181d',
    webPreferences: {
      preload: join(mainDir, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devServerUrl() ?? APP_ENTRY_URL);
  return win;
}
