// Planning a render: each sentence's voice, vocoder, seed and cache key; current takes kept, cached keys reused, the rest left to render.
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { SlipReportSchema, type SlipReport } from '../../../shared/domains/book-render';
import { ApiError } from '../../../shared/errors';
import { listVoices } from '../../db/areas.repo';
import {
  findTakesByKey, listRenderLexicon, markSentenceSilent, recordTake, setSentenceRendered,
  type RenderBook, type RenderChapter, type RenderSentence, type TakeRow,
} from '../../db/book-render.repo';
import type { ProviderRequest } from '../../synth/execution-providers';
import type { PhonemeFrontend, PreparedSentence } from '../../synth/synth-text';
import type { Workspace } from '../../workspace/workspace';
import {
  cacheKey, phonemeFrontend, readRenderVoice, renderLexicon, resolveVocoder, sentencePieces, touchingEntries, type RenderLexicon, type RenderVoice,
} from './sentence-key';
import { slipFlags } from './take-builder';

/** The seed of a sentence that has no chosen take yet: fixed, so a re-render of unchanged text finds its take in the cache. */
export const DEFAULT_SEED = 1;

export interface RenderOptions { voiceId?: number | undefined; vocoder?: string | undefined; batch: number; maxSteps?: number | undefined }

/** Engine settings a benchmark or test sets; the studio leaves them at their defaults. */
export interface RenderTuning { provider?: ProviderRequest; threads?: number; fixedSteps?: number }

export interface PlannedSentence {
  id: number;
  chapterId: number;
  text: string;
  voice: RenderVoice;
  vocoder: string;
  seed: number;
  key: string;
  /** What the engine will read, piece by piece (a long sentence is cut at a clause mark). */
  pieces: PreparedSentence[];
}

export interface Skipped { sentenceId: number; text: string; reason: string }

export interface ChapterPlan {
  chapter: RenderChapter;
  sentences: number;
  current: number;
  cached: number;
  skipped: Skipped[];
  todo: PlannedSentence[];
  /** Sentences whose key an earlier sentence of this render has: they reuse its take once it exists, instead of rendering it twice. */
  followers: PlannedSentence[];
}

/** Workspace-relative path of a sentence's take. */
export function takePath(bookId: number, chapterId: number, sentenceId: number, key: string): string {
  return `${takeDir(bookId, chapterId)}/s${sentenceId}-${key.slice(0, 16)}.wav`;
}

/** Workspace-relative folder of a chapter's takes. */
export function takeDir(bookId: number, chapterId: number): string {
  return `books/book-${bookId}/takes/chapter-${chapterId}`;
}

export function parseSlipReport(json: string | null): SlipReport | null {
  if (json === null) return null;
  try {
    const parsed = SlipReportSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class RenderPlanner {
  private readonly voices = new Map<number, RenderVoice>();
  /** Keys this render will produce (across the chapters of a book render). */
  private readonly planned = new Set<string>();
  /** Loaded on the first sentence of an IPA voice. */
  private phonemes: PhonemeFrontend | undefined;
  readonly lexicon: RenderLexicon;

  constructor(private readonly ws: Workspace, readonly book: RenderBook, private readonly opts: RenderOptions, private readonly tuning: RenderTuning) {
    this.lexicon = renderLexicon(listRenderLexicon(ws.db, book.id));
  }

  /** A workspace voice read from disk once per render; a missing row or folder fails with what to do. */
  voice(id: number): RenderVoice {
    const known = this.voices.get(id);
    if (known) return known;
    const row = listVoices(this.ws.db).find((v) => v.id === id);
    if (!row) throw new ApiError('not_found', `There is no voice ${id} in this workspace`, 'Pick a voice from the Voices area (import one there first).');
    const voice = readRenderVoice(id, row.name, isAbsolute(row.path) ? row.path : this.ws.resolveInside(row.path));
    this.voices.set(id, voice);
    return voice;
  }

  /** The voice for sentences without their own: the one asked for, else the book's. */
  defaultVoice(): RenderVoice {
    const id = this.opts.voiceId ?? this.book.voiceId;
    if (id === undefined || id === null) {
      throw new ApiError('invalid_input', `The book "${this.book.title}" has no voice to render with`, 'Choose a voice for the book, or pass voiceId.');
    }
    return this.voice(id);
  }

  get steps(): string | null {
    if (this.tuning.fixedSteps !== undefined) return `fixed:${this.tuning.fixedSteps}`;
    return this.opts.maxSteps !== undefined ? `max:${this.opts.maxSteps}` : null;
  }

  /** One sentence's voice, vocoder, pieces and key; `voiceId`/`vocoder` override the sentence's own and the render's. */
  async planSentence(s: RenderSentence, seed: number, over: { voiceId?: number | null; vocoder?: string | null } = {}): Promise<PlannedSentence | Skipped> {
    const voiceId = over.voiceId ?? s.voiceId;
    const voice = voiceId !== null && voiceId !== undefined ? this.voice(voiceId) : this.defaultVoice();
    const own = over.vocoder ?? s.vocoder;
    const asked = this.opts.vocoder ?? this.book.vocoder;
    // A sentence on its own voice takes the render's vocoder only when that voice has one of that name.
    const ownVoice = voiceId !== null && voiceId !== undefined;
    const vocoder = own ? resolveVocoder(voice, own)
      : ownVoice && asked && !voice.json.vocoders.some((v) => v.name === asked) ? resolveVocoder(voice, null) : resolveVocoder(voice, asked);
    if (voice.json.text.frontend === 'ipa-espeak') this.phonemes ??= await phonemeFrontend(this.lexicon);
    const { pieces, reason } = sentencePieces(s.text, voice, this.lexicon, voice.json.text.frontend === 'ipa-espeak' ? this.phonemes : undefined);
    if (pieces.length === 0) return { sentenceId: s.id, text: s.text, reason: reason ?? 'nothing to say' };
    const key = cacheKey({ spoken: pieces.map((p) => p.spoken), touching: touchingEntries(s.text, this.lexicon), voice, vocoder, seed, steps: this.steps });
    return { id: s.id, chapterId: s.chapterId, text: s.text, voice, vocoder, seed, key, pieces };
  }

  /** Sorts a chapter's sentences into current, served by the cache (applied now), nothing to say (marked), and to render. */
  async planChapter(chapter: RenderChapter, sentences: readonly RenderSentence[]): Promise<ChapterPlan> {
    this.sweepTemp(chapter.id);
    const plan: ChapterPlan = { chapter, sentences: sentences.length, current: 0, cached: 0, skipped: [], todo: [], followers: [] };
    for (const [i, s] of sentences.entries()) {
      // Preparing text costs ~1 ms a sentence: a 3,000-sentence chapter lets other calls in between instead of holding the backend for seconds.
      if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
      const p = await this.planSentence(s, s.chosenSeed ?? DEFAULT_SEED);
      if (!('key' in p)) {
        markSentenceSilent(this.ws.db, s.id, s.text);
        plan.skipped.push(p);
        continue;
      }
      if (s.chosenTakeId !== null && s.chosenKey === p.key && this.onDisk(s.chosenPath)) {
        if (s.state !== 'rendered') setSentenceRendered(this.ws.db, s.id, s.chosenTakeId, s.text);
        plan.current++;
      } else if (this.planned.has(p.key)) {
        plan.followers.push(p);
      } else if (this.reuse(p)) {
        plan.cached++;
      } else {
        this.planned.add(p.key);
        plan.todo.push(p);
      }
    }
    return plan;
  }

  /** A take with the same key (this sentence's earlier one, or another sentence's) becomes this sentence's take. */
  reuse(p: PlannedSentence): TakeRow | null {
    const hit = findTakesByKey(this.ws.db, p.key, p.id).find((t) => this.onDisk(t.path));
    if (!hit) return null;
    if (hit.sentenceId === p.id) {
      setSentenceRendered(this.ws.db, p.id, hit.id, p.text);
      return hit;
    }
    // Another sentence's take: its own file (a hard link where the disk allows), so deleting one sentence's takes never breaks another's.
    const rel = takePath(this.book.id, p.chapterId, p.id, p.key);
    const dst = this.ws.resolveInside(rel);
    if (!existsSync(dst)) {
      mkdirSync(dirname(dst), { recursive: true });
      const src = this.ws.resolveInside(hit.path);
      try {
        linkSync(src, dst);
      } catch {
        // A copy goes through a temp name: a crash mid-copy must not leave a short file the cache would trust.
        const tmp = `${dst}.${process.pid}.tmp`;
        copyFileSync(src, tmp);
        renameSync(tmp, dst);
      }
    }
    const report = parseSlipReport(hit.slipReport);
    const takeId = recordTake(this.ws.db, {
      sentenceId: p.id, path: rel, text: p.text, seed: hit.seed, voiceId: p.voice.id, vocoder: p.vocoder, lexiconVersion: this.book.lexiconVersion,
      cacheKey: p.key, sampleRate: hit.sampleRate, seconds: hit.seconds, slipReport: hit.slipReport,
    }, report ? slipFlags(p.text, report) : [], true);
    return takeId === null ? null : { ...hit, id: takeId, sentenceId: p.id, path: rel, text: p.text };
  }

  /** Half-written takes a killed backend left (temp names; the real name only ever holds a whole file) go before a render. */
  private sweepTemp(chapterId: number): void {
    const dir = this.ws.resolveInside(takeDir(this.book.id, chapterId));
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      // Only an earlier process's: a take this process is writing right now (a regenerate) keeps its temp file.
      if (name.endsWith('.tmp') && statSync(join(dir, name)).mtimeMs < performance.timeOrigin) rmSync(join(dir, name), { force: true });
    }
  }

  private onDisk(rel: string | null): boolean {
    if (!rel) return false;
    try { return existsSync(this.ws.resolveInside(rel)); } catch { return false; }
  }
}
