// The corpus recorder's backend: speakers, scripts, and takes appended to disk chunk by chunk as they are recorded.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { JobContext } from '../jobs/job-runner';
import { runTakesImport } from './takes-import.job';
import { runSelectScript, scriptCoverage } from './script-selection';
import { createG2p, type G2p } from '../text/g2p';
import type { z } from 'zod';
import type { corpusCalls, Take } from '../../shared/domains/corpus';
import { ApiError } from '../../shared/errors';
import * as repo from '../db/corpus.repo';
import { decodeWav } from '../audio/wav';
import { repairWav, WavFileWriter } from '../audio/wav-file';
import { marginAround } from '../audio/dsp';
import { importPrompts } from './prompts-import';
import { checkTake, updateBaseline, type SpeakerBaseline } from './take-checks';
import type { Workspace } from '../workspace/workspace';

type Out<K extends keyof typeof corpusCalls> = z.output<(typeof corpusCalls)[K]['output']>;
type In<K extends keyof typeof corpusCalls> = z.output<(typeof corpusCalls)[K]['input']>;

/** The margin the dataset builder keeps around speech; the review shows the automatic trim with the same margin. */
export const AUTO_TRIM_MARGIN_MS = 150;

export interface CheckedTake { seconds: number; verdict: Take['verdict']; report: { checks: Take['checks']; outlier: boolean } & Record<string, unknown> }

interface OpenTake { writer: WavFileWriter; nextSeq: number; sampleRate: number; frames: number }

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80) || 'prompt';

export class CorpusService {
  private readonly open = new Map<number, OpenTake>();

  private g2pEngine: Promise<G2p> | null = null;
  /** espeak-ng in WebAssembly loads once, on first use. */
  private readonly g2p = (): Promise<G2p> => (this.g2pEngine ??= createG2p());

  constructor(private readonly ws: Workspace) {
    ws.jobs.register('corpus:importTakes', (ctx: JobContext<In<'corpus:importTakes'>>) => runTakesImport(ws, this, ctx));
    ws.jobs.register('corpus:selectScript', (ctx: JobContext<In<'corpus:selectScript'>>) => runSelectScript(ws, this.g2p, ctx));
  }

  selectScript(input: In<'corpus:selectScript'>): Out<'corpus:selectScript'> {
    const s = this.speaker(input.speakerId);
    return { job: this.ws.jobs.start('corpus:selectScript', `Choose ${input.count} prompts for ${s.name}`, input).id };
  }

  coverage(input: In<'corpus:coverage'>): Promise<Out<'corpus:coverage'>> {
    return scriptCoverage(this.ws, this.g2p, input);
  }

  addFromPool({ speakerId, keys }: In<'corpus:addFromPool'>): Out<'corpus:addFromPool'> {
    this.speaker(speakerId);
    return { added: repo.addFromPool(this.ws.db, speakerId, keys) };
  }

  importTakes(input: In<'corpus:importTakes'>): Out<'corpus:importTakes'> {
    const s = this.speaker(input.speakerId);
    const dir = resolve(input.path);
    if (!existsSync(dir)) throw new ApiError('not_found', `${dir} does not exist.`, 'Pick the folder that holds the recordings and their transcript.');
    return { job: this.ws.jobs.start('corpus:importTakes', `Import recordings for ${s.name}`, { ...input, path: dir }).id };
  }

  /** At start-up: takes a crash left in 'recording' get their WAV header repaired and are checked like any take. */
  recover(): number {
    let n = 0;
    for (const t of repo.recordingTakes(this.ws.db)) {
      const abs = join(this.ws.root, t.path);
      if (t.path === '' || !existsSync(abs) || statSync(abs).size <= 80) {
        repo.finishTakeRow(this.ws.db, t.id, 'recovered', 0, 'fail', { checks: [{ id: 'too_short', level: 'fail', value: 0, message: 'The studio stopped before any audio of this take reached the disk.' }] });
      } else {
        repairWav(abs);
        this.evaluate(t.id, 'recovered');
      }
      n++;
    }
    return n;
  }

  createSpeaker({ name, language }: In<'corpus:createSpeaker'>): Out<'corpus:createSpeaker'> {
    try {
      return this.speaker(repo.insertSpeaker(this.ws.db, name, language));
    } catch (err) {
      if (/UNIQUE/.test((err as Error).message)) throw new ApiError('conflict', `There is already a speaker named ${name}.`, 'Choose another name.');
      throw err;
    }
  }

  speaker(speakerId: number): Out<'corpus:getSpeaker'> {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    const s = repo.getSpeaker(this.ws.db, speakerId, midnight.toISOString());
    if (!s) throw new ApiError('not_found', `There is no speaker ${speakerId}.`);
    return s;
  }

  importScript(input: In<'corpus:importScript'>): Out<'corpus:importScript'> {
    const language = repo.speakerLanguage(this.ws.db, input.speakerId);
    if (!language) throw new ApiError('not_found', `There is no speaker ${input.speakerId}.`);
    const bytes = Buffer.from(input.content, 'base64');
    const result = importPrompts(bytes, {
      ...(input.format ? { format: input.format } : {}),
      ...(input.encoding ? { encoding: input.encoding } : {}),
      language: language.startsWith('de') ? 'de' : 'en',
    });
    if (!result.ok) {
      const e = result.error;
      throw new ApiError('invalid_input', `${input.fileName}: ${e.message}`,
        e.suggestedEncoding ? `Import it again with the encoding ${e.suggestedEncoding}, or save it as UTF-8.` : 'Nothing was imported; fix the lines named and try again.');
    }
    const { added, skipped } = repo.appendPrompts(this.ws.db, input.speakerId, result.value.prompts.map((p) => ({ key: p.id, text: p.text })));
    const warnings = result.value.warnings.map((w) => w.message);
    if (skipped > 0) warnings.push(`${skipped} prompt id(s) were already in this speaker's script and were kept as they were.`);
    return { imported: added, duplicates: result.value.duplicates, warnings, format: result.value.format };
  }

  listPrompts({ speakerId, offset, limit }: In<'corpus:listPrompts'>): Out<'corpus:listPrompts'> {
    this.speaker(speakerId);
    return { total: repo.countPrompts(this.ws.db, speakerId), prompts: repo.listPrompts(this.ws.db, speakerId, offset, limit) };
  }

  setPosition({ speakerId, position }: In<'corpus:setPosition'>): Out<'corpus:setPosition'> {
    const total = repo.countPrompts(this.ws.db, speakerId);
    repo.setScriptPosition(this.ws.db, speakerId, Math.min(position, Math.max(0, total - 1)));
    return this.speaker(speakerId);
  }

  startTake({ speakerId, promptId, sampleRate }: In<'corpus:startTake'>): Out<'corpus:startTake'> {
    const prompt = repo.getPrompt(this.ws.db, promptId);
    if (!prompt || prompt.speakerId !== speakerId) throw new ApiError('not_found', `Prompt ${promptId} is not in this speaker's script.`);
    const takeId = repo.insertTake(this.ws.db, speakerId, promptId, sampleRate);
    const dir = join(this.ws.root, 'takes', String(speakerId));
    mkdirSync(dir, { recursive: true });
    const abs = join(dir, `${safeName(prompt.key)}-${takeId}.wav`);
    const path = relative(this.ws.root, abs).split('\\').join('/');
    repo.setTakePath(this.ws.db, takeId, path);
    // Float samples: the raw take keeps everything the microphone gave; datasets convert later.
    this.open.set(takeId, { writer: new WavFileWriter(abs, { channels: 1, sampleRate, format: 'float32' }), nextSeq: 0, sampleRate, frames: 0 });
    return { takeId, path };
  }

  appendTake({ takeId, seq, samples }: In<'corpus:appendTake'>): Out<'corpus:appendTake'> {
    const t = this.open.get(takeId);
    if (!t) throw new ApiError('conflict', `Take ${takeId} is not being recorded.`, 'Start a new take.');
    if (seq !== t.nextSeq) throw new ApiError('conflict', `Chunk ${seq} of take ${takeId} arrived, but chunk ${t.nextSeq} was expected.`, 'Record the take again.');
    const bytes = Buffer.from(samples, 'base64');
    if (bytes.length % 4 !== 0) throw new ApiError('invalid_input', 'Audio chunks must hold whole 32-bit float samples.');
    const chunk = new Float32Array(bytes.length / 4);
    for (let i = 0; i < chunk.length; i++) chunk[i] = bytes.readFloatLE(i * 4);
    t.writer.append(chunk);
    // Header and data reach the disk with every chunk: a crash loses at most the chunk in flight.
    t.writer.flush();
    t.nextSeq++;
    t.frames += chunk.length;
    return { seconds: t.frames / t.sampleRate };
  }

  finishTake({ takeId }: In<'corpus:finishTake'>): Take {
    const t = this.open.get(takeId);
    if (!t) {
      const existing = repo.getTake(this.ws.db, takeId);
      if (existing && existing.state !== 'recording') return existing;
      throw new ApiError('not_found', `Take ${takeId} is not being recorded.`);
    }
    t.writer.close();
    this.open.delete(takeId);
    return this.evaluate(takeId, 'done');
  }

  private evaluate(takeId: number, state: Take['state']): Take {
    const row = repo.getTake(this.ws.db, takeId)!;
    const prompt = row.promptId === null ? null : repo.getPrompt(this.ws.db, row.promptId);
    const wav = decodeWav(readFileSync(join(this.ws.root, row.path)));
    const checked = this.check(row.speakerId, prompt?.text ?? '', wav.channels[0]!, wav.sampleRate);
    repo.finishTakeRow(this.ws.db, takeId, state, checked.seconds, checked.verdict, checked.report);
    return repo.getTake(this.ws.db, takeId)!;
  }

  /** Checks a take against the speaker's baseline and folds it into the baseline unless it failed. */
  check(speakerId: number, promptText: string, audio: Float32Array, sampleRate: number): CheckedTake {
    const stored = repo.speakerBaseline(this.ws.db, speakerId);
    const baseline = stored ? (JSON.parse(stored) as SpeakerBaseline) : null;
    const report = checkTake(audio, sampleRate, promptText, baseline);
    // The checks already found where speech is; the automatic trim is that span plus the dataset margin.
    const view = marginAround(report.sound, audio.length, sampleRate, AUTO_TRIM_MARGIN_MS);
    if (report.verdict !== 'fail') repo.setSpeakerBaseline(this.ws.db, speakerId, JSON.stringify(updateBaseline(baseline, report)));
    return {
      seconds: audio.length / sampleRate,
      verdict: report.verdict,
      report: {
        checks: report.checks.map((c) => ({ ...c, value: Number.isFinite(c.value) ? c.value : null })),
        charsPerSecond: report.charsPerSecond, medianF0: report.medianF0, loudnessLufs: Number.isFinite(report.measures.loudnessLufs) ? report.measures.loudnessLufs : null,
        outlier: report.outlier,
        autoTrim: view.end > view.start ? { start: view.start / sampleRate, end: view.end / sampleRate } : null,
      },
    };
  }

  listTakes({ speakerId, promptId }: In<'corpus:listTakes'>): Take[] {
    return repo.listTakes(this.ws.db, speakerId, promptId);
  }

  setTakeState({ takeId, state }: In<'corpus:setTakeState'>): Take {
    const t = repo.getTake(this.ws.db, takeId);
    if (!t) throw new ApiError('not_found', `There is no take ${takeId}.`);
    if (t.state === 'recording') throw new ApiError('conflict', 'The take is still being recorded.');
    repo.setTakeState(this.ws.db, takeId, state);
    // A rejected take cannot stay the prompt's choice.
    if (state === 'rejected' && t.chosen && t.promptId !== null) repo.setChosenTake(this.ws.db, t.promptId, null);
    return repo.getTake(this.ws.db, takeId)!;
  }

  flagTake({ takeId, flag, note }: In<'corpus:flagTake'>): Take {
    const t = repo.getTake(this.ws.db, takeId);
    if (!t) throw new ApiError('not_found', `There is no take ${takeId}.`);
    repo.setTakeFlags(this.ws.db, takeId, [...t.flags, { flag, note }]);
    return repo.getTake(this.ws.db, takeId)!;
  }

  reviewTakes({ speakerId, filter, search, offset, limit }: In<'corpus:reviewTakes'>): Out<'corpus:reviewTakes'> {
    this.speaker(speakerId);
    return { ...repo.reviewTakes(this.ws.db, speakerId, filter, search, offset, limit), counts: repo.reviewCounts(this.ws.db, speakerId) };
  }

  setTrim({ takeId, trim }: In<'corpus:setTrim'>): Take {
    const t = this.finishedTake(takeId);
    if (trim && (trim.end <= trim.start || trim.end > t.seconds + 1e-3)) {
      throw new ApiError('invalid_input', `Trim ${trim.start.toFixed(2)}–${trim.end.toFixed(2)} s does not fit the take (0–${t.seconds.toFixed(2)} s).`,
        'The end must come after the start and inside the take.');
    }
    // Trim points are derived data: the raw take on disk is never changed.
    repo.setTakeTrim(this.ws.db, takeId, trim && { start: trim.start, end: Math.min(trim.end, t.seconds) });
    return repo.getTake(this.ws.db, takeId)!;
  }

  chooseTake({ takeId, chosen }: In<'corpus:chooseTake'>): Take {
    const t = this.finishedTake(takeId);
    if (t.promptId === null) throw new ApiError('conflict', 'This take reads no prompt of the script.');
    if (chosen && t.state === 'rejected') throw new ApiError('conflict', 'A rejected take cannot be the chosen one.', 'Accept it first, or choose another take.');
    if (chosen) repo.setChosenTake(this.ws.db, t.promptId, takeId);
    else if (t.chosen) repo.setChosenTake(this.ws.db, t.promptId, null);
    return repo.getTake(this.ws.db, takeId)!;
  }

  private finishedTake(takeId: number): Take {
    const t = repo.getTake(this.ws.db, takeId);
    if (!t) throw new ApiError('not_found', `There is no take ${takeId}.`);
    if (t.state === 'recording') throw new ApiError('conflict', 'The take is still being recorded.');
    return t;
  }

  /** Closing the studio mid-take keeps what was recorded: it is finished and checked like a recovered take. */
  close(): void {
    for (const [takeId, t] of this.open) {
      t.writer.close();
      try { this.evaluate(takeId, 'recovered'); } catch { /* the next start-up recovers it */ }
    }
    this.open.clear();
  }
}
