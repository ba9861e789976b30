// Exports a dataset folder to a place the user chose: checked first, copied into a temp sibling, renamed into place whole.
import { constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DatasetFormatError, parseMetadata, PHONEMES_FILE } from './dataset-format';

/** Why a target folder cannot take an export, or null when it can (absent, or an empty folder). */
export function exportTargetProblem(source: string, target: string): { message: string; hint: string } | null {
  const inside = (child: string, parent: string): boolean => {
    const r = relative(parent, child);
    return r === '' || (r.split(sep)[0] !== '..' && !isAbsolute(r));
  };
  if (inside(target, source) || inside(source, target)) {
    return { message: `${target} overlaps the dataset's own folder ${source}.`, hint: 'Choose a folder outside the workspace\'s dataset.' };
  }
  if (!existsSync(target)) return null;
  if (!statSync(target).isDirectory()) return { message: `${target} is a file, not a folder.`, hint: 'Choose a new folder name or an empty folder.' };
  if (readdirSync(target).length > 0) {
    return { message: `${target} is not empty; the export would mix with what is there.`, hint: 'Choose an empty folder or a new folder name. Nothing was copied.' };
  }
  return null;
}

/** Files to copy, relative to the dataset folder: every clip metadata.csv lists, then metadata.csv, dataset.json, report.json and phonemes.csv (IPA datasets). */
function exportList(source: string): string[] {
  const rows = parseMetadata(readFileSync(join(source, 'metadata.csv'), 'utf8'));
  const clips = rows.map((r) => `wavs/${r.id}.wav`);
  const missing = clips.filter((c) => !existsSync(join(source, c)));
  if (missing.length > 0) {
    throw new DatasetFormatError(`The dataset is missing ${missing.length} clip${missing.length === 1 ? '' : 's'} that metadata.csv lists; nothing was exported.`,
      'Build or import the dataset again.', missing.slice(0, 8));
  }
  const extras = ['dataset.json', 'report.json', PHONEMES_FILE].filter((f) => existsSync(join(source, f)));
  return [...clips, 'metadata.csv', ...extras];
}

/** Copies `source` to `target` (absent or empty). Cancelling or any failure leaves no trace at the target. */
export async function exportDatasetFolder(
  source: string,
  target: string,
  progress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<{ files: number; bytes: number }> {
  const dest = resolve(target);
  const problem = exportTargetProblem(source, dest);
  if (problem) throw new DatasetFormatError(problem.message, problem.hint);
  const files = exportList(source);
  await mkdir(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.${basename(dest)}.partial-${randomBytes(4).toString('hex')}`);
  await mkdir(join(tmp, 'wavs'), { recursive: true });
  let bytes = 0;
  try {
    for (let i = 0; i < files.length; i++) {
      if (signal?.aborted) throw new Error('Cancelled');
      const f = files[i]!;
      // A copy-on-write clone where the file system has it, a plain copy elsewhere.
      await copyFile(join(source, f), join(tmp, f), constants.COPYFILE_FICLONE);
      bytes += statSync(join(tmp, f)).size;
      progress(i + 1, files.length);
    }
    // The target may have appeared (or filled) while we copied: check again right before the rename.
    const late = exportTargetProblem(source, dest);
    if (late) throw new DatasetFormatError(late.message, late.hint);
    if (existsSync(dest)) await rmdir(dest);
    await rename(tmp, dest);
    return { files: files.length, bytes };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
