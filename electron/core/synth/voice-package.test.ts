// Loading a voice package: a real export loads; a wrong name, type or rank, a missing file, a corrupt ONNX each get a clear error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasTorch, TRAINER_PYTHON as PYTHON } from '../testing/python';
import { makeTempDir } from '../testing/temp-dir';
import { loadVoicePackage, parseVoiceJson, VoicePackageError, type VoiceJson } from './voice-package';

const TRAINER = join(__dirname, '..', '..', '..', 'resources', 'trainer');
const noTorch = ((): string | null => {
  if (!hasTorch) return `${PYTHON} lacks torch (apt-get install python3-torch python3-numpy): no voice package can be exported`;
  try {
    execFileSync(PYTHON, ['-c', 'import onnx'], { stdio: 'ignore', timeout: 60_000 });
    return null;
  } catch {
    return `${PYTHON} lacks onnx (apt-get install python3-onnx): no voice package can be exported`;
  }
})();

async function loadError(dir: string): Promise<VoicePackageError> {
  try {
    const v = await loadVoicePackage(dir);
    await v.release();
  } catch (e) {
    expect(e).toBeInstanceOf(VoicePackageError);
    return e as VoicePackageError;
  }
  throw new Error(`${dir} loaded, but an error was expected`);
}

describe.skipIf(noTorch !== null)('voice packages from the trainer', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let exported: string;
  let dir: string;
  let n = 0;
  const voiceJson = (): VoiceJson => JSON.parse(readFileSync(join(dir, 'voice.json'), 'utf8')) as VoiceJson;
  const writeVoiceJson = (v: VoiceJson): void => writeFileSync(join(dir, 'voice.json'), JSON.stringify(v));

  beforeAll(() => {
    tmp = makeTempDir('voicewright-voice-');
    exported = join(tmp.path, 'exported');
    execFileSync(PYTHON, ['-m', 'voicewright_trainer', 'export', '--checkpoint', 'random:tiny:3', '--vocoder', 'hifi=random:tiny',
      '--out', exported, '--name', 'Test voice', '--license', 'CC0-1.0'], { cwd: TRAINER, env: { ...process.env, OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
  }, 120_000);
  afterAll(() => tmp?.cleanup());
  beforeEach(() => {
    dir = join(tmp.path, `copy-${n++}`);
    cpSync(exported, dir, { recursive: true });
  });

  it('an exported voice loads with every graph and its vocoders', async () => {
    const v = await loadVoicePackage(dir);
    try {
      expect(v.voice.name).toBe('Test voice');
      expect(v.voice.text.symbols).toHaveLength(148);
      expect(v.voice.provenance.license).toBe('CC0-1.0');
      expect(v.voice.vocoders.map((x) => [x.name, x.kind])).toEqual([['hifi', 'hifigan'], ['griffin-lim', 'griffinlim']]);
      expect([...v.vocoders.keys()]).toEqual(['hifi']);
      expect(v.encoder.inputNames).toEqual(['sequences', 'sequence_lengths']);
      expect(v.decoderIter.outputNames[0]).toBe('decoder_output');
      expect(v.postnet.outputNames).toEqual(['mel_outputs_postnet']);
    } finally {
      await v.release();
    }
  });

  it('a voice.json input name the engine does not know is refused before any file is opened', async () => {
    const v = voiceJson();
    v.acoustic.graphs.decoderIter.inputs[10]!.name = 'masks';
    writeVoiceJson(v);
    const e = await loadError(dir);
    expect(e.message).toContain('decoder_iter.onnx');
    expect(e.message).toContain('masks');
    expect(e.hint).toContain('Re-export');
  });

  it('a graph file that does not match its declaration is named with each mismatch', async () => {
    const v = voiceJson();
    v.acoustic.graphs.postnet.file = 'encoder.onnx';
    writeVoiceJson(v);
    const e = await loadError(dir);
    expect(e.message).toMatch(/^encoder\.onnx \(acoustic\.graphs\.postnet\) does not match voice\.json/);
    expect(e.message).toContain("voice.json declares input 'mel_outputs', which the file does not have (the file's inputs: sequences, sequence_lengths)");
    expect(e.problems).toContain("the file has output 'memory', which voice.json does not declare");
  });

  it('a wrong element type or rank is reported with what the file has', async () => {
    const v = voiceJson();
    const dec = v.acoustic.graphs.decoderIter;
    dec.inputs.find((t) => t.name === 'mask')!.type = 'float32';
    dec.outputs.find((t) => t.name === 'out_attention_context')!.shape = ['batch'];
    writeVoiceJson(v);
    const e = await loadError(dir);
    expect(e.problems).toEqual([
      "input 'mask' is bool in the file, voice.json declares float32",
      "output 'out_attention_context' has rank 2 [batch, 32] in the file, voice.json declares rank 1 [batch]",
    ]);
  });

  it('a fixed size that differs is reported', async () => {
    const v = voiceJson();
    const hifi = v.vocoders[0]!;
    if (hifi.kind !== 'griffinlim') hifi.inputs[0]!.shape = ['batch', 81, 'frames'];
    writeVoiceJson(v);
    const e = await loadError(dir);
    expect(e.message).toContain("vocoder-hifi.onnx (vocoders[0]) does not match voice.json: input 'mel' dimension 1 is 80 in the file, voice.json declares 81");
  });

  it('a missing file names the file and where voice.json refers to it', async () => {
    rmSync(join(dir, 'vocoder-hifi.onnx'));
    const e = await loadError(dir);
    expect(e.message).toBe(`vocoder-hifi.onnx is missing from ${dir} (vocoders[0].file in voice.json)`);
  });

  it('a corrupt ONNX file is reported as damaged, not as a crash', async () => {
    truncateSync(join(dir, 'decoder_iter.onnx'), 1000);
    const e = await loadError(dir);
    expect(e.message).toMatch(/^decoder_iter\.onnx \(acoustic\.graphs\.decoderIter\) is not a loadable ONNX model: /);
    expect(e.hint).toContain('damaged');
  });

  it('a folder without voice.json, broken JSON and a newer format version each say what to do', async () => {
    rmSync(join(dir, 'voice.json'));
    expect((await loadError(dir)).message).toContain('has no readable voice.json');
    writeFileSync(join(dir, 'voice.json'), '{"formatVersion": 1,');
    expect((await loadError(dir)).message).toMatch(/voice\.json is not valid JSON/);
    writeFileSync(join(dir, 'voice.json'), JSON.stringify({ ...voiceJsonOf(exported), formatVersion: 2 }));
    const e = await loadError(dir);
    expect(e.message).toContain('format version 2');
    expect(e.hint).toBe('Update Voicewright to use this voice.');
  });
});

function voiceJsonOf(folder: string): VoiceJson {
  return JSON.parse(readFileSync(join(folder, 'voice.json'), 'utf8')) as VoiceJson;
}

describe('voice.json schema', () => {
  const base = (): VoiceJson => ({
    formatVersion: 1, name: 'x', language: 'en-US', sampleRate: 22050,
    mel: { sampleRate: 22050, nFft: 1024, hop: 256, win: 1024, nMels: 80, fmin: 0, fmax: 8000, melScale: 'slaney', center: true, logBase: 'e', clamp: 1e-5 },
    text: { frontend: 'nvidia-english', symbolSet: 'nvidia-tacotron2-english', padId: 0, symbols: ['_', 'a'] },
    acoustic: {
      kind: 'tacotron2', reductionFactor: 1, gateThreshold: 0.5, maxDecoderStepsPerSymbol: 10, minDecoderSteps: 40,
      prenetDropout: { p: 0.5, inputs: ['prenet_dropout_mask_0', 'prenet_dropout_mask_1'], values: [0, 2] },
      dims: { nMels: 80, reductionFactor: 1, encoderEmbeddingDim: 8, attentionDim: 4, attentionRnnDim: 8, decoderRnnDim: 8, prenetDim: 4 },
      graphs: {
        encoder: { file: 'encoder.onnx', inputs: [{ name: 'sequences', type: 'int64', shape: ['batch', 'symbols'] }, { name: 'sequence_lengths', type: 'int64', shape: ['batch'] }],
          outputs: [{ name: 'memory', type: 'float32', shape: ['batch', 'symbols', 8] }, { name: 'processed_memory', type: 'float32', shape: ['batch', 'symbols', 4] }] },
        decoderIter: { file: 'decoder_iter.onnx',
          inputs: ['decoder_input', 'attention_hidden', 'attention_cell', 'decoder_hidden', 'decoder_cell', 'attention_weights', 'attention_weights_cum',
            'attention_context', 'memory', 'processed_memory', 'mask', 'prenet_dropout_mask_0', 'prenet_dropout_mask_1']
            .map((name) => ({ name, type: 'float32' as const, shape: name === 'decoder_input' ? ['batch', 80] : ['batch', 8] })),
          outputs: ['decoder_output', 'gate_prediction', 'out_attention_hidden', 'out_attention_cell', 'out_decoder_hidden', 'out_decoder_cell',
            'out_attention_weights', 'out_attention_weights_cum', 'out_attention_context'].map((name) => ({ name, type: 'float32' as const, shape: ['batch', 8] })) },
        postnet: { file: 'postnet.onnx', inputs: [{ name: 'mel_outputs', type: 'float32', shape: ['batch', 80, 'frames'] }],
          outputs: [{ name: 'mel_outputs_postnet', type: 'float32', shape: ['batch', 80, 'frames'] }] },
      },
    },
    vocoders: [{ name: 'griffin-lim', kind: 'griffinlim', file: null, hop: 256, config: { iterations: 60, power: 1.5, momentum: 0.99 } }],
    provenance: { datasetHash: null, run: null, step: null, license: 'unspecified', created: '2024-01-01T00:00:00Z' },
  });

  it('accepts a complete declaration', () => {
    expect(parseVoiceJson(JSON.stringify(base())).acoustic.reductionFactor).toBe(1);
  });

  it('refuses a file name that leaves the package folder', () => {
    const v = base();
    v.acoustic.graphs.encoder.file = '../../elsewhere/encoder.onnx';
    expect(() => parseVoiceJson(JSON.stringify(v))).toThrow(/acoustic\.graphs\.encoder\.file: must be a plain \.onnx file name/);
  });

  it('refuses a decoder frame size that does not match nMels × r, and repeated vocoder names', () => {
    const v = base();
    v.acoustic.reductionFactor = 2;
    v.acoustic.dims.reductionFactor = 2;
    v.vocoders.push({ ...v.vocoders[0]! });
    expect(() => parseVoiceJson(JSON.stringify(v))).toThrow(
      /decoder_input is \[batch, 80\], expected \[batch, 160\].*vocoders\[1\]: the name griffin-lim repeats/);
  });
});

if (noTorch !== null) {
  describe('voice packages from the trainer', () => {
    it.skip(`skipped: ${noTorch}`, () => {});
  });
}
