// The render queue: chapter and book renders as jobs through the shared engine process, each take recorded the moment it is written; regenerate, takes, choice.
import type { z } from 'zod';
import type {
  RegenerateInputSchema, RenderBookInputSchema, RenderChapterInputSchema, RenderResult, RenderedTake, SentenceTakesSchema, ChapterRenderStatusSchema,
} from '../../../shared/domains/book-render';
import { ApiError } from '../../../shared/errors';
import {
  chapterCounts, chooseSentenceTake, getRenderBook, getRenderChapter, getRenderSentence, getSentenceState, getTake,
  listRenderChapters, listRenderSentences, listTakes, type RenderBook, type RenderChapter, type TakeRow,
} from '../../db/book-render.repo';
import type { JobContext } from '../../jobs/job-runner';
import { EngineHost } from '../../synth/engine-host';
import { randomSeed } from '../../synth/synth-pipeline';
import { engineHost } from '../../synth/synthesis.service';
import type { Workspace } from '../../workspace/workspace';
import { noEngineTime, renderSentences, type RenderedSentence } from './render-engine';
import { resolveVocoder } from './sentence-key';
import { parseSlipReport, RenderPlanner, type ChapterPlan, type PlannedSentence, type RenderOptions, type RenderTuning } from './render-plan';
import { perWorkspace } from '../../workspace/per-workspace';

export type RenderChapterInput = z.output<typeof RenderChapterInputSchema>;
export type RenderBookInput = z.output<typeof RenderBookInputSchema>;
export type RegenerateInput = z.output<typeof RegenerateInputSchema>;
type SentenceTakes = z.output<typeof SentenceTakesSchema>;
type ChapterStatus = z.output<typeof ChapterRenderStatusSchema>;

const now = (): number => performance.now() / 1000;
const minutes = (s: number): string => (s < 90 ? `${Math.max(1, Math.round(s))} s` : `${Math.round(s / 60)} min`);

export class RenderQueue {
  /** Chapter id → the render job holding it: two renders of one chapter would only do the same work twice. */
  private readonly busy = new Map<number, number>();

  constructor(private readonly ws: Workspace, private readonly host: () => EngineHost = engineHost, private readonly tuning: RenderTuning = {}) {
    ws.jobs.register('books:renderChapter', (ctx: JobContext<RenderChapterInput>) => this.runChapter(ctx));
    ws.jobs.register('books:renderBook', (ctx: JobContext<RenderBookInput>) => this.runBook(ctx));
    ws.jobs.register('books:regenerate', (ctx: JobContext<RegenerateInput>) => this.runRegenerate(ctx));
  }

  renderChapter(input: RenderChapterInput): { job: number } {
    const { book, chapter } = this.chapterOf(input.bookId, input.chapterId);
    this.checkVoice(book, input);
    return this.start('books:renderChapter', `Render ${chapter.title}`, input, [chapter]);
  }

  renderBook(input: RenderBookInput): { job: number } {
    const book = this.bookOf(input.bookId);
    const chapters = listRenderChapters(this.ws.db, book.id).filter((c) => c.included);
    if (chapters.length === 0) throw new ApiError('invalid_input', `The book "${book.title}" has no included chapters to render`, 'Include a chapter in the book first.');
    this.checkVoice(book, input);
    return this.start('books:renderBook', `Render ${book.title}`, input, chapters);
  }

  regenerate(input: RegenerateInput): { job: number } {
    const s = getRenderSentence(this.ws.db, input.sentenceId);
    if (!s) throw new ApiError('not_found', `There is no sentence ${input.sentenceId}`, 'Reload the chapter: the sentence may have been deleted.');
    const short = s.text.length > 40 ? `${s.text.slice(0, 40)}…` : s.text;
    return { job: this.ws.jobs.start('books:regenerate', `Another take of "${short}"`, input).id };
  }

  takes(sentenceId: number): SentenceTakes {
    const state = getSentenceState(this.ws.db, sentenceId);
    if (!state) throw new ApiError('not_found', `There is no sentence ${sentenceId}`, 'Reload the chapter: the sentence may have been deleted.');
    return { sentenceId, state: state.state, chosenTakeId: state.chosenTakeId, takes: listTakes(this.ws.db, sentenceId).map((t) => toTake(t, state.chosenTakeId)) };
  }

  chooseTake(sentenceId: number, takeId: number): SentenceTakes {
    const take = getTake(this.ws.db, takeId);
    if (!take || take.sentenceId !== sentenceId) {
      throw new ApiError('not_found', `Sentence ${sentenceId} has no take ${takeId}`, 'Pick one of the takes books:takes lists for this sentence.');
    }
    chooseSentenceTake(this.ws.db, sentenceId, takeId);
    return this.takes(sentenceId);
  }

  status(bookId: number): ChapterStatus[] {
    this.bookOf(bookId);
    const counts = new Map(chapterCounts(this.ws.db, bookId).map((c) => [c.chapterId, c]));
    return listRenderChapters(this.ws.db, bookId).map((c) => {
      const n = counts.get(c.id);
      return { chapterId: c.id, title: c.title, included: c.included, sentences: n?.sentences ?? 0, rendered: n?.rendered ?? 0,
        stale: n?.stale ?? 0, new: n?.fresh ?? 0, job: this.busy.get(c.id) ?? null };
    });
  }

  private start<P>(kind: string, title: string, params: P, chapters: readonly RenderChapter[]): { job: number } {
    for (const c of chapters) {
      const job = this.busy.get(c.id);
      if (job !== undefined) {
        throw new ApiError('conflict', `${c.title} is already rendering (job ${job})`, 'Wait for that render to finish, or pause it (cancel the job) and start again.');
      }
    }
    // Held before the job starts: its handler begins at once and lets go when it ends.
    for (const c of chapters) this.busy.set(c.id, 0);
    try {
      const job = this.ws.jobs.start(kind, title, { ...params, chapterIds: chapters.map((c) => c.id) });
      for (const c of chapters) if (this.busy.get(c.id) === 0) this.busy.set(c.id, job.id);
      return { job: job.id };
    } catch (e) {
      for (const c of chapters) this.busy.delete(c.id);
      throw e;
    }
  }

  /** A missing voice or a vocoder it lacks fails the call, not a job later. */
  private checkVoice(book: RenderBook, input: RenderOptions): void {
    const voice = new RenderPlanner(this.ws, book, input, this.tuning).defaultVoice();
    resolveVocoder(voice, input.vocoder ?? book.vocoder);
  }

  private bookOf(bookId: number): RenderBook {
    const book = getRenderBook(this.ws.db, bookId);
    if (!book) throw new ApiError('not_found', `There is no book ${bookId}`, 'Pick a book from the Books area.');
    return book;
  }

  private chapterOf(bookId: number, chapterId: number): { book: RenderBook; chapter: RenderChapter } {
    const book = this.bookOf(bookId);
    const chapter = getRenderChapter(this.ws.db, chapterId);
    if (!chapter || chapter.bookId !== bookId) throw new ApiError('not_found', `The book "${book.title}" has no chapter ${chapterId}`, 'Reload the book and pick one of its chapters.');
    return { book, chapter };
  }

  private async runChapter(ctx: JobContext<RenderChapterInput & { chapterIds?: number[] }>): Promise<RenderResult> {
    try {
      await nextTurn();
      const { book, chapter } = this.chapterOf(ctx.params.bookId, ctx.params.chapterId);
      const planner = new RenderPlanner(this.ws, book, ctx.params, this.tuning);
      const plan = await planner.planChapter(chapter, listRenderSentences(this.ws.db, chapter.id));
      const t0 = now();
      const total = plan.todo.length;
      report(ctx, `sentence 0/${total} of ${chapter.title}`, 0, total);
      const result = await this.renderPlan(planner, plan, ctx, ctx.params, [], (done) => report(ctx, `sentence ${done}/${total} of ${chapter.title}`, done, total));
      return { chapters: [result], renderSeconds: now() - t0 };
    } finally {
      this.release(ctx.id, [ctx.params.chapterId]);
    }
  }

  private async runBook(ctx: JobContext<RenderBookInput & { chapterIds?: number[] }>): Promise<RenderResult> {
    const held = ctx.params.chapterIds ?? [];
    try {
      await nextTurn();
      const book = this.bookOf(ctx.params.bookId);
      const planner = new RenderPlanner(this.ws, book, ctx.params, this.tuning);
      const chapters = listRenderChapters(this.ws.db, book.id).filter((c) => c.included && (held.length === 0 || held.includes(c.id)));
      // Planned up front (cache hits applied) so the book-wide total is known before the first sentence renders.
      const plans: ChapterPlan[] = [];
      for (const c of chapters) plans.push(await planner.planChapter(c, listRenderSentences(this.ws.db, c.id)));
      const total = plans.reduce((n, p) => n + p.todo.length, 0);
      const t0 = now();
      let before = 0;
      const results: RenderResult['chapters'] = [];
      const pending: PlannedSentence[] = [];
      report(ctx, `preparing ${book.title}`, 0, total);
      for (const [i, plan] of plans.entries()) {
        const n = plan.todo.length;
        const where = `chapter ${i + 1}/${plans.length}`;
        results.push(await this.renderPlan(planner, plan, ctx, ctx.params, pending, (done) => {
          const done0 = before + done;
          // The chapter's ETA from this book render's pace so far.
          const pace = (now() - t0) / Math.max(1, done0);
          const left = done < n ? `, about ${minutes(pace * (n - done))} left in it` : '';
          report(ctx, `sentence ${done}/${n} of ${plan.chapter.title} (${where}${left})`, done0, total);
        }));
        before += n;
      }
      return { chapters: results, renderSeconds: now() - t0 };
    } finally {
      this.release(ctx.id, held);
    }
  }

  private async runRegenerate(ctx: JobContext<RegenerateInput>): Promise<RenderedTake> {
    const input = ctx.params;
    const s = getRenderSentence(this.ws.db, input.sentenceId);
    if (!s) throw new ApiError('not_found', `There is no sentence ${input.sentenceId}`, 'Reload the chapter: the sentence may have been deleted.');
    const book = this.bookOf(s.bookId);
    const planner = new RenderPlanner(this.ws, book, { batch: 1, maxSteps: input.maxSteps }, this.tuning);
    const chosen = s.chosenTakeId !== null ? getTake(this.ws.db, s.chosenTakeId) : null;
    const used = new Set(listTakes(this.ws.db, s.id).map((t) => t.seed));
    let seed = input.seed ?? randomSeed();
    while (input.seed === undefined && used.has(seed)) seed = randomSeed();
    const p = await planner.planSentence(s, seed, { voiceId: input.voiceId ?? s.voiceId ?? chosen?.voiceId ?? null, vocoder: input.vocoder ?? s.vocoder ?? chosen?.vocoder ?? null });
    if (!('key' in p)) throw new ApiError('invalid_input', `The sentence has nothing to say: ${p.reason}`, 'Edit the sentence text, or leave it silent.');
    report(ctx, 'sentence 0/1', 0, 1);
    let take = planner.reuse(p);
    if (!take) {
      let done: RenderedSentence | null = null;
      await renderSentences(this.ws, this.host(), book, [p], { batch: 1, maxSteps: input.maxSteps }, this.tuning, planner.lexicon, ctx.signal, (r) => { done = r; });
      const r = done as RenderedSentence | null;
      if (!r) throw new ApiError('internal', 'The engine returned no audio for the sentence', 'Try again; report it if it repeats.');
      take = getTake(this.ws.db, r.takeId);
    }
    report(ctx, 'sentence 1/1', 1, 1);
    if (!take) throw new ApiError('not_found', 'The sentence was deleted while it rendered', 'Reload the chapter.');
    return toTake(take, getSentenceState(this.ws.db, s.id)?.chosenTakeId ?? null);
  }

  /** Renders one chapter's plan; `pending` carries repeats still waiting for their first sentence's take (the job's own list). */
  private async renderPlan(planner: RenderPlanner, plan: ChapterPlan, ctx: JobContext<unknown>, opts: RenderOptions, pending: PlannedSentence[],
    onDone: (done: number) => void): Promise<RenderResult['chapters'][number]> {
    let rendered = 0, flagged = 0;
    const engine = noEngineTime();
    const lost = await renderSentences(this.ws, this.host(), planner.book, plan.todo, opts, this.tuning, planner.lexicon, ctx.signal, (r) => {
      rendered++;
      if (r.flagged) flagged++;
      onDone(rendered);
    }, engine);
    // Repeats of a sentence rendered above take its take now (one whose leader is in a later chapter is tried again after it).
    let cached = plan.cached;
    const all = [...pending.splice(0), ...plan.followers];
    for (const p of all) {
      if (planner.reuse(p)) cached++;
      else pending.push(p);
    }
    return {
      chapterId: plan.chapter.id, title: plan.chapter.title, sentences: plan.sentences, rendered, current: plan.current, cached,
      skipped: [...plan.skipped, ...lost], flagged, engine,
    };
  }

  private release(job: number, chapters: readonly number[]): void {
    for (const c of chapters) if (this.busy.get(c) === job || this.busy.get(c) === 0) this.busy.delete(c);
  }
}

/** Planning a long chapter takes a moment: the call that started the job returns first. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Progress that never throws: after a pause the runner records the job as cancelled on its own. */
function report(ctx: JobContext<unknown>, step: string, current: number, total: number): void {
  try { ctx.progress(step, current, total); } catch { /* cancelled */ }
}

function toTake(t: TakeRow, chosenTakeId: number | null): RenderedTake {
  return { ...t, slipReport: parseSlipReport(t.slipReport), chosen: t.id === chosenTakeId };
}

/** The workspace's render queue (its job kinds registered once per open workspace). */
export const renderQueueFor = perWorkspace((ws) => new RenderQueue(ws));
