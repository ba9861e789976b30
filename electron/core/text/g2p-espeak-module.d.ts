// Ambient types for @echogarden/espeak-ng-emscripten (ships no typings); only what g2p-espeak.ts touches.
declare module '@echogarden/espeak-ng-emscripten' {
  interface EspeakVoidPtr {
    readonly ptr: number;
  }
  interface EspeakWorker {
    /** Returns 0 (EE_OK) when the voice was found. */
    set_voice(name: string, language?: string): number;
    /** Phonemizes every clause of aText; phonemes joined by '_', words by ' ', clauses by ' | '. */
    text_to_phonemes(aText: string, useIpa: boolean): EspeakVoidPtr;
  }
  export interface EspeakModule {
    eSpeakNGWorker: new () => EspeakWorker;
    getPointer(p: EspeakVoidPtr): number;
    readonly HEAPU8: Uint8Array;
  }
  const createModule: (moduleArg?: Record<string, unknown>) => Promise<EspeakModule>;
  export default createModule;
}
