// Messages between the EngineHost and its engine process: {id}-tagged requests, sentence events, and {ok, value} | {ok: false, error} replies.
import type { ProviderReport } from './execution-providers';
import type { EngineOptions } from './synth-engine';
import type { Precision } from './voice-package';
import type { SentenceResult, SpeakOptions, SpeakSummary } from './synth-pipeline';

export interface SpeakRequest { voiceDir: string; text: string; options: SpeakOptions; engine: EngineOptions }

export type EngineRequest =
  | { id: number; op: 'speak'; speak: SpeakRequest }
  | { id: number; op: 'release' }
  /** Stop request `target` after the sentence in progress (its reply is then a 'cancelled' error). */
  | { id: number; op: 'cancel'; target: number }
  /** Test hook: crash the engine process the way a native fault would (abort), or die by an uncaught throw. */
  | { id: number; op: 'debugCrash'; how: 'abort' | 'throw' };

export interface SpeakValue { summary: SpeakSummary; report: ProviderReport; voiceName: string; precision: Precision }

export interface WireError { message: string; hint?: string; code?: string }

export type EngineMessage =
  | { id: number; event: 'sentence'; sentence: SentenceResult; total: number }
  | { id: number; ok: true; value: SpeakValue | null }
  | { id: number; ok: false; error: WireError };
