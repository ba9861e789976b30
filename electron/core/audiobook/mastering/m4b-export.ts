// The whole book as one M4B (AAC with chapter marks, tags and cover) through ffmpeg, where ffmpeg is on this machine.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { ApiError } from '../../../shared/errors';
import { probeWav } from '../../audio/wav-stream';
import { flacTotalSamples } from '../../dataset/flac-frames';

export interface FfmpegTools {
  ffmpeg: string;
  /** Beside ffmpeg or on PATH; null when missing (only tests need it). */
  ffprobe: string | null;
  version: string;
}

export interface FindFfmpegOptions {
  /** The path from Settings; when given it must work. */
  configured?: string | null;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

function runs(path: string): string | null {
  const r = spawnSync(path, ['-version'], { encoding: 'utf8', timeout: 10_000, windowsHide: true });
  if (r.status !== 0 || typeof r.stdout !== 'string') return null;
  return r.stdout.split('\n')[0]?.trim() ?? '';
}

function onPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  // Where Homebrew and installers put it, for apps started from the Dock or Start menu without the shell's PATH.
  if (platform === 'darwin') dirs.push('/opt/homebrew/bin', '/usr/local/bin');
  if (platform === 'linux') dirs.push('/usr/bin', '/usr/local/bin');
  const file = platform === 'win32' ? `${name}.exe` : name;
  return dirs.map((d) => join(d, file));
}

/** ffmpeg from Settings, then VOICEWRIGHT_FFMPEG, then PATH; null when none runs. */
export function findFfmpeg(options: FindFfmpegOptions = {}): FfmpegTools | null {
  const env = options.env ?? process.env, platform = options.platform ?? process.platform;
  const pick = (path: string): FfmpegTools | null => {
    const version = runs(path);
    if (version === null) return null;
    const sibling = join(dirname(path), basename(path).replace(/ffmpeg/i, 'ffprobe'));
    const ffprobe = [sibling, ...onPath('ffprobe', env, platform)].find((p) => existsSync(p) && runs(p) !== null) ?? null;
    return { ffmpeg: path, ffprobe, version };
  };
  if (options.configured) {
    const found = pick(options.configured);
    if (!found) throw new ApiError('invalid_input', `The ffmpeg set in Settings (${options.configured}) does not run.`, 'Point the setting at the ffmpeg program itself, or clear it to use the one on PATH.');
    return found;
  }
  const fromEnv = env.VOICEWRIGHT_FFMPEG;
  if (fromEnv) {
    const found = pick(fromEnv);
    if (!found) throw new ApiError('invalid_input', `VOICEWRIGHT_FFMPEG points at ${fromEnv}, which does not run.`, 'Fix or unset the variable.');
    return found;
  }
  for (const candidate of new Set(onPath('ffmpeg', env, platform))) {
    if (!existsSync(candidate)) continue;
    const found = pick(candidate);
    if (found) return found;
  }
  return null;
}

/** The error for a machine without ffmpeg: how to install it here, and that every other export still works. */
export function ffmpegMissingError(platform: NodeJS.Platform = process.platform): ApiError {
  const how = platform === 'darwin' ? 'Install it with Homebrew: brew install ffmpeg.'
    : platform === 'win32' ? 'Install it with winget install Gyan.FFmpeg (or from ffmpeg.org) and restart the studio.'
      : 'Install it with your package manager: sudo apt install ffmpeg (Debian, Ubuntu), sudo dnf install ffmpeg (Fedora), sudo pacman -S ffmpeg (Arch).';
  return new ApiError('not_found', 'Making an M4B audiobook needs ffmpeg, which was not found on this computer.',
    `${how} Or set its path in Settings (or VOICEWRIGHT_FFMPEG). WAV, FLAC and MP3 export work without it.`);
}

export interface M4bChapter {
  title: string;
  /** The chapter's exported WAV or FLAC (lossless: M4B is encoded once, from the master). */
  path: string;
}

export interface M4bInput {
  chapters: M4bChapter[];
  title: string;
  author: string;
  narrator?: string;
  year?: string;
  /** JPEG or PNG. */
  coverPath?: string;
  outPath: string;
  bitrateKbps?: 64 | 96 | 128;
  ffmpegPath?: string | null;
}

export interface M4bResult {
  path: string;
  chapters: { title: string; start: number; end: number }[];
  durationSeconds: number;
  ffmpeg: string;
}

/** Length of a WAV or FLAC, seconds, from its header (no decoding). */
function seconds(path: string): number {
  const head = Buffer.alloc(42);
  const fd = openSync(path, 'r');
  try { readSync(fd, head, 0, 42, 0); } finally { closeSync(fd); }
  if (head.toString('latin1', 0, 4) === 'fLaC') {
    const rate = (head[18]! << 12) | (head[19]! << 4) | (head[20]! >> 4);
    const total = flacTotalSamples(head);
    if (rate > 0 && total > 0) return total / rate;
  } else if (head.toString('latin1', 8, 12) === 'WAVE') {
    const info = probeWav(path);
    return info.frames / info.sampleRate;
  }
  throw new ApiError('invalid_input', `${path} is not a WAV or FLAC chapter export.`, 'Export the chapters as WAV or FLAC first; the M4B is made from them.');
}

/** ffmetadata escapes: = ; # \ and newlines. */
const meta = (s: string): string => s.replace(/[=;#\\\n]/g, (c) => `\\${c === '\n' ? '\n' : c}`);

export function ffmetadata(input: Pick<M4bInput, 'title' | 'author' | 'narrator' | 'year'>, chapters: M4bResult['chapters']): string {
  const lines = [';FFMETADATA1', `title=${meta(input.title)}`, `album=${meta(input.title)}`, `artist=${meta(input.author)}`, `album_artist=${meta(input.author)}`, 'genre=Audiobook'];
  if (input.narrator) lines.push(`composer=${meta(input.narrator)}`);
  if (input.year) lines.push(`date=${meta(input.year)}`);
  for (const c of chapters) {
    lines.push('', '[CHAPTER]', 'TIMEBASE=1/1000', `START=${Math.round(c.start * 1000)}`, `END=${Math.round(c.end * 1000)}`, `title=${meta(c.title)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Encodes the chapters, in order, into one AAC .m4b with a chapter mark each. Atomic: a temp file renamed at the end. */
export async function exportBookM4b(input: M4bInput, hooks: { onProgress?: (step: string, current: number, total: number) => void; signal?: AbortSignal } = {}): Promise<M4bResult> {
  if (input.chapters.length === 0) throw new ApiError('invalid_input', 'The book has no exported chapters to put in the M4B.', 'Export the chapters first.');
  const tools = findFfmpeg({ configured: input.ffmpegPath ?? null });
  if (!tools) throw ffmpegMissingError();
  const chapters: M4bResult['chapters'] = [];
  let at = 0;
  for (const c of input.chapters) {
    if (!existsSync(c.path)) throw new ApiError('not_found', `The audio of chapter "${c.title}" is missing: ${c.path}.`, 'Export that chapter again.');
    const len = seconds(c.path);
    chapters.push({ title: c.title, start: at, end: at + len });
    at += len;
  }
  if (input.coverPath && !existsSync(input.coverPath)) throw new ApiError('not_found', `The cover image ${input.coverPath} is missing.`, 'Choose the cover again, or export without one.');
  const dir = dirname(input.outPath);
  const stem = `.${basename(input.outPath)}.${process.pid}`;
  const list = join(dir, `${stem}.list.txt`), metaFile = join(dir, `${stem}.meta.txt`), temp = join(dir, `${stem}.partial.m4b`);
  const cleanup = (): void => { for (const f of [list, metaFile, temp]) rmSync(f, { force: true }); };
  // The concat demuxer's list: one quoted path per line ('\'' escapes a quote).
  writeFileSync(list, input.chapters.map((c) => `file '${c.path.replace(/'/g, "'\\''")}'`).join('\n') + '\n');
  writeFileSync(metaFile, ffmetadata(input, chapters));
  const args = ['-hide_banner', '-nostdin', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-i', metaFile];
  if (input.coverPath) args.push('-i', input.coverPath);
  args.push('-map', '0:a', '-map_metadata', '1', '-map_chapters', '1');
  if (input.coverPath) args.push('-map', '2:v', '-c:v', 'copy', '-disposition:v:0', 'attached_pic');
  args.push('-c:a', 'aac', '-b:a', `${input.bitrateKbps ?? 64}k`, '-ar', '44100', '-movflags', '+faststart', '-progress', 'pipe:1', '-nostats', '-f', 'mp4', temp);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      let stderr = '';
      const onAbort = (): void => { child.kill('SIGTERM'); };
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-4000); });
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        const m = /out_time_us=(\d+)/.exec(d);
        if (m) hooks.onProgress?.('encoding the M4B', Math.min(at, Number(m[1]) / 1e6), at);
      });
      child.on('error', (e) => reject(new ApiError('internal', `ffmpeg could not be started: ${e.message}`, 'Check the ffmpeg path in Settings.')));
      child.on('close', (code) => {
        hooks.signal?.removeEventListener('abort', onAbort);
        if (hooks.signal?.aborted) reject(hooks.signal.reason instanceof Error ? hooks.signal.reason : new ApiError('cancelled', 'The M4B export was cancelled.'));
        else if (code === 0) resolve();
        else reject(new ApiError('internal', `ffmpeg could not make the M4B (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`, 'Check that the chapter files and the cover open in a player; the message above is ffmpeg\'s.'));
      });
    });
    const fd = openSync(temp, 'r+');
    try { fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(temp, input.outPath);
  } finally {
    cleanup();
  }
  return { path: input.outPath, chapters, durationSeconds: at, ffmpeg: tools.ffmpeg };
}
