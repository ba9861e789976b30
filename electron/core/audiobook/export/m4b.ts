// M4B with chapter marks from the chapters' WAV masters, through ffmpeg when the machine has it (the studio ships no AAC encoder).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { probeWav } from '../../audio/wav-stream';

export interface M4bChapter { title: string; wav: string }
export interface M4bRequest { chapters: M4bChapter[]; out: string; title: string; author: string; signal?: AbortSignal; bitrateKbps?: number }
export type M4bOutcome = { ok: true; path: string; chapters: { title: string; start: number; end: number }[] } | { ok: false; reason: string };

const INSTALL = 'Install ffmpeg to get M4B (Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg), '
  + 'or set VOICEWRIGHT_FFMPEG to its path, then export again. WAV, FLAC and MP3 do not need it.';

/** ffmpeg from VOICEWRIGHT_FFMPEG or PATH, or null. */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.VOICEWRIGHT_FFMPEG ? [env.VOICEWRIGHT_FFMPEG]
    : (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg'));
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const r = spawnSync(c, ['-hide_banner', '-version'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0) return c;
  }
  return null;
}

/** ffmetadata text: book tags and one CHAPTER block per chapter in milliseconds (escaping what ffmetadata treats as syntax). */
export function ffmetadata(title: string, author: string, chapters: { title: string; start: number; end: number }[]): string {
  const esc = (s: string): string => s.replace(/[=;#\\\n]/g, (c) => `\\${c}`);
  const lines = [';FFMETADATA1', `title=${esc(title)}`, `artist=${esc(author)}`, `album=${esc(title)}`, 'genre=Audiobook'];
  for (const c of chapters) {
    lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${Math.round(c.start * 1000)}`, `END=${Math.round(c.end * 1000)}`, `title=${esc(c.title)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes req.out whole (temp file + rename) or not at all; a missing ffmpeg is an outcome, not an error. */
export async function buildM4b(req: M4bRequest): Promise<M4bOutcome> {
  const ffmpeg = findFfmpeg();
  if (!ffmpeg) return { ok: false, reason: `No M4B: ffmpeg was not found on this machine. ${INSTALL}` };
  const marks: { title: string; start: number; end: number }[] = [];
  let at = 0;
  for (const c of req.chapters) {
    const h = probeWav(c.wav);
    const seconds = h.frames / h.sampleRate;
    marks.push({ title: c.title, start: at, end: at + seconds });
    at += seconds;
  }
  const tmp = `${req.out}.tmp-${process.pid}`;
  const meta = `${req.out}.ffmetadata-${process.pid}.txt`;
  const list = `${req.out}.concat-${process.pid}.txt`;
  writeFileSync(meta, ffmetadata(req.title, req.author, marks));
  // The concat demuxer joins the masters sample-exactly (same format each), so the marks fall where the chapters start.
  writeFileSync(list, req.chapters.map((c) => `file '${c.wav.replace(/'/g, "'\\''")}'`).join('\n'));
  const args = ['-hide_banner', '-nostdin', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-i', meta, '-map', '0:a', '-map_metadata', '1', '-map_chapters', '1',
    '-c:a', 'aac', '-b:a', `${req.bitrateKbps ?? 64}k`, '-movflags', '+faststart', '-f', 'mp4', tmp];
  try {
    const err = await new Promise<string | null>((resolve) => {
      const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
      const abort = (): void => { child.kill('SIGTERM'); };
      req.signal?.addEventListener('abort', abort, { once: true });
      child.on('error', (e) => resolve(e.message));
      child.on('close', (code) => {
        req.signal?.removeEventListener('abort', abort);
        resolve(code === 0 ? null : `ffmpeg exited with ${code}: ${stderr.trim().split('\n').slice(-2).join(' ')}`);
      });
    });
    if (req.signal?.aborted) return { ok: false, reason: 'The M4B was cancelled.' };
    if (err) return { ok: false, reason: `No M4B: ${err}` };
    renameSync(tmp, req.out);
    return { ok: true, path: req.out, chapters: marks };
  } finally {
    for (const f of [tmp, meta, list]) rmSync(f, { force: true });
  }
}
