// The job that imports a folder of existing recordings into a speaker's corpus: copied, checked, then committed in one transaction.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { extname, join } from 'node:path';
import type { z } from 'zod';
import type { corpusCalls } from '../../shared/domains/corpus';
import { ApiError } from '../../shared/errors';
import { decodeAudio } from '../audio/decode';
import * as repo from '../db/corpus.repo';
import type { JobContext } from '../jobs/job-runner';
import type { Workspace } from '../workspace/workspace';
import type { CorpusService } from './corpus.service';
import { newestPerPrompt, scanTakesFolder, TakesFolderError } from './takes-import';

type Params = z.output<(typeof corpusCalls)['corpus:importTakes']['input']>;

export interface TakesImportResult {
  imported: number;
  /** Older retakes left out (keep: newest). */
  skippedRetakes: number;
  prompts: number;
  newPrompts: number;
  seconds: number;
  failing: number;
  warnings: string[];
}

function mono(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(channels[0]!.length);
  for (const c of channels) for (let i = 0; i < out.length; i++) out[i]! += c[i]! / channels.length;
  return out;
}

export async function runTakesImport(ws: Workspace, corpus: CorpusService, ctx: JobContext<Params>): Promise<TakesImportResult> {
  const { speakerId, path, keep } = ctx.params;
  if (!repo.getSpeaker(ws.db, speakerId)) throw new ApiError('not_found', `There is no speaker ${speakerId}.`);
  let scanned;
  try {
    scanned = scanTakesFolder(path);
  } catch (err) {
    if (!(err instanceof TakesFolderError)) throw err;
    const list = err.problems.slice(0, 8).join('; ');
    throw new ApiError('invalid_input', `${err.message}${list ? ` ${list}${err.problems.length > 8 ? `; and ${err.problems.length - 8} more` : ''}` : ''}`, err.hint);
  }
  const selected = keep === 'newest' ? newestPerPrompt(scanned.takes) : scanned.takes;
  const warnings: string[] = [...scanned.warnings];
  let newPrompts = 0;
  for (const p of scanned.prompts) {
    const existing = repo.promptIdByKey(ws.db, speakerId, p.key);
    if (existing === null) newPrompts++;
    else if (repo.getPrompt(ws.db, existing)!.text !== p.text) warnings.push(`${p.key} is already in the script with another text; the script's text was kept.`);
  }

  const dir = join(ws.root, 'takes', String(speakerId));
  mkdirSync(dir, { recursive: true });
  // A tag per import keeps file names unique even when the same folder is imported twice.
  const tag = randomBytes(3).toString('hex');
  const baseline = repo.speakerBaseline(ws.db, speakerId);
  const written: string[] = [];
  const rows: repo.ImportedTake[] = [];
  const unreadable: string[] = [];
  try {
    for (let i = 0; i < selected.length; i++) {
      if (ctx.signal.aborted) throw new ApiError('cancelled', 'The import was cancelled; nothing was imported.');
      ctx.progress('Checking recordings', i, selected.length);
      // Yield between files so calls from the studio go through during a long import.
      await new Promise((r) => setImmediate(r));
      const t = selected[i]!;
      let audio;
      try {
        audio = await decodeAudio(readFileSync(t.file));
      } catch (err) {
        unreadable.push(`${t.id}: ${(err as Error).message}`);
        continue;
      }
      const samples = mono(audio.channels);
      const checked = corpus.check(speakerId, t.text, samples, audio.sampleRate);
      const name = `${t.id}-${tag}${extname(t.file).toLowerCase()}`;
      copyFileSync(t.file, join(dir, name));
      written.push(join(dir, name));
      rows.push({
        promptKey: t.key, path: `takes/${speakerId}/${name}`, sampleRate: audio.sampleRate, seconds: checked.seconds,
        verdict: checked.verdict, report: { ...checked.report, source: t.file }, createdAt: new Date(t.time * 1000).toISOString(),
      });
    }
    if (unreadable.length > 0) {
      throw new ApiError('invalid_input', `${unreadable.length} recording(s) could not be read; nothing was imported. ${unreadable.slice(0, 5).join('; ')}`,
        'Replace or remove the files named (and their transcript lines), then import again.');
    }
    ctx.progress('Adding takes', selected.length, selected.length);
    repo.insertImportedTakes(ws.db, speakerId, scanned.prompts, rows);
  } catch (err) {
    // All or nothing: the copies go, and the speaker's baseline is as it was.
    for (const f of written) rmSync(f, { force: true });
    if (baseline !== null) repo.setSpeakerBaseline(ws.db, speakerId, baseline);
    else repo.clearSpeakerBaseline(ws.db, speakerId);
    throw err;
  }
  return {
    imported: rows.length, skippedRetakes: scanned.takes.length - selected.length, prompts: scanned.prompts.length, newPrompts,
    seconds: rows.reduce((a, r) => a + r.seconds, 0), failing: rows.filter((r) => r.verdict === 'fail').length, warnings,
  };
}
