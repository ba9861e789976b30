// The native folder picker, shared by the renderer's pickFolder() and File → Open Workspace….
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

/** The chosen folder, or null when the user cancels. */
export async function pickFolder(owner: BrowserWindow | null, title = 'Choose a folder'): Promise<string | null> {
  const options: OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
  const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}
