// Typed wrapper over espeak-ng compiled to WebAssembly: one instance per process, voice switching, IPA per clause.
//
// Package: @echogarden/espeak-ng-emscripten (GPL-3.0, like espeak-ng itself). Chosen because it ships
// the wasm inlined in one ES module plus espeak-ng.data with the full espeak-ng-data (100+ languages,
// en-US/en-GB/de among them), exposes espeak_TextToPhonemes (no audio synthesis needed, ~0.15 ms/word),
// needs no install script and no network, and is maintained as the backend of Echogarden.
// Rejected: `phonemizer` (xenova, Apache wrapper) bundles English voices only — German fails;
// `espeak-ng` (ianmarmour) is a CLI build that instantiates a new module per call and writes to a
// virtual file; `mespeak` is the 2011 eSpeak (not -ng) for audio in browsers.
import createEspeakModule, { type EspeakModule } from '@echogarden/espeak-ng-emscripten';

export interface EspeakEngine {
  /** Selects the espeak language (e.g. 'en-us', 'en-gb', 'de'); false when espeak has no such voice. */
  setLanguage(espeakLanguage: string): boolean;
  /** Raw espeak output: phonemes joined by '_', words by ' ', clauses by ' | '. */
  textToPhonemes(text: string): string;
}

let loading: Promise<EspeakEngine> | undefined;

/** Loads the wasm module once per process; later calls share the same engine. */
export function loadEspeak(): Promise<EspeakEngine> {
  const pending =
    loading ??
    createEspeakModule().then(wrap, (error: unknown) => {
      loading = undefined; // let a later call retry
      throw new Error(`espeak-ng (wasm) failed to load: ${error instanceof Error ? error.message : String(error)}`);
    });
  loading = pending;
  return pending;
}

function wrap(mod: EspeakModule): EspeakEngine {
  const worker = new mod.eSpeakNGWorker();
  const decoder = new TextDecoder('utf-8');
  let current: string | undefined;
  return {
    setLanguage(espeakLanguage) {
      if (current === espeakLanguage) return true;
      // Empty name + language lets espeak pick the best voice for the language code.
      const ok = worker.set_voice('', espeakLanguage) === 0;
      current = ok ? espeakLanguage : undefined;
      return ok;
    },
    textToPhonemes(text) {
      const start = mod.getPointer(worker.text_to_phonemes(text, true));
      const heap = mod.HEAPU8; // re-read: memory growth replaces the buffer
      let end = start;
      while (heap[end] !== 0 && end < heap.length) end++;
      return decoder.decode(heap.subarray(start, end));
    },
  };
}
