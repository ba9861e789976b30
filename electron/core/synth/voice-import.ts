// Brings a voice package made elsewhere (the trainer's export command, another studio) into the workspace: checked, copied whole, listed.
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ApiError } from '../../shared/errors';
import { insertVoice, voiceNameTaken } from '../db/voices.repo';
import type { Workspace } from '../workspace/workspace';
import { loadVoicePackage } from './voice-package';
import { voiceFolderName } from '../fs/folder-name';


export async function importVoice(ws: Workspace, path: string, name?: string): Promise<{ id: number; name: string; path: string }> {
  const src = resolve(path);
  if (!existsSync(join(src, 'voice.json'))) {
    throw new ApiError('not_found', `${src} has no voice.json.`, 'Choose the folder the export wrote (it holds voice.json and the .onnx files).');
  }
  // Every graph opens and matches voice.json before anything is copied: a broken package never enters the workspace.
  const loaded = await loadVoicePackage(src);
  const voiceName = (name ?? loaded.voice.name).trim();
  const language = loaded.voice.language;
  await loaded.release();
  const rel = `voices/${voiceFolderName(voiceName)}`;
  const dest = join(ws.root, rel);
  if (voiceNameTaken(ws.db, voiceName) || existsSync(dest)) throw new ApiError('conflict', `A voice named ${voiceName} already exists.`, 'Import it under another name.');
  const tmp = `${dest}.partial-${randomBytes(4).toString('hex')}`;
  try {
    cpSync(src, tmp, { recursive: true, errorOnExist: true });
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new ApiError('workspace_unwritable', `The voice could not be copied into the workspace: ${(err as Error).message}`, 'Check the free disk space and try again.');
  }
  return { id: insertVoice(ws.db, voiceName, language, rel), name: voiceName, path: rel };
}
