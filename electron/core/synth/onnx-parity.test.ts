// The trainer's exported voice package run in onnxruntime-node gives PyTorch's outputs (1e-4): every graph, and a greedy decode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { TRAINER_PYTHON as PYTHON } from '../testing/python';
import { readNpy, type Npy } from '../testing/npy';
import { noExporter } from './testing-voice';
import { makeTempDir } from '../testing/temp-dir';
import { GRAPH_CONTRACT, loadVoicePackage, type LoadedVoice } from './voice-package';

// Full size on request (VOICEWRIGHT_PARITY_MODEL=nvidia VOICEWRIGHT_PARITY_VOCODER=v1; ~20 s more): the default is the tiny config.
const MODEL = process.env.VOICEWRIGHT_PARITY_MODEL ?? 'tiny';
const VOCODER = process.env.VOICEWRIGHT_PARITY_VOCODER ?? 'tiny';
const TRAINER = join(__dirname, '..', '..', '..', 'resources', 'trainer');
const noTorch = noExporter;

const tensor = (a: Npy): ort.Tensor => new ort.Tensor(a.type, a.data, a.dims);

function maxAbsDiff(got: ort.Tensor, want: Npy): number {
  expect(got.dims).toEqual(want.dims);
  const g = got.data as Float32Array;
  const w = want.data as Float32Array;
  let m = 0;
  for (let i = 0; i < w.length; i++) m = Math.max(m, Math.abs((g[i] ?? NaN) - (w[i] ?? NaN)));
  return Number.isNaN(m) ? Infinity : m;
}

/** Rows [step, ...] of a [steps, B, P] array as one [B, P] tensor. */
function stepSlice(a: Npy, step: number, rows?: [number, number]): ort.Tensor {
  const [, b = 1, p = 1] = a.dims;
  const [r0, r1] = rows ?? [0, b];
  const data = (a.data as Float32Array).slice((step * b + r0) * p, (step * b + r1) * p);
  return new ort.Tensor('float32', data, [r1 - r0, p]);
}

interface Manifest {
  tolerance: number;
  cases: { graph: string; vocoder?: string; file: string; inputs: Record<string, string>; outputs: Record<string, string> }[];
  decode: { steps: number; texts: string[]; inputs: Record<string, string>; outputs: Record<string, string> };
}

/** encoder → steps × decoder_iter → postnet, as the engine runs them; rows picks sentences out of the parity batch. */
async function greedyDecode(v: LoadedVoice, seq: Npy, lens: Npy, m0: Npy, m1: Npy, steps: number, rows?: [number, number]) {
  const [b = 1, t = 1] = seq.dims;
  const [r0, r1] = rows ?? [0, b];
  const n = r1 - r0;
  const lengths = (lens.data as BigInt64Array).slice(r0, r1);
  const tMax = Number(lengths.reduce((a, x) => (x > a ? x : a), 0n));
  const ids = new BigInt64Array(n * tMax);
  for (let i = 0; i < n; i++) for (let j = 0; j < tMax; j++) ids[i * tMax + j] = (seq.data as BigInt64Array)[(r0 + i) * t + j] ?? 0n;
  const enc = await v.encoder.run({ sequences: new ort.Tensor('int64', ids, [n, tMax]), sequence_lengths: new ort.Tensor('int64', lengths, [n]) });
  const d = v.voice.acoustic.dims;
  const frame = d.nMels * d.reductionFactor;
  const zeros = (...dims: number[]): ort.Tensor => new ort.Tensor('float32', new Float32Array(dims.reduce((a, x) => a * x, 1)), dims);
  const mask = new Uint8Array(n * tMax);
  for (let i = 0; i < n; i++) for (let j = 0; j < tMax; j++) mask[i * tMax + j] = j >= Number(lengths[i]) ? 1 : 0;
  let feeds: Record<string, ort.Tensor> = {
    decoder_input: zeros(n, frame), attention_hidden: zeros(n, d.attentionRnnDim), attention_cell: zeros(n, d.attentionRnnDim),
    decoder_hidden: zeros(n, d.decoderRnnDim), decoder_cell: zeros(n, d.decoderRnnDim), attention_weights: zeros(n, tMax),
    attention_weights_cum: zeros(n, tMax), attention_context: zeros(n, d.encoderEmbeddingDim),
    memory: enc.memory!, processed_memory: enc.processed_memory!, mask: new ort.Tensor('bool', mask, [n, tMax]),
  };
  const frames: Float32Array[] = [];
  const gates: number[][] = [];
  const aligns: Float32Array[] = [];
  for (let s = 0; s < steps; s++) {
    const out = await v.decoderIter.run({ ...feeds, prenet_dropout_mask_0: stepSlice(m0, s, [r0, r1]), prenet_dropout_mask_1: stepSlice(m1, s, [r0, r1]) });
    frames.push(out.decoder_output!.data as Float32Array);
    gates.push(Array.from(out.gate_prediction!.data as Float32Array));
    aligns.push(out.out_attention_weights!.data as Float32Array);
    const next: Record<string, ort.Tensor> = { ...feeds, decoder_input: out.decoder_output! };
    for (const name of GRAPH_CONTRACT.decoderIter.inputs.slice(1, 8)) next[name] = out[`out_${name}`]!;
    feeds = next;
  }
  // decoder_output is r frames of nMels one after the other; mel is [B, nMels, steps*r].
  const nFrames = steps * d.reductionFactor;
  const mel = new Float32Array(n * d.nMels * nFrames);
  const gate = new Float32Array(n * steps);
  const align = new Float32Array(n * steps * tMax);
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < n; i++) {
      gate[i * steps + s] = gates[s]![i]!;
      align.set(aligns[s]!.subarray(i * tMax, (i + 1) * tMax), (i * steps + s) * tMax);
      for (let k = 0; k < d.reductionFactor; k++) {
        for (let c = 0; c < d.nMels; c++) mel[(i * d.nMels + c) * nFrames + s * d.reductionFactor + k] = frames[s]![i * frame + k * d.nMels + c]!;
      }
    }
  }
  const melT = new ort.Tensor('float32', mel, [n, d.nMels, nFrames]);
  const post = await v.postnet.run({ mel_outputs: melT });
  return { mel: melT, mel_postnet: post.mel_outputs_postnet!, gate: new ort.Tensor('float32', gate, [n, steps]),
    alignments: new ort.Tensor('float32', align, [n, steps, tMax]), memory: enc.memory!, processed_memory: enc.processed_memory! };
}

describe.skipIf(noTorch !== null)('ONNX parity: trainer export vs onnxruntime-node', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let voiceDir: string;
  let voice: LoadedVoice;
  let manifest: Manifest;
  const npy = (file: string): Npy => readNpy(join(voiceDir, 'parity', file));
  const diffs: Record<string, number> = {};

  beforeAll(async () => {
    tmp = makeTempDir('voicewright-parity-');
    voiceDir = join(tmp.path, 'voice');
    execFileSync(PYTHON, ['-m', 'voicewright_trainer', 'export', '--checkpoint', `random:${MODEL}:7`, '--vocoder', `hifi=random:${VOCODER}`,
      '--out', voiceDir, '--name', 'Parity', '--threads', '2'], { cwd: TRAINER, env: { ...process.env, OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    manifest = JSON.parse(readFileSync(join(voiceDir, 'parity', 'manifest.json'), 'utf8')) as Manifest;
    voice = await loadVoicePackage(voiceDir, { sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1 } });
  }, 120_000);

  afterAll(async () => {
    await voice?.release();
    console.log(`ONNX parity max |onnxruntime − PyTorch|: ${JSON.stringify(diffs)}`);
    tmp?.cleanup();
  });

  it('every graph gives PyTorch\'s outputs for the fixed random inputs', async () => {
    expect(manifest.cases.map((c) => c.graph)).toEqual(['encoder', 'decoderIter', 'postnet', 'vocoder']);
    for (const c of manifest.cases) {
      const session = c.graph === 'vocoder' ? voice.vocoders.get(c.vocoder ?? '') : voice[c.graph as 'encoder' | 'decoderIter' | 'postnet'];
      expect(session, c.file).toBeDefined();
      const feeds = Object.fromEntries(Object.entries(c.inputs).map(([name, file]) => [name, tensor(npy(file))]));
      const out = await session!.run(feeds);
      for (const [name, file] of Object.entries(c.outputs)) {
        const d = maxAbsDiff(out[name]!, npy(file));
        diffs[`${c.file}:${name}`] = d;
        expect(d, `${c.file} ${name}`).toBeLessThanOrEqual(manifest.tolerance);
      }
    }
  });

  it('a greedy decode of two sentences in one batch follows PyTorch step for step', async () => {
    const { inputs, outputs, steps } = manifest.decode;
    const got = await greedyDecode(voice, npy(inputs.sequences!), npy(inputs.sequence_lengths!),
      npy(inputs.prenet_dropout_mask_0!), npy(inputs.prenet_dropout_mask_1!), steps);
    for (const [name, file] of Object.entries(outputs)) {
      const d = maxAbsDiff(got[name as keyof typeof got], npy(file));
      diffs[`decode:${name}`] = d;
      expect(d, name).toBeLessThanOrEqual(manifest.tolerance);
    }
  });

  it('a sentence decoded alone equals its row of the batch (padding never leaks in)', async () => {
    const { inputs, steps } = manifest.decode;
    const args = [npy(inputs.sequences!), npy(inputs.sequence_lengths!), npy(inputs.prenet_dropout_mask_0!), npy(inputs.prenet_dropout_mask_1!)] as const;
    const batch = await greedyDecode(voice, ...args, steps);
    const lens = args[1].data as BigInt64Array;
    const shorter = lens[0]! < lens[1]! ? 0 : 1;
    const alone = await greedyDecode(voice, ...args, steps, [shorter, shorter + 1]);
    const row = (t: ort.Tensor, i: number): Float32Array => {
      const size = t.dims.slice(1).reduce((a, x) => a * x, 1);
      return (t.data as Float32Array).slice(i * size, (i + 1) * size);
    };
    const a = row(alone.mel_postnet, 0);
    const b = row(batch.mel_postnet, shorter);
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    diffs['decode:alone-vs-batch:mel_postnet'] = m;
    expect(m).toBeLessThanOrEqual(1e-5);
  });
});

if (noTorch !== null) {
  describe('ONNX parity', () => {
    it.skip(`skipped: ${noTorch}`, () => {});
  });
}
