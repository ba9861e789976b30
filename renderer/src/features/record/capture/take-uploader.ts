// Streams one take to the backend: ~250 ms chunks, numbered, sent strictly one after another, queued while one is in flight.
import type { StudioClient } from '../../../../../electron/shared/client';
import type { Take } from '../../../../../electron/shared/domains/corpus';
import type { ApiError } from '../../../../../electron/shared/errors';
import { toApiError } from '../../../api/errors';
import { concatBlocks, samplesToBase64 } from './samples-base64';

const CHUNK_SECONDS = 0.25;

export class TakeUploader {
  private pending: Float32Array[] = [];
  private pendingFrames = 0;
  private readonly queue: Float32Array[] = [];
  private seq = 0;
  private pumping: Promise<void> | null = null;
  private failure: ApiError | null = null;
  private readonly chunkFrames: number;
  /** Frames captured so far (sent or not). */
  capturedFrames = 0;

  constructor(
    private readonly client: StudioClient,
    private readonly takeId: Promise<number>,
    readonly sampleRate: number,
    private readonly onSaved: (seconds: number) => void,
    private readonly onFailure: (error: ApiError) => void,
  ) {
    this.chunkFrames = Math.round(sampleRate * CHUNK_SECONDS);
  }

  add(block: Float32Array): void {
    if (this.failure) return;
    this.pending.push(block);
    this.pendingFrames += block.length;
    this.capturedFrames += block.length;
    if (this.pendingFrames >= this.chunkFrames) this.flushPending();
  }

  /** Sends what is left, waits for every chunk to be on disk, and closes the take; resolves to the checked take. */
  async finish(): Promise<Take> {
    this.flushPending();
    for (;;) {
      if (this.pumping) await this.pumping;
      else if (this.queue.length > 0 && !this.failure) this.pump();
      else break;
    }
    if (this.failure) throw this.failure;
    return this.client.call('corpus:finishTake', { takeId: await this.takeId });
  }

  private flushPending(): void {
    if (this.pendingFrames === 0) return;
    this.queue.push(concatBlocks(this.pending, this.pendingFrames));
    this.pending = [];
    this.pendingFrames = 0;
    this.pump();
  }

  private pump(): void {
    if (this.pumping || this.failure) return;
    this.pumping = (async () => {
      const takeId = await this.takeId;
      for (let chunk = this.queue.shift(); chunk; chunk = this.queue.shift()) {
        const { seconds } = await this.client.call('corpus:appendTake', { takeId, seq: this.seq, samples: samplesToBase64(chunk) });
        this.seq++;
        this.onSaved(seconds);
      }
    })()
      .catch((err: unknown) => {
        this.failure = toApiError(err);
        this.queue.length = 0;
        this.onFailure(this.failure);
      })
      .finally(() => {
        this.pumping = null;
        // A chunk queued after the loop's last check but before this point would otherwise wait for the next one.
        if (this.queue.length > 0 && !this.failure) this.pump();
      });
  }
}
