// Planned sentences through the engine process in batched requests; each sentence's take is written and recorded as soon as its last piece arrives.
import { recordTake, type RenderBook } from '../../db/book-render.repo';
import type { EngineHost } from '../../synth/engine-host';
import type { SentenceResult } from '../../synth/synth-pipeline';
import type { Workspace } from '../../workspace/workspace';
import { takePath, type PlannedSentence, type RenderOptions, type RenderTuning, type Skipped } from './render-plan';
import type { RenderLexicon } from './sentence-key';
import { buildTake, writeTakeWav } from './take-builder';

export interface RenderedSentence { sentenceId: number; takeId: number; flagged: boolean; seconds: number }

/** What the engine reported over a render's requests. */
export interface EngineTotals { decodeSeconds: number; vocodeSeconds: number; audioSeconds: number; provider: string | null }
export const noEngineTime = (): EngineTotals => ({ decodeSeconds: 0, vocodeSeconds: 0, audioSeconds: 0, provider: null });

/**
 * Sentences that share voice, vocoder and seed go in the same requests (one seed per request), in reading order of their first sentence,
 * `size` at a time: the engine prepares a request's whole text before its first decode, so a long chapter starts sooner in pieces.
 */
function requests(todo: readonly PlannedSentence[], size: number): PlannedSentence[][] {
  const byKey = new Map<string, PlannedSentence[]>();
  for (const p of todo) {
    const k = JSON.stringify([p.voice.id, p.vocoder, p.seed]);
    const g = byKey.get(k) ?? [];
    g.push(p);
    byKey.set(k, g);
  }
  const out: PlannedSentence[][] = [];
  for (const g of byKey.values()) for (let i = 0; i < g.length; i += size) out.push(g.slice(i, i + size));
  return out;
}

/** Sentences per request: several decoder batches, so batching is whole and a request's text stays small. */
const PER_REQUEST_BATCHES = 8;

/**
 * Renders `todo`, calling `onRendered` after each sentence's take is on disk and in the database (a crash loses at most the sentence in flight).
 * Returns the sentences the engine gave no audio for. Aborting `signal` stops after the sentence in progress; what finished is kept.
 */
export async function renderSentences(
  ws: Workspace, host: EngineHost, book: RenderBook, todo: readonly PlannedSentence[], opts: RenderOptions, tuning: RenderTuning,
  lexicon: RenderLexicon, signal: AbortSignal, onRendered: (r: RenderedSentence) => void, totals: EngineTotals = noEngineTime(),
): Promise<Skipped[]> {
  const lost: Skipped[] = [];
  for (const group of requests(todo, Math.max(1, opts.batch) * PER_REQUEST_BATCHES)) {
    if (signal.aborted) break;
    // Blank lines between sentences: the engine's splitter never joins across a paragraph break, so each piece maps back by its offset.
    const ranges: { start: number; end: number }[] = [];
    let at = 0;
    for (const p of group) {
      ranges.push({ start: at, end: at + p.text.length });
      at += p.text.length + 2;
    }
    const text = group.map((p) => p.text).join('\n\n');
    const got: SentenceResult[][] = group.map(() => []);
    const flushed = new Array<boolean>(group.length).fill(false);
    let failure: unknown = null;
    const stop = new AbortController();
    const flush = (k: number): void => {
      if (flushed[k] || got[k]!.length === 0) return;
      flushed[k] = true;
      const p = group[k]!;
      const rate = p.voice.json.sampleRate;
      const built = buildTake(p.text, got[k]!, rate);
      const rel = takePath(book.id, p.chapterId, p.id, p.key);
      writeTakeWav(ws.resolveInside(rel), built.audio, rate);
      const takeId = recordTake(ws.db, {
        sentenceId: p.id, path: rel, text: p.text, seed: p.seed, voiceId: p.voice.id, vocoder: p.vocoder, lexiconVersion: book.lexiconVersion,
        cacheKey: p.key, sampleRate: rate, seconds: built.seconds, slipReport: JSON.stringify(built.report),
      }, built.flags, true);
      got[k] = [];
      if (takeId !== null) onRendered({ sentenceId: p.id, takeId, flagged: built.report.flagged, seconds: built.seconds });
    };
    let cursor = 0;
    const onSentence = (s: SentenceResult): void => {
      if (failure !== null) return;
      try {
        while (cursor < group.length - 1 && s.start >= ranges[cursor]!.end) flush(cursor++);
        got[cursor]!.push(s);
        if (got[cursor]!.length === group[cursor]!.pieces.length) flush(cursor);
      } catch (e) {
        // A take that cannot be written (disk full, folder gone) stops the request; the sentences before it are kept.
        failure = e;
        stop.abort(e);
      }
    };
    try {
      const { summary, report } = await host.speak({
        voiceDir: group[0]!.voice.dir, text,
        options: {
          seed: group[0]!.seed, vocoder: group[0]!.vocoder, batch: opts.batch, lexicon: lexicon.entries,
          ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}), ...(tuning.fixedSteps !== undefined ? { fixedSteps: tuning.fixedSteps } : {}),
        },
        engine: { provider: tuning.provider ?? 'auto', ...(tuning.threads !== undefined ? { threads: tuning.threads } : {}) },
      }, onSentence, AbortSignal.any([signal, stop.signal]));
      totals.decodeSeconds += summary.timings.decodeSeconds;
      totals.vocodeSeconds += summary.timings.vocodeSeconds;
      totals.audioSeconds += summary.audioSeconds;
      totals.provider = report.chosen;
    } catch (e) {
      throw failure ?? e;
    }
    if (failure !== null) throw failure;
    for (let k = 0; k < group.length; k++) {
      flush(k);
      if (!flushed[k]) lost.push({ sentenceId: group[k]!.id, text: group[k]!.text, reason: 'the engine returned no audio for it' });
    }
  }
  return lost;
}
