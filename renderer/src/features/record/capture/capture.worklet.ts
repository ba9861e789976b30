// AudioWorklet processor: copies the microphone's mono input into ~43 ms blocks and posts them to the main thread.

// The worklet global scope is not in lib.dom; declare the little of it this processor uses (module-scoped: see the export below).
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: new () => AudioWorkletProcessor): void;

/** 16 render quanta: few enough messages to keep the main thread calm, small enough for a smooth meter. */
const BLOCK_FRAMES = 2048;

class CaptureProcessor extends AudioWorkletProcessor {
  private block = new Float32Array(BLOCK_FRAMES);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    // With no input connected yet (or a muted track) the quantum is empty: nothing to post.
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    let offset = 0;
    while (offset < channel.length) {
      const n = Math.min(channel.length - offset, BLOCK_FRAMES - this.filled);
      this.block.set(channel.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === BLOCK_FRAMES) {
        // Transfer, not copy: the main thread owns this block now.
        this.port.postMessage(this.block, [this.block.buffer]);
        this.block = new Float32Array(BLOCK_FRAMES);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('voicewright-capture', CaptureProcessor);

export {};
