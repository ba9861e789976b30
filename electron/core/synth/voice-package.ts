// Voice packages (DESIGN.md "Voice package"): voice.json's schema and a loader that checks every ONNX file against it.
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { InferenceSession } from 'onnxruntime-node';
import { MelDeclSchema } from '../../shared/domains/synthesis';
import { ApiError } from '../../shared/errors';

export const VOICE_FORMAT_VERSION = 1;

/** Input/output names the engine feeds and reads, per graph role (NVIDIA DeepLearningExamples' names + our prenet masks). */
export const GRAPH_CONTRACT = {
  encoder: { inputs: ['sequences', 'sequence_lengths'], outputs: ['memory', 'processed_memory'] },
  decoderIter: {
    inputs: ['decoder_input', 'attention_hidden', 'attention_cell', 'decoder_hidden', 'decoder_cell', 'attention_weights',
      'attention_weights_cum', 'attention_context', 'memory', 'processed_memory', 'mask', 'prenet_dropout_mask_0', 'prenet_dropout_mask_1'],
    outputs: ['decoder_output', 'gate_prediction', 'out_attention_hidden', 'out_attention_cell', 'out_decoder_hidden',
      'out_decoder_cell', 'out_attention_weights', 'out_attention_weights_cum', 'out_attention_context'],
  },
  postnet: { inputs: ['mel_outputs'], outputs: ['mel_outputs_postnet'] },
  hifigan: { inputs: ['mel'], outputs: ['audio'] },
  waveglow: { inputs: ['mel', 'z'], outputs: ['audio'] },
} as const satisfies Record<string, { inputs: readonly string[]; outputs: readonly string[] }>;

const ElementType = z.enum(['float32', 'float16', 'int64', 'int32', 'bool']);
/** A number is a fixed size; a name (batch, symbols, frames, samples) is a dynamic axis. */
const Dim = z.union([z.number().int().positive(), z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)]);
const TensorDecl = z.object({ name: z.string().min(1), type: ElementType, shape: z.array(Dim) });
/** A plain file name inside the package: no folders, so a voice.json cannot point outside its package. */
const OnnxFile = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*\.onnx$/, 'must be a plain .onnx file name inside the package');
const GraphDecl = z.object({ file: OnnxFile, inputs: z.array(TensorDecl).min(1), outputs: z.array(TensorDecl).min(1) });
const VocoderName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/);

const VocoderDecl = z.discriminatedUnion('kind', [
  GraphDecl.extend({
    kind: z.enum(['hifigan', 'waveglow']),
    name: VocoderName,
    hop: z.number().int().positive(),
    config: z.record(z.string(), z.unknown()),
    source: z.string().nullable().optional(),
    step: z.number().int().nonnegative().nullable().optional(),
    /** An int8 twin (`export --int8`) of the float vocoder named by base: about half the CPU time. */
    precision: z.enum(['float32', 'int8']).optional(),
    base: VocoderName.optional(),
  }),
  z.object({
    kind: z.literal('griffinlim'),
    name: VocoderName,
    file: z.null(),
    hop: z.number().int().positive(),
    config: z.object({ iterations: z.number().int().positive(), power: z.number().positive(), momentum: z.number().min(0).max(1) }),
  }),
]);

export const VoiceJsonSchema = z.object({
  formatVersion: z.literal(VOICE_FORMAT_VERSION),
  name: z.string().min(1).max(200),
  language: z.string().min(2).max(35),
  sampleRate: z.number().int().min(8000).max(192000),
  mel: MelDeclSchema,
  text: z.object({
    frontend: z.enum(['nvidia-english', 'ipa-espeak']),
    symbolSet: z.string().min(1),
    padId: z.number().int().nonnegative(),
    symbols: z.array(z.string()).min(1),
    /** ipa-espeak: the espeak-ng voice the dataset was phonemized with (the engine phonemizes with the same one). */
    espeakVoice: z.string().min(1).optional(),
  }),
  acoustic: z.object({
    kind: z.literal('tacotron2'),
    reductionFactor: z.number().int().min(1).max(8),
    gateThreshold: z.number().gt(0).lt(1),
    maxDecoderStepsPerSymbol: z.number().positive(),
    minDecoderSteps: z.number().int().positive(),
    prenetDropout: z.object({ p: z.number().min(0).lt(1), inputs: z.tuple([z.string(), z.string()]), values: z.tuple([z.number(), z.number()]) }),
    dims: z.object({
      nMels: z.number().int().positive(), reductionFactor: z.number().int().positive(), encoderEmbeddingDim: z.number().int().positive(),
      attentionDim: z.number().int().positive(), attentionRnnDim: z.number().int().positive(),
      decoderRnnDim: z.number().int().positive(), prenetDim: z.number().int().positive(),
    }),
    /** decoderIterInt8: the decoder step with int8 weights (`export --int8`), same inputs and outputs. */
    graphs: z.object({ encoder: GraphDecl, decoderIter: GraphDecl, postnet: GraphDecl, decoderIterInt8: GraphDecl.optional() }),
  }),
  vocoders: z.array(VocoderDecl).min(1),
  provenance: z.looseObject({
    datasetHash: z.string().nullable(),
    run: z.string().nullable(),
    step: z.number().int().nonnegative().nullable(),
    license: z.string(),
    created: z.string(),
  }),
});
export type VoiceJson = z.infer<typeof VoiceJsonSchema>;
export type TensorDecl = z.infer<typeof TensorDecl>;
export type GraphDecl = z.infer<typeof GraphDecl>;
export type VocoderDecl = z.infer<typeof VocoderDecl>;

export class VoicePackageError extends ApiError {
  constructor(message: string, hint: string, readonly problems: string[] = []) {
    super('invalid_input', problems.length ? `${message}: ${problems.join('; ')}` : message, hint);
    this.name = 'VoicePackageError';
  }
}

const REEXPORT = 'Re-export the voice with `python -m voicewright_trainer export`, or copy the package again from its source.';

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Semantic checks the schema cannot express: the engine's names per graph, consistent sizes, unique vocoder names. */
function contractProblems(v: VoiceJson): string[] {
  const out: string[] = [];
  const check = (where: string, g: GraphDecl, role: keyof typeof GRAPH_CONTRACT): void => {
    const c = GRAPH_CONTRACT[role];
    const ins = g.inputs.map((t) => t.name);
    const outs = g.outputs.map((t) => t.name);
    if (!sameSet(ins, c.inputs)) out.push(`${where} (${g.file}) declares inputs [${ins.join(', ')}]; the engine feeds exactly [${c.inputs.join(', ')}]`);
    const missing = c.outputs.filter((n) => !outs.includes(n));
    if (missing.length) out.push(`${where} (${g.file}) lacks output${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  };
  const g = v.acoustic.graphs;
  check('acoustic.graphs.encoder', g.encoder, 'encoder');
  check('acoustic.graphs.decoderIter', g.decoderIter, 'decoderIter');
  check('acoustic.graphs.postnet', g.postnet, 'postnet');
  if (g.decoderIterInt8) check('acoustic.graphs.decoderIterInt8', g.decoderIterInt8, 'decoderIter');
  const frame = v.acoustic.dims.nMels * v.acoustic.reductionFactor;
  const decIn = g.decoderIter.inputs.find((t) => t.name === 'decoder_input');
  if (decIn && decIn.shape[1] !== frame) out.push(`decoder_input is [${decIn.shape.join(', ')}], expected [batch, ${frame}] (nMels × reductionFactor)`);
  if (v.acoustic.dims.reductionFactor !== v.acoustic.reductionFactor) out.push('acoustic.dims.reductionFactor differs from acoustic.reductionFactor');
  if (v.mel.nMels !== v.acoustic.dims.nMels) out.push(`mel.nMels ${v.mel.nMels} differs from the model's ${v.acoustic.dims.nMels}`);
  for (const name of v.acoustic.prenetDropout.inputs) {
    if (!g.decoderIter.inputs.some((t) => t.name === name)) out.push(`acoustic.prenetDropout names input ${name}, which decoderIter does not declare`);
  }
  const names = new Set<string>();
  v.vocoders.forEach((voc, i) => {
    if (names.has(voc.name)) out.push(`vocoders[${i}]: the name ${voc.name} repeats`);
    names.add(voc.name);
    if (voc.kind !== 'griffinlim') check(`vocoders[${i}] ${voc.name}`, voc, voc.kind);
    if (voc.hop !== v.mel.hop) out.push(`vocoders[${i}] ${voc.name}: hop ${voc.hop} differs from the mel hop ${v.mel.hop}`);
    if (voc.kind !== 'griffinlim' && voc.base !== undefined && !v.vocoders.some((x) => x.name === voc.base && x !== voc)) {
      out.push(`vocoders[${i}] ${voc.name}: its base vocoder ${voc.base} is not in the package`);
    }
  });
  return out;
}

/** Parses voice.json text; throws VoicePackageError listing every problem. */
export function parseVoiceJson(text: string, where = 'voice.json'): VoiceJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new VoicePackageError(`${where} is not valid JSON (${(e as Error).message})`, REEXPORT);
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > VOICE_FORMAT_VERSION) {
    throw new VoicePackageError(`${where} has format version ${version}; this Voicewright reads version ${VOICE_FORMAT_VERSION}`,
      'Update Voicewright to use this voice.');
  }
  const parsed = VoiceJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new VoicePackageError(`${where} does not describe a voice package`, REEXPORT, problems);
  }
  const problems = contractProblems(parsed.data);
  if (problems.length) throw new VoicePackageError(`${where} does not fit the synthesis engine`, REEXPORT, problems);
  return parsed.data;
}

/** Differences between what voice.json declares for a graph and what the loaded ONNX session has. */
export function graphProblems(decl: Pick<GraphDecl, 'inputs' | 'outputs'>, session: InferenceSession): string[] {
  const out: string[] = [];
  const side = (kind: 'input' | 'output', declared: TensorDecl[], meta: readonly InferenceSession.ValueMetadata[]): void => {
    const byName = new Map(meta.map((m) => [m.name, m]));
    const fileNames = meta.map((m) => m.name);
    for (const t of declared) {
      const m = byName.get(t.name);
      if (!m) {
        out.push(`voice.json declares ${kind} '${t.name}', which the file does not have (the file's ${kind}s: ${fileNames.join(', ')})`);
        continue;
      }
      if (!m.isTensor) {
        out.push(`${kind} '${t.name}' is not a tensor in the file`);
        continue;
      }
      if (m.type !== t.type) out.push(`${kind} '${t.name}' is ${m.type} in the file, voice.json declares ${t.type}`);
      const shape = m.shape;
      if (shape.length !== t.shape.length) {
        out.push(`${kind} '${t.name}' has rank ${shape.length} [${shape.join(', ')}] in the file, voice.json declares rank ${t.shape.length} [${t.shape.join(', ')}]`);
        continue;
      }
      t.shape.forEach((d, i) => {
        const f = shape[i];
        const fileFixed = typeof f === 'number' && f > 0;
        if (typeof d === 'number' && fileFixed && f !== d) out.push(`${kind} '${t.name}' dimension ${i} is ${f} in the file, voice.json declares ${d}`);
        if (typeof d === 'string' && fileFixed) out.push(`${kind} '${t.name}' dimension ${i} (${d}) is fixed to ${f} in the file; it must be dynamic`);
      });
    }
    for (const name of fileNames) {
      if (!declared.some((t) => t.name === name)) out.push(`the file has ${kind} '${name}', which voice.json does not declare`);
    }
  };
  side('input', decl.inputs, session.inputMetadata);
  side('output', decl.outputs, session.outputMetadata);
  return out;
}

export interface LoadedVoice {
  dir: string;
  voice: VoiceJson;
  encoder: InferenceSession;
  decoderIter: InferenceSession;
  /** The decoder step's precision actually loaded. */
  decoderPrecision: Precision;
  postnet: InferenceSession;
  /** ONNX vocoders by name (Griffin-Lim needs no session). */
  vocoders: Map<string, InferenceSession>;
  release(): Promise<void>;
}

export type Precision = 'float32' | 'int8';

export interface LoadVoiceOptions {
  sessionOptions?: InferenceSession.SessionOptions;
  /** int8: the int8 decoder step when the package has one (else the float one). */
  precision?: Precision;
  /** Load only these ONNX vocoders (default: all). */
  vocoders?: string[];
}

/** Reads and validates a voice folder, opens every ONNX graph and checks it against voice.json. Releases what it
 * opened when anything fails. */
export async function loadVoicePackage(dir: string, options: LoadVoiceOptions = {}): Promise<LoadedVoice> {
  const root = resolve(dir);
  const jsonPath = join(root, 'voice.json');
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch {
    throw new VoicePackageError(`${root} is not a voice package: it has no readable voice.json`,
      'Pick the folder that holds voice.json (an export from the trainer), or export the voice again.');
  }
  const voice = parseVoiceJson(text, jsonPath);
  const { InferenceSession: Session } = await import('onnxruntime-node');
  const opened: InferenceSession[] = [];
  const open = async (where: string, decl: GraphDecl): Promise<InferenceSession> => {
    const file = join(root, decl.file);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new VoicePackageError(`${decl.file} is missing from ${root} (${where}.file in voice.json)`, REEXPORT);
    let session: InferenceSession;
    try {
      session = await Session.create(file, options.sessionOptions ?? {});
    } catch (e) {
      throw new VoicePackageError(`${decl.file} (${where}) is not a loadable ONNX model: ${(e as Error).message.split('\n')[0]}`,
        `The file is damaged or incomplete. ${REEXPORT}`);
    }
    opened.push(session);
    const problems = graphProblems(decl, session);
    if (problems.length) throw new VoicePackageError(`${decl.file} (${where}) does not match voice.json`, REEXPORT, problems);
    return session;
  };
  const release = async (): Promise<void> => {
    await Promise.allSettled(opened.map((s) => s.release()));
  };
  try {
    const g = voice.acoustic.graphs;
    const encoder = await open('acoustic.graphs.encoder', g.encoder);
    const int8 = options.precision === 'int8' && g.decoderIterInt8 !== undefined;
    const decoderIter = int8 && g.decoderIterInt8 ? await open('acoustic.graphs.decoderIterInt8', g.decoderIterInt8) : await open('acoustic.graphs.decoderIter', g.decoderIter);
    const postnet = await open('acoustic.graphs.postnet', g.postnet);
    const vocoders = new Map<string, InferenceSession>();
    const wanted = options.vocoders;
    if (wanted) {
      const unknown = wanted.filter((n) => !voice.vocoders.some((v) => v.name === n));
      if (unknown.length) {
        throw new VoicePackageError(`voice ${voice.name} has no vocoder ${unknown.join(', ')}`,
          `Choose one of: ${voice.vocoders.map((v) => v.name).join(', ')}.`);
      }
    }
    for (const [i, v] of voice.vocoders.entries()) {
      if (v.kind === 'griffinlim' || (wanted && !wanted.includes(v.name))) continue;
      vocoders.set(v.name, await open(`vocoders[${i}]`, v));
    }
    return { dir: root, voice, encoder, decoderIter, decoderPrecision: int8 ? 'int8' : 'float32', postnet, vocoders, release };
  } catch (e) {
    await release();
    throw e;
  }
}
