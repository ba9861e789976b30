// Text → the input mel of a text experiment: a voice's Tacotron2 (encoder, decoder steps, postnet) on onnxruntime, sentences joined in time.
import { ApiError } from '../../shared/errors';
import type { Mel } from '../audio/mel';
import { SynthEngine } from '../synth/synth-engine';
import { engineG2p, prepareText } from '../synth/synth-text';

/** Prenet dropout stays on at inference (Tacotron2's design); one fixed seed makes every run render the same mel. */
const SEED = 1234;

export class TextMel {
  private constructor(private readonly engine: SynthEngine) {}

  static async open(voiceDir: string, threads: number): Promise<TextMel> {
    return new TextMel(await SynthEngine.open(voiceDir, { provider: 'cpu', threads, vocoders: [] }));
  }

  async render(text: string, key: string): Promise<Mel> {
    const voice = this.engine.voice;
    const phonemes = voice.text.frontend === 'ipa-espeak' ? { g2p: await engineG2p() } : undefined;
    const prepared = prepareText(text, voice, undefined, phonemes);
    if (prepared.sentences.length === 0) {
      throw new ApiError('invalid_input', `${key}: nothing in "${text.slice(0, 60)}" can be spoken by ${voice.name}`, 'Give the utterance words the voice can read.');
    }
    const decoded = await this.engine.decode(prepared.sentences, { seed: SEED });
    const nMels = voice.mel.nMels;
    const frames = decoded.reduce((a, d) => a + d.frames, 0);
    const data = new Float32Array(nMels * frames);
    let at = 0;
    for (const d of decoded) {
      for (let m = 0; m < nMels; m++) data.set(d.mel.subarray(m * d.frames, (m + 1) * d.frames), m * frames + at);
      at += d.frames;
    }
    return { nMels, frames, data };
  }

  release(): Promise<void> {
    return this.engine.release();
  }
}
