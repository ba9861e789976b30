// Dataset jobs: build from a speaker's takes, import an LJSpeech folder, export one; builds and imports register the result in the workspace.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { z } from 'zod';
import { BuildReportSchema, type datasetCalls } from '../../shared/domains/datasets';
import { ApiError } from '../../shared/errors';
import { getSpeaker, takesForDataset } from '../db/corpus.repo';
import { datasetNameTaken, datasetPath, insertDataset } from '../db/datasets.repo';
import { listEntries } from '../db/lexicon.repo';
import { lexiconFromEntries } from '../text/g2p-phonemes';
import type { JobContext } from '../jobs/job-runner';
import type { Workspace } from '../workspace/workspace';
import { writeFileAtomic } from '../fs/atomic';
import { buildDataset, defaultBuildOptions } from './dataset-build';
import { exportDatasetFolder, exportTargetProblem } from './dataset-export';
import { DatasetFormatError, DatasetJsonSchema, splitTrainVal } from './dataset-format';
import { copyDatasetFolder, scanLjspeechFolder } from './ljspeech-io';
import { folderName } from '../fs/folder-name';

type In<K extends keyof typeof datasetCalls> = z.output<(typeof datasetCalls)[K]['input']>;


function asApiError(err: unknown): never {
  if (err instanceof DatasetFormatError) {
    const list = err.problems.slice(0, 8).join('; ');
    throw new ApiError('invalid_input', `${err.message}${list ? ` ${list}${err.problems.length > 8 ? `; and ${err.problems.length - 8} more` : ''}` : ''}`, err.hint);
  }
  throw err;
}

export class DatasetsService {
  constructor(private readonly ws: Workspace) {
    ws.jobs.register('datasets:build', (ctx: JobContext<In<'datasets:build'>>) => this.runBuild(ctx));
    ws.jobs.register('datasets:importFolder', (ctx: JobContext<In<'datasets:importFolder'>>) => this.runImport(ctx));
    ws.jobs.register('datasets:export', (ctx: JobContext<In<'datasets:export'>>) => this.runExport(ctx));
  }

  /** Workspace-relative, '/'-separated: what the media protocol plays. */
  private rel(abs: string): string {
    return relative(this.ws.root, abs).split(sep).join('/');
  }

  private datasetDir(datasetId: number): string {
    const rel = datasetPath(this.ws.db, datasetId);
    if (rel === null) throw new ApiError('not_found', `There is no dataset ${datasetId}.`);
    const dir = join(this.ws.root, rel);
    if (!existsSync(join(dir, 'metadata.csv'))) {
      throw new ApiError('not_found', `The folder of dataset ${datasetId} (${rel}) is gone or has no metadata.csv.`, 'Build or import the dataset again.');
    }
    return dir;
  }

  private checkName(name: string): string {
    if (datasetNameTaken(this.ws.db, name) || existsSync(join(this.ws.root, 'datasets', folderName(name)))) {
      throw new ApiError('conflict', `A dataset named ${name} already exists.`, 'Choose another name.');
    }
    return folderName(name);
  }

  build(input: In<'datasets:build'>): { job: number } {
    const speaker = getSpeaker(this.ws.db, input.speakerId);
    if (!speaker) throw new ApiError('not_found', `There is no speaker ${input.speakerId}.`);
    this.checkName(input.name);
    if (takesForDataset(this.ws.db, input.speakerId, input.selection).length === 0) {
      throw new ApiError('conflict', `${speaker.name} has no ${input.selection === 'accepted' ? 'accepted ' : ''}takes to build from.`,
        input.selection === 'accepted' ? 'Accept takes in Record, or build from the best take of each prompt.' : 'Record some prompts first.');
    }
    return { job: this.ws.jobs.start('datasets:build', `Build dataset ${input.name}`, input).id };
  }

  importFolder(input: In<'datasets:importFolder'>): { job: number } {
    this.checkName(input.name);
    const dir = resolve(input.path);
    if (!existsSync(join(dir, 'metadata.csv'))) {
      throw new ApiError('not_found', `${dir} has no metadata.csv.`, 'Pick the folder that holds metadata.csv and the clips (LJSpeech layout).');
    }
    return { job: this.ws.jobs.start('datasets:importFolder', `Import dataset ${input.name}`, { ...input, path: dir }).id };
  }

  report(datasetId: number): z.infer<typeof BuildReportSchema> | null {
    const rel = datasetPath(this.ws.db, datasetId);
    if (rel === null) throw new ApiError('not_found', `There is no dataset ${datasetId}.`);
    const file = join(this.ws.root, rel, 'report.json');
    if (!existsSync(file)) return null;
    const parsed = BuildReportSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  }

  exportTo(input: In<'datasets:export'>): { job: number } {
    const source = this.datasetDir(input.datasetId);
    const target = resolve(input.path);
    const problem = exportTargetProblem(source, target);
    if (problem) throw new ApiError('conflict', problem.message, problem.hint);
    return { job: this.ws.jobs.start('datasets:export', `Export dataset to ${target}`, { ...input, path: target }).id };
  }

  private async runExport(ctx: JobContext<In<'datasets:export'>>): Promise<unknown> {
    const source = this.datasetDir(ctx.params.datasetId);
    try {
      const done = await exportDatasetFolder(source, ctx.params.path, (d, t) => ctx.progress('Copying files', d, t), ctx.signal);
      return { path: ctx.params.path, ...done };
    } catch (err) {
      asApiError(err);
    }
  }

  private async runBuild(ctx: JobContext<In<'datasets:build'>>): Promise<unknown> {
    const p = ctx.params;
    const speaker = getSpeaker(this.ws.db, p.speakerId)!;
    const rel = `datasets/${folderName(p.name)}`;
    const sources = takesForDataset(this.ws.db, p.speakerId, p.selection)
      .map((t) => ({ id: t.key.replace(/[^A-Za-z0-9_.-]+/g, '_'), text: t.text, wavPath: join(this.ws.root, t.path), trimStart: t.trimStart, trimEnd: t.trimEnd }));
    const built = await buildDataset(sources, join(this.ws.root, rel),
      // The workspace lexicon (not a book's) decides how an IPA dataset's words are phonemized.
      { ...defaultBuildOptions, name: p.name, language: speaker.language, sampleRate: p.sampleRate, valFraction: p.valFraction, lexicon: lexiconFromEntries(listEntries(this.ws.db, null)) },
      { signal: ctx.signal, progress: (step, done, total) => ctx.progress(step, done, total) });
    const report = BuildReportSchema.parse({ ...built, outliers: built.outliers.map((o) => ({ ...o, audio: o.audio === null ? null : this.rel(o.audio) })) });
    writeFileAtomic(join(this.ws.root, rel, 'report.json'), JSON.stringify(report));
    const id = insertDataset(this.ws.db, p.name, rel, p.sampleRate, report.utterances);
    return { datasetId: id, utterances: report.utterances, rejected: report.rejected, seconds: report.seconds };
  }

  private async runImport(ctx: JobContext<In<'datasets:importFolder'>>): Promise<unknown> {
    const p = ctx.params;
    const rel = `datasets/${folderName(p.name)}`;
    try {
      const scanned = scanLjspeechFolder(p.path, (d, t) => ctx.progress('Checking clips', d, t));
      const ids = scanned.rows.map((r) => r.id);
      const split = scanned.meta ? { train: scanned.meta.train, val: scanned.meta.val } : splitTrainVal(ids, 0.05);
      const secs = scanned.rows.map((r) => r.seconds);
      const meta = DatasetJsonSchema.parse({
        formatVersion: 1, name: p.name, sampleRate: scanned.sampleRate, language: scanned.meta?.language ?? 'en-US',
        textFrontend: scanned.meta?.textFrontend ?? 'nvidia-english', symbolSet: scanned.meta?.symbolSet ?? 'nvidia-tacotron2-english',
        ...(scanned.meta?.symbols ? { symbols: scanned.meta.symbols } : {}), ...(scanned.meta?.phonemizer ? { phonemizer: scanned.meta.phonemizer } : {}),
        train: split.train, val: split.val,
        statistics: { utterances: ids.length, seconds: scanned.seconds, minSeconds: Math.min(...secs), maxSeconds: Math.max(...secs), charsPerSecond: 0 },
        createdAt: new Date().toISOString(), createdBy: `Imported from ${p.path}`,
      });
      await new Promise((r) => setImmediate(r));
      copyDatasetFolder(scanned, join(this.ws.root, rel), meta, (d, t) => ctx.progress('Copying clips', d, t));
      const id = insertDataset(this.ws.db, p.name, rel, scanned.sampleRate, ids.length);
      return { datasetId: id, utterances: ids.length, seconds: scanned.seconds };
    } catch (err) {
      asApiError(err);
    }
  }
}
