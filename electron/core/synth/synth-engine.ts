// The synthesis engine: a voice package on onnxruntime-node; sentences decoded in lock-step batches, then postnet and a vocoder.
import * as ort from 'onnxruntime-node';
import { griffinLim } from '../audio/griffin-lim';
import { ApiError } from '../../shared/errors';
import {
  candidateProviders, reportText, sessionFailureReason, sessionOptionsFor, unavailableReason,
  type ProviderAttempt, type ProviderName, type ProviderReport, type ProviderRequest,
} from './execution-providers';
import { GRAPH_CONTRACT, loadVoicePackage, type LoadedVoice, type Precision, type VoiceJson } from './voice-package';

export interface EngineOptions {
  provider?: ProviderRequest;
  /** intraOpNumThreads of every session (default 2: the studio's other work keeps a core). */
  threads?: number;
  /** ONNX vocoders to load (default: all). */
  vocoders?: string[];
  /** int8: the int8 decoder step and, when no vocoder is named, the default vocoder's int8 twin (packages exported
   * with `--int8`); float32 (the default) is the reference. */
  precision?: Precision;
}

export interface DecodeInput { index: number; ids: readonly number[] }

export interface DecodeOptions {
  /** Same seed → same prenet dropout → the same take. */
  seed: number;
  /** Run exactly this many decoder steps, ignoring the gate (benchmarks). */
  fixedSteps?: number;
  /** Lower the per-sentence cap (never raises it). */
  maxSteps?: number;
  /** Prenet masks from elsewhere (parity with PyTorch, which draws its own): sentence index, step, which of the two. */
  prenetMasks?: (index: number, step: number, which: number) => Float32Array;
}

export interface DecodedSentence {
  index: number;
  steps: number;
  /** The gate fired; false when the cap (or fixedSteps) ended it. */
  gateStopped: boolean;
  /** Postnet mel, row-major [nMels][frames]. */
  mel: Float32Array;
  frames: number;
  /** Per decoder step, the attention over this sentence's symbols. */
  attention: Float32Array[];
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** mulberry32 on a seed mixed with the sentence index: each sentence has its own stream, whatever batch it lands in. */
export function sentenceRng(seed: number, index: number): () => number {
  let a = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The decoder step cap for a sentence of `symbols` symbols, from voice.json. */
export function stepCap(voice: VoiceJson, symbols: number): number {
  const a = voice.acoustic;
  return Math.max(a.minDecoderSteps, Math.ceil(a.maxDecoderStepsPerSymbol * symbols));
}

/** Rows `keep` of a batch-first tensor. */
function selectRows(t: ort.Tensor, keep: readonly number[]): ort.Tensor {
  const row = t.dims.slice(1).reduce((a, x) => a * x, 1);
  const src = t.data as Float32Array | Uint8Array;
  const out = new (src.constructor as Float32ArrayConstructor | Uint8ArrayConstructor)(keep.length * row);
  keep.forEach((r, i) => out.set(src.subarray(r * row, (r + 1) * row), i * row));
  return new ort.Tensor(t.type as 'float32' | 'bool', out, [keep.length, ...t.dims.slice(1)]);
}

const zeros = (...dims: number[]): ort.Tensor => new ort.Tensor('float32', new Float32Array(dims.reduce((a, x) => a * x, 1)), dims);

export class SynthEngine {
  private constructor(readonly loaded: LoadedVoice, readonly report: ProviderReport) {}

  get voice(): VoiceJson {
    return this.loaded.voice;
  }

  /** Opens the package on the best provider that loads, falling back to CPU with the reason recorded. */
  static async open(dir: string, options: EngineOptions = {}): Promise<SynthEngine> {
    const threads = Math.max(1, Math.floor(options.threads ?? 2));
    const backends = ort.listSupportedBackends();
    const runtimeVersion = ort.env.versions.node ?? ort.env.versions.common ?? 'unknown';
    const attempts: ProviderAttempt[] = [];
    for (const name of candidateProviders(options.provider ?? 'auto')) {
      const reason = unavailableReason(name, backends);
      if (reason) {
        attempts.push({ name, ok: false, reason });
        continue;
      }
      try {
        const loaded = await loadVoicePackage(dir, { sessionOptions: sessionOptionsFor(name, threads), ...(options.vocoders ? { vocoders: options.vocoders } : {}),
          ...(options.precision ? { precision: options.precision } : {}) });
        attempts.push({ name, ok: true, reason: 'loaded' });
        const base = { chosen: name, attempts, runtimeVersion, threads };
        return new SynthEngine(loaded, { ...base, text: reportText(base) });
      } catch (e) {
        // A package problem is the same on every provider: report it, do not mask it with a fallback.
        if (name === 'cpu' || (e instanceof ApiError && !/provider|cuda|dml|coreml/i.test(e.message))) throw e;
        attempts.push({ name, ok: false, reason: sessionFailureReason(name, (e as Error).message) });
      }
    }
    throw new ApiError('internal', 'No execution provider could open the voice', 'Reinstall the studio; CPU inference should always work.');
  }

  async release(): Promise<void> {
    await this.loaded.release();
  }

  /** Seconds of audio per decoder step. */
  get secondsPerStep(): number {
    const v = this.voice;
    return (v.acoustic.reductionFactor * v.mel.hop) / v.sampleRate;
  }

  /** encoder → decoder_iter steps for all rows at once (finished rows leave the batch) → postnet per sentence. */
  async decode(batch: readonly DecodeInput[], opts: DecodeOptions): Promise<DecodedSentence[]> {
    const v = this.voice;
    const d = v.acoustic.dims;
    const n = batch.length;
    if (n === 0) return [];
    const lens = batch.map((s) => s.ids.length);
    if (lens.some((l) => l === 0)) throw new ApiError('invalid_input', 'A sentence has no symbols to decode', 'Leave out empty sentences.');
    const tMax = Math.max(...lens);
    const ids = new BigInt64Array(n * tMax);
    batch.forEach((s, i) => s.ids.forEach((id, j) => { ids[i * tMax + j] = BigInt(id); }));
    const enc = await this.loaded.encoder.run({
      sequences: new ort.Tensor('int64', ids, [n, tMax]),
      sequence_lengths: new ort.Tensor('int64', BigInt64Array.from(lens.map(BigInt)), [n]),
    });
    const mask = new Uint8Array(n * tMax);
    lens.forEach((l, i) => mask.fill(1, i * tMax + l, (i + 1) * tMax));
    const frame = d.nMels * d.reductionFactor;
    let feeds: Record<string, ort.Tensor> = {
      decoder_input: zeros(n, frame), attention_hidden: zeros(n, d.attentionRnnDim), attention_cell: zeros(n, d.attentionRnnDim),
      decoder_hidden: zeros(n, d.decoderRnnDim), decoder_cell: zeros(n, d.decoderRnnDim), attention_weights: zeros(n, tMax),
      attention_weights_cum: zeros(n, tMax), attention_context: zeros(n, d.encoderEmbeddingDim),
      memory: enc.memory!, processed_memory: enc.processed_memory!, mask: new ort.Tensor('bool', mask, [n, tMax]),
    };
    const caps = lens.map((l) => opts.fixedSteps ?? Math.min(stepCap(v, l), opts.maxSteps ?? Infinity));
    const rngs = batch.map((s) => sentenceRng(opts.seed, s.index));
    const frames: Float32Array[][] = batch.map(() => []);
    const attention: Float32Array[][] = batch.map(() => []);
    const stopped = new Array<boolean>(n).fill(false);
    const { p, values, inputs: maskNames } = v.acoustic.prenetDropout;
    let active = batch.map((_, i) => i);
    while (active.length > 0) {
      const b = active.length;
      for (const [which, name] of maskNames.entries()) {
        const m = new Float32Array(b * d.prenetDim);
        active.forEach((row, k) => {
          if (opts.prenetMasks) return m.set(opts.prenetMasks(batch[row]!.index, frames[row]!.length, which), k * d.prenetDim);
          const rand = rngs[row]!;
          for (let j = 0; j < d.prenetDim; j++) m[k * d.prenetDim + j] = rand() < p ? values[0] : values[1];
        });
        feeds[name] = new ort.Tensor('float32', m, [b, d.prenetDim]);
      }
      const out = await this.loaded.decoderIter.run(feeds);
      const dec = out.decoder_output!.data as Float32Array;
      const gate = out.gate_prediction!.data as Float32Array;
      const att = out.out_attention_weights!.data as Float32Array;
      const keep: number[] = [];
      active.forEach((row, k) => {
        frames[row]!.push(dec.slice(k * frame, (k + 1) * frame));
        attention[row]!.push(att.slice(k * tMax, k * tMax + lens[row]!));
        const steps = frames[row]!.length;
        if (opts.fixedSteps === undefined && sigmoid(gate[k]!) > v.acoustic.gateThreshold) stopped[row] = true;
        else if (steps < caps[row]!) keep.push(k);
      });
      const next: Record<string, ort.Tensor> = { ...feeds, decoder_input: out.decoder_output! };
      for (const name of GRAPH_CONTRACT.decoderIter.inputs.slice(1, 8)) next[name] = out[`out_${name}`]!;
      if (keep.length < b && keep.length > 0) {
        for (const name of ['decoder_input', ...GRAPH_CONTRACT.decoderIter.inputs.slice(1, 11)]) next[name] = selectRows(next[name]!, keep);
      }
      feeds = next;
      active = keep.map((k) => active[k]!);
    }
    const results: DecodedSentence[] = [];
    for (let i = 0; i < n; i++) {
      // decoder_output holds r frames of nMels one after another; the postnet takes [1, nMels, steps*r].
      const steps = frames[i]!.length;
      const nFrames = steps * d.reductionFactor;
      const mel = new Float32Array(d.nMels * nFrames);
      frames[i]!.forEach((f, s) => {
        for (let k = 0; k < d.reductionFactor; k++) for (let c = 0; c < d.nMels; c++) mel[c * nFrames + s * d.reductionFactor + k] = f[k * d.nMels + c]!;
      });
      // One sentence at a time: the postnet's convolutions would carry a neighbour's padding into the last frames.
      const post = await this.loaded.postnet.run({ mel_outputs: new ort.Tensor('float32', mel, [1, d.nMels, nFrames]) });
      results.push({ index: batch[i]!.index, steps, gateStopped: stopped[i]!, mel: post.mel_outputs_postnet!.data as Float32Array, frames: nFrames, attention: attention[i]! });
    }
    return results;
  }

  /** Names of the vocoders this engine can run (ONNX ones loaded, plus Griffin-Lim when the voice lists it). */
  get vocoderNames(): string[] {
    return this.voice.vocoders.filter((x) => x.kind === 'griffinlim' || this.loaded.vocoders.has(x.name)).map((x) => x.name);
  }

  /** The decoder step's precision in use (int8 only when asked for and the package has it). */
  get precision(): Precision {
    return this.loaded.decoderPrecision;
  }

  /** The vocoder to use: `name`, or the first float ONNX one (its int8 twin when running int8), or Griffin-Lim. */
  pickVocoder(name?: string): string {
    const names = this.vocoderNames;
    if (name === undefined) {
      const onnx = this.voice.vocoders.filter((x) => x.kind !== 'griffinlim' && this.loaded.vocoders.has(x.name));
      const first = onnx.find((x) => x.kind === 'griffinlim' || x.precision !== 'int8') ?? onnx[0];
      const twin = this.precision === 'int8' && first ? onnx.find((x) => x.kind !== 'griffinlim' && x.base === first.name && x.precision === 'int8') : undefined;
      return twin?.name ?? first?.name ?? names[0]!;
    }
    if (!names.includes(name)) {
      throw new ApiError('invalid_input', `Voice ${this.voice.name} has no vocoder ${name}`, `Choose one of: ${names.join(', ')}.`);
    }
    return name;
  }

  /** Mel [nMels][frames] → audio at the voice's sample rate. */
  async vocode(mel: Float32Array, frames: number, vocoderName: string, seed: number): Promise<Float32Array> {
    const v = this.voice;
    const decl = v.vocoders.find((x) => x.name === vocoderName);
    if (!decl) throw new ApiError('invalid_input', `Voice ${v.name} has no vocoder ${vocoderName}`, `Choose one of: ${this.vocoderNames.join(', ')}.`);
    if (decl.kind === 'griffinlim') {
      const m = v.mel;
      return griffinLim({ nMels: m.nMels, frames, data: mel },
        { sampleRate: m.sampleRate, nFft: m.nFft, hop: m.hop, win: m.win, nMels: m.nMels, fmin: m.fmin, fmax: m.fmax, padding: 'center' },
        { ...decl.config, seed });
    }
    const session = this.loaded.vocoders.get(decl.name)!;
    const feeds: Record<string, ort.Tensor> = { mel: new ort.Tensor('float32', mel, [1, v.mel.nMels, frames]) };
    if (decl.kind === 'waveglow') {
      // WaveGlow's z: unit Gaussian noise (sigma is folded into the export), seeded like the prenet.
      const zDecl = decl.inputs.find((t) => t.name === 'z');
      const groups = typeof zDecl?.shape[1] === 'number' ? zDecl.shape[1] : 8;
      const len = (frames * decl.hop) / groups;
      const rand = sentenceRng(seed, 1 << 20);
      const z = new Float32Array(groups * len);
      for (let i = 0; i < z.length; i++) z[i] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      feeds.z = new ort.Tensor('float32', z, [1, groups, len]);
    }
    const out = await session.run(feeds);
    return out.audio!.data as Float32Array;
  }
}

export type { ProviderName, ProviderReport };
