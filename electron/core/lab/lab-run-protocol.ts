// Messages between the lab run job and its process: one plan in, one event per reference and per output, then done or an error.
import type { MelDecl, Metrics } from '../../shared/domains/lab';
import type { McepConfig } from './metrics/mel-cepstrum';

export interface PlanCondition {
  id: number;
  label: string;
  kind: 'griffinlim' | 'hifigan' | 'waveglow';
  vocoder: string;
  /** The voice folder (absolute) for ONNX vocoders; null for the built-in Griffin-Lim. */
  voiceDir: string | null;
  /** Griffin-Lim iterations (built-in) — voices' Griffin-Lim takes its settings from voice.json. */
  iterations: number;
}
/** sourcePath '' : a text without a recording (no reference, no metrics). */
export interface PlanUtterance { id: number; key: string; text: string; sourcePath: string }

export interface RunPlan {
  /** Absolute experiment folder; recordings go to stimuli/reference/, outputs to stimuli/<position>-<label>/. */
  dir: string;
  /** Workspace root, to report workspace-relative paths. */
  root: string;
  mel: MelDecl;
  /** The Tacotron2 voice folder that renders each text into the input mel; null: the recording's own mel (copy synthesis). */
  acousticDir: string | null;
  mcep: McepConfig;
  threads: number;
  conditions: PlanCondition[];
  utterances: PlanUtterance[];
}

export type RunMessage =
  | { event: 'reference'; utteranceId: number; path: string; seconds: number; loudness: number | null }
  | { event: 'output'; utteranceId: number; conditionId: number; path: string; audioSeconds: number; computeSeconds: number; loudness: number | null; metrics: Metrics }
  | { event: 'done'; provider: string; onnxruntime: string }
  | { event: 'error'; message: string; hint?: string };
