// The engine in its own process: sentences stream back as they finish, a crash fails the request in flight, and the next request gets a fresh engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeTempDir } from '../testing/temp-dir';
import { EngineHost } from './engine-host';
import type { SpeakRequest } from './engine-protocol';
import { exportTinyVoice, noExporter } from './testing-voice';

describe.skipIf(noExporter !== null)('engine host', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let host: EngineHost;
  let req: (text: string, fixedSteps?: number) => SpeakRequest;

  beforeAll(() => {
    tmp = makeTempDir('voicewright-host-');
    const voiceDir = join(tmp.path, 'tiny');
    exportTinyVoice(voiceDir);
    req = (text, fixedSteps = 30) => ({ voiceDir, text, options: { seed: 1, fixedSteps, batch: 2 }, engine: { provider: 'cpu', threads: 1 } });
    host = new EngineHost();
  }, 120_000);

  afterAll(async () => {
    await host?.close();
    tmp?.cleanup();
  });

  it('streams each sentence before the request finishes', async () => {
    const seen: number[] = [];
    const value = await host.speak(req('One sentence. Another one. And a third.'), (s, total) => {
      expect(total).toBe(3);
      expect(s.audio).toBeInstanceOf(Float32Array);
      seen.push(s.index);
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(value.summary.sentences).toBe(3);
    expect(value.report.chosen).toBe('cpu');
  });

  it('a native crash (abort) fails the request in flight with a clear error, and the engine restarts', async () => {
    const before = host.starts;
    let first!: () => void;
    const started = new Promise<void>((r) => { first = r; });
    const long = host.speak(req('A long sentence that keeps the engine busy for a while. '.repeat(40), 400), () => first());
    // Crash once the first sentence is out: the request is then certainly in flight.
    await started;
    const crash = host.debugCrash('abort').catch((e: Error) => e);
    await expect(long).rejects.toThrow(/synthesis engine crashed \(signal SIGABRT\) during synthesis/);
    expect(await crash).toBeInstanceOf(Error);
    const again = await host.speak(req('Back again.'));
    expect(again.summary.sentences).toBe(1);
    expect(host.starts).toBe(before + 1);
  });

  it('an uncaught error in the engine process fails the request and the next one works', async () => {
    const before = host.starts;
    await expect(host.debugCrash('throw')).rejects.toThrow(/stopped unexpectedly \(exit code 1\).*debugCrash/);
    expect((await host.speak(req('Fine.'))).summary.sentences).toBe(1);
    expect(host.starts).toBe(before + 1);
  });

  it('cancelling stops after the sentence in progress, without a restart', async () => {
    const before = host.starts;
    const controller = new AbortController();
    const seen: number[] = [];
    const run = host.speak(req('One more sentence to speak here. '.repeat(12), 200), (s) => {
      seen.push(s.index);
      controller.abort();
    }, controller.signal);
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen.length).toBeLessThan(12);
    expect((await host.speak(req('Still here.'))).summary.sentences).toBe(1);
    expect(host.starts).toBe(before);
  });

  it('bad text comes back as the engine\'s own error, without a restart', async () => {
    const before = host.starts;
    await expect(host.speak(req('   '))).rejects.toThrow(/no text to synthesize/);
    expect(host.starts).toBe(before);
  });
});

if (noExporter !== null) {
  describe('engine host', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
