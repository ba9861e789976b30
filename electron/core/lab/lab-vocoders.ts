// A condition's vocoder ready to run: the built-in or a voice's Griffin-Lim, or a voice's ONNX graph checked against voice.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { ApiError } from '../../shared/errors';
import { griffinLim } from '../audio/griffin-lim';
import type { Mel } from '../audio/mel';
import { sessionOptionsFor } from '../synth/execution-providers';
import { sentenceRng } from '../synth/synth-engine';
import { graphProblems, parseVoiceJson } from '../synth/voice-package';
import type { MelDecl } from '../../shared/domains/lab';
import type { PlanCondition } from './lab-run-protocol';
import { melConfigOf } from './mel-match';

export interface RunnableVocoder {
  run(mel: Mel): Promise<Float32Array>;
  release(): Promise<void>;
}

const SEED = 1234;

export async function openVocoder(c: PlanCondition, mel: MelDecl, threads: number, ort: typeof Ort): Promise<RunnableVocoder> {
  const cfg = melConfigOf(mel);
  if (c.voiceDir === null) {
    return { run: (m) => Promise.resolve(griffinLim(m, cfg, { iterations: c.iterations, seed: SEED })), release: () => Promise.resolve() };
  }
  const voice = parseVoiceJson(readFileSync(join(c.voiceDir, 'voice.json'), 'utf8'), join(c.voiceDir, 'voice.json'));
  const decl = voice.vocoders.find((v) => v.name === c.vocoder);
  if (!decl) throw new ApiError('invalid_input', `Voice ${voice.name} no longer has a vocoder ${c.vocoder}`, 'Make a new experiment with the vocoders the voice has now.');
  if (decl.kind === 'griffinlim') {
    return { run: (m) => Promise.resolve(griffinLim(m, cfg, { ...decl.config, seed: SEED })), release: () => Promise.resolve() };
  }
  const session = await ort.InferenceSession.create(join(c.voiceDir, decl.file), sessionOptionsFor('cpu', threads));
  const problems = graphProblems(decl, session);
  if (problems.length) {
    await session.release();
    throw new ApiError('invalid_input', `${decl.file} of voice ${voice.name} does not match its voice.json: ${problems.join('; ')}`, 'Re-export or re-import the voice.');
  }
  return {
    async run(m) {
      const feeds: Record<string, Ort.Tensor> = { mel: new ort.Tensor('float32', m.data, [1, m.nMels, m.frames]) };
      if (decl.kind === 'waveglow') {
        // WaveGlow's z, seeded as the synthesis engine seeds it, so a rerun gives the same audio.
        const zDecl = decl.inputs.find((t) => t.name === 'z');
        const groups = typeof zDecl?.shape[1] === 'number' ? zDecl.shape[1] : 8;
        const len = (m.frames * decl.hop) / groups;
        const rand = sentenceRng(SEED, 1 << 20);
        const z = new Float32Array(groups * len);
        for (let i = 0; i < z.length; i++) z[i] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
        feeds.z = new ort.Tensor('float32', z, [1, groups, len]);
      }
      const out = await session.run(feeds);
      return out.audio!.data as Float32Array;
    },
    release: () => session.release(),
  };
}
