// synthesis:speak as a workspace job: resolves the voice, runs the shared engine process, writes the WAVs under books/synth/, one progress event per sentence.
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import type { SentenceReady, SpeakInputSchema, SpeakResult } from '../../shared/domains/synthesis';
import { ApiError } from '../../shared/errors';
import { listVoices } from '../db/areas.repo';
import type { JobContext } from '../jobs/job-runner';
import type { Workspace } from '../workspace/workspace';
import { EngineHost } from './engine-host';
import { SpeechWriter } from './speech-writer';

export type SpeakInput = z.output<typeof SpeakInputSchema>;

let sharedHost: EngineHost | null = null;
/** The backend's one engine process (started on the first request, restarted after a crash). */
export function engineHost(): EngineHost {
  if (!sharedHost || sharedHost.isClosed) sharedHost = new EngineHost();
  return sharedHost;
}
/** Ends the engine process, if one was started: the backend owns it and ends it when it closes. */
export async function closeEngineHost(): Promise<void> {
  const host = sharedHost;
  sharedHost = null;
  await host?.close();
}

export class SynthesisService {
  constructor(
    private readonly ws: Workspace,
    private readonly host: EngineHost = engineHost(),
    /** Told of each sentence as soon as its WAV is on disk, so the studio can play it while the rest renders. */
    private readonly onSentence: (e: SentenceReady) => void = () => {},
  ) {
    ws.jobs.register('synthesis:speak', (ctx: JobContext<SpeakInput>) => this.run(ctx));
  }

  speak(input: SpeakInput): { job: number } {
    this.voiceDir(input); // a wrong voice fails the call, not a job later
    const title = `Speak ${input.text.length > 40 ? `${input.text.slice(0, 40)}…` : input.text}`;
    return { job: this.ws.jobs.start('synthesis:speak', title, input).id };
  }

  private voiceDir(input: SpeakInput): string {
    if (input.voicePath !== undefined) return resolve(input.voicePath);
    const voice = listVoices(this.ws.db).find((v) => v.id === input.voiceId);
    if (!voice) throw new ApiError('not_found', `There is no voice ${input.voiceId} in this workspace`, 'Pick a voice from the Voices area, or give the folder of a voice package.');
    return isAbsolute(voice.path) ? voice.path : this.ws.resolveInside(voice.path);
  }

  private async run(ctx: JobContext<SpeakInput>): Promise<SpeakResult> {
    const input = ctx.params;
    const rel = join('books', 'synth', `job-${ctx.id}`);
    const dir = this.ws.resolveInside(rel);
    mkdirSync(dir, { recursive: true });
    const toRel = (abs: string): string => relative(this.ws.root, abs).split('\\').join('/');
    let writer: SpeechWriter | null = null;
    const wavPath = join(dir, 'speech.wav');
    try {
      const value = await this.host.speak({
        voiceDir: this.voiceDir(input), text: input.text,
        options: { batch: input.batch, ...(input.seed !== undefined ? { seed: input.seed } : {}), ...(input.vocoder ? { vocoder: input.vocoder } : {}),
          ...(input.lexicon ? { lexicon: input.lexicon } : {}) },
        engine: { provider: input.provider, ...(input.threads ? { threads: input.threads } : {}), ...(input.precision === 'int8' ? { precision: 'int8' as const } : {}) },
      }, (s, total) => {
        if (ctx.signal.aborted) return;
        writer ??= new SpeechWriter(wavPath, s.audio.length > 0 ? sampleRateOf(s) : 22050, { sentenceDir: join(dir, 'sentences'), reportPath: toRel });
        const report = writer.add(s);
        this.onSentence({ job: ctx.id, index: report.index, total, audio: report.audio, start: report.start, end: report.end, text: report.text, flagged: report.flagged });
        try { ctx.progress('sentence', s.index + 1, total); } catch { /* cancelled: the runner records it */ }
      }, ctx.signal);
      if (!writer) throw new ApiError('internal', 'The engine finished without any audio', 'Try again; report it if it repeats.');
      const w: SpeechWriter = writer;
      w.close();
      const s = value.summary;
      return {
        path: toRel(wavPath), voice: value.voiceName, vocoder: s.vocoder, precision: value.precision, seed: s.seed, sampleRate: s.sampleRate,
        audioSeconds: s.audioSeconds, computeSeconds: s.timings.totalSeconds, rtf: s.rtf, sentences: w.sentences,
        skipped: s.skipped.map((k) => ({ text: k.source, reason: k.reason })), dropped: [...new Set(s.dropped.map((d) => d.char))],
        provider: value.report,
      };
    } catch (e) {
      (writer as SpeechWriter | null)?.abandon();
      throw e;
    }
  }
}

// Sentences carry samples and seconds; their ratio is the voice's rate.
function sampleRateOf(s: { audio: Float32Array; seconds: number }): number {
  return Math.round(s.audio.length / s.seconds);
}

const services = new WeakMap<Workspace, SynthesisService>();
/** The workspace's synthesis service (its job kind registered once per open workspace). */
export function synthesisFor(ws: Workspace, onSentence?: (e: SentenceReady) => void): SynthesisService {
  let s = services.get(ws);
  if (!s) {
    s = new SynthesisService(ws, engineHost(), onSentence);
    services.set(ws, s);
  }
  return s;
}
