// The IPC adapter: one ipcMain handler per contract call, sender-checked, and backend events fanned out to windows.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { callNames } from '../shared/contract';
import type { Result } from '../shared/errors';
import type { Backend } from '../core/backend.types';
import { isTrustedUrl } from './app-origin';
import { EVENT_CHANNEL, PICK_FOLDER_CHANNEL, type EventMessage } from './channels';
import { pickFolder } from './folder-picker';

const untrustedSender: Result<never> = {
  ok: false,
  error: {
    code: 'invalid_input',
    message: 'This call came from a page that is not the Voicewright studio.',
    hint: 'Only the studio window may use the backend.',
  },
};

/** Only the top frame of our own page may call in: a frame we navigated to or embedded gets nothing. */
function fromTrustedFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedUrl(frame.url);
}

/** Registers every handler; returns a function that removes them and the event fan-out. */
export function registerIpc(backend: Backend): () => void {
  for (const name of callNames) {
    ipcMain.handle(name, async (event, input: unknown): Promise<Result<unknown>> => {
      if (!fromTrustedFrame(event)) return untrustedSender;
      return backend.invoke(name, input);
    });
  }

  ipcMain.handle(PICK_FOLDER_CHANNEL, async (event): Promise<string | null> => {
    if (!fromTrustedFrame(event)) return null;
    return pickFolder(BrowserWindow.fromWebContents(event.sender));
  });

  const unsubscribe = backend.onEvent((event, payload) => {
    const message: EventMessage = { event, payload };
    for (const win of BrowserWindow.getAllWindows()) {
      const contents = win.webContents;
      if (!win.isDestroyed() && !contents.isDestroyed() && isTrustedUrl(contents.getURL())) {
        contents.send(EVENT_CHANNEL, message);
      }
    }
  });

  return () => {
    unsubscribe();
    for (const name of callNames) ipcMain.removeHandler(name);
    ipcMain.removeHandler(PICK_FOLDER_CHANNEL);
  };
}
