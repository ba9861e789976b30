// The application menu: open or reveal a workspace, and the standard Edit / View / Window / Help menus.
import { app, BrowserWindow, dialog, Menu, shell, type MenuItemConstructorOptions } from 'electron';
import { calls } from '../shared/contract';
import type { Backend } from '../core/backend.types';
import { pickFolder } from './folder-picker';
import { openExternalIfHttps } from './security';

const isMac = process.platform === 'darwin';

export function installMenu(backend: Backend): void {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => void openWorkspace(backend) },
      { label: 'Reveal Workspace', click: () => void revealWorkspace(backend) },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'forceReload' },
      ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Electron Security Guide', click: () => openExternalIfHttps('https://www.electronjs.org/docs/latest/tutorial/security') },
      ...(isMac ? [] : [{ role: 'about' } satisfies MenuItemConstructorOptions]),
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    help,
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function openWorkspace(backend: Backend): Promise<void> {
  const owner = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null;
  const path = await pickFolder(owner, 'Open or create a workspace');
  if (path === null) return;
  // The backend announces the switch with a workspace:changed event, which every window follows.
  const result = await backend.invoke('workspace:open', { path, create: true });
  if (!result.ok) {
    const detail = result.error.hint ? `${result.error.message}\n\n${result.error.hint}` : result.error.message;
    dialog.showErrorBox('Could not open the workspace', detail);
  }
}

async function revealWorkspace(backend: Backend): Promise<void> {
  const result = await backend.invoke('workspace:current', {});
  const current = result.ok ? calls['workspace:current'].output.safeParse(result.value) : null;
  const workspace = current?.success ? current.data : null;
  if (!workspace) {
    dialog.showErrorBox('No workspace is open', 'Open a workspace first (File → Open Workspace…).');
    return;
  }
  const failure = await shell.openPath(workspace.path);
  if (failure) dialog.showErrorBox('Could not reveal the workspace', failure);
}
