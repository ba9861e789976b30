// `voicewright synth`: text or a text file → WAV with a voice package, a progress bar on stderr, then the slip flags, the provider and the real-time factor.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ApiError } from '../../shared/errors';
import { lexiconJsonSchema, type LexiconJson } from '../text/lexicon';
import { providerNames } from './execution-providers';
import { formatFlags, SpeechWriter } from './speech-writer';
import { SynthEngine } from './synth-engine';
import { speak } from './synth-pipeline';

const USAGE = `Usage: voicewright synth --voice DIR (--text "..." | --file chapter.txt) --out out.wav
         [--vocoder NAME] [--batch N] [--ep auto|cpu|cuda|dml|coreml] [--int8] [--seed N] [--threads N] [--lexicon lexicon.json] [--json]`;

const SynthArgs = z.object({
  voice: z.string({ error: '--voice DIR is required (the folder that holds voice.json)' }).min(1),
  text: z.string().optional(),
  file: z.string().optional(),
  out: z.string({ error: '--out FILE.wav is required' }).min(1),
  vocoder: z.string().optional(),
  batch: z.coerce.number().int().min(1).max(64).default(8),
  ep: z.enum(['auto', ...providerNames]).default('auto'),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
  threads: z.coerce.number().int().min(1).max(64).default(2),
  'fixed-steps': z.coerce.number().int().positive().optional(),
  lexicon: z.string().optional(),
  int8: z.boolean().default(false),
  json: z.boolean().default(false),
}).refine((a) => (a.text === undefined) !== (a.file === undefined), { message: 'give exactly one of --text "..." or --file chapter.txt' });

class UsageError extends Error {}

function bar(done: number, total: number, startedAt: number): string {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  const elapsed = (performance.now() - startedAt) / 1000;
  const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} sentences, ${elapsed.toFixed(1)} s${Number.isFinite(eta) ? `, ~${eta.toFixed(0)} s left` : ''}`;
}

/** A lexicon file as the studio writes it ({version: 1, entries: [{word, respelling | ipa}]}). */
function readLexicon(path: string): LexiconJson['entries'] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (e) {
    throw new ApiError('invalid_input', `Cannot read the lexicon ${path}: ${(e as Error).message}`, 'Give a lexicon.json exported from the studio.');
  }
  const parsed = lexiconJsonSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError('invalid_input', `${path} is not a lexicon: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      'A lexicon is {"version": 1, "entries": [{"word": "Nguyen", "respelling": "win"}]}.');
  }
  return parsed.data.entries;
}

async function synth(argv: string[]): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv, allowPositionals: false,
      options: {
        voice: { type: 'string' }, text: { type: 'string' }, file: { type: 'string' }, out: { type: 'string' }, vocoder: { type: 'string' },
        batch: { type: 'string' }, ep: { type: 'string' }, seed: { type: 'string' }, threads: { type: 'string' }, 'fixed-steps': { type: 'string' },
        lexicon: { type: 'string' }, int8: { type: 'boolean' }, json: { type: 'boolean' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const parsed = SynthArgs.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}: ` : ''}${i.message}`).join('\n'));
  const a = parsed.data;
  let text = a.text ?? '';
  if (a.file !== undefined) {
    try {
      text = readFileSync(resolve(a.file), 'utf8');
    } catch (e) {
      throw new ApiError('invalid_input', `Cannot read ${a.file}: ${(e as Error).message}`, 'Check the path of the text file.');
    }
  }
  const lexicon = a.lexicon === undefined ? undefined : readLexicon(a.lexicon);
  const engine = await SynthEngine.open(resolve(a.voice), { provider: a.ep, threads: a.threads, ...(a.int8 ? { precision: 'int8' as const } : {}) });
  if (a.int8 && engine.precision !== 'int8') process.stderr.write(`Voice ${engine.voice.name} has no int8 graphs (export it with --int8): running float32.\n`);
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let writer: SpeechWriter | null = null;
  try {
    const summary = await speak(engine, text, {
      batch: a.batch, ...(a.seed !== undefined ? { seed: a.seed } : {}), ...(a.vocoder ? { vocoder: a.vocoder } : {}),
      ...(a['fixed-steps'] ? { fixedSteps: a['fixed-steps'] } : {}), ...(lexicon ? { lexicon } : {}),
    }, (s, total) => {
      writer ??= new SpeechWriter(resolve(a.out), engine.voice.sampleRate);
      writer.add(s);
      const line = bar(s.index + 1, total, started);
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    });
    const w = writer as SpeechWriter | null;
    w?.close();
    if (tty) process.stderr.write('\n');
    const sentences = w?.sentences ?? [];
    if (a.json) {
      process.stdout.write(`${JSON.stringify({ out: resolve(a.out), summary, provider: engine.report, sentences })}\n`);
      return;
    }
    const flags = formatFlags(sentences);
    const flagged = sentences.filter((s) => s.flagged).length;
    const out: string[] = [];
    out.push(`Wrote ${resolve(a.out)}: ${summary.audioSeconds.toFixed(1)} s of audio, ${summary.sentences} sentence(s), voice ${engine.voice.name}, vocoder ${summary.vocoder}, decoder ${engine.precision}, seed ${summary.seed}.`);
    for (const k of summary.skipped) out.push(`Skipped "${k.source.slice(0, 60)}": ${k.reason}.`);
    const dropped = [...new Set(summary.dropped.map((d) => d.char))];
    if (dropped.length) out.push(`Left out characters the voice cannot say: ${dropped.join(' ')}`);
    out.push(flagged ? `Flags: ${flagged} of ${sentences.length} sentence(s) may have slipped:` : 'Flags: none; every word was read once and every sentence stopped by itself.');
    out.push(...flags);
    out.push(engine.report.text);
    const t = summary.timings;
    out.push(`Real-time factor ${summary.rtf.toFixed(3)} (${t.totalSeconds.toFixed(2)} s compute for ${summary.audioSeconds.toFixed(2)} s audio; ` +
      `decoder ${t.decodeSeconds.toFixed(2)} s, vocoder ${t.vocodeSeconds.toFixed(2)} s, text ${t.prepareSeconds.toFixed(2)} s; batch ${a.batch}).`);
    process.stdout.write(`${out.join('\n')}\n`);
  } catch (e) {
    (writer as SpeechWriter | null)?.abandon();
    throw e;
  } finally {
    await engine.release();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'synth') {
      await synth(rest);
      return 0;
    }
    throw new UsageError(command === undefined || command === '--help' || command === '-h' ? '' : `unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message ? `voicewright: ${e.message}\n` : ''}${USAGE}\n`);
      return 2;
    }
    const hint = e instanceof ApiError && e.hint ? `\n${e.hint}` : '';
    process.stderr.write(`voicewright: ${(e as Error).message}${hint}\n`);
    return e instanceof ApiError && e.code === 'invalid_input' ? 2 : 1;
  }
}

void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
