// The lab run's worker thread (one per run): each utterance's mel (the recording's, or its text through Tacotron2), every condition's audio, metrics, files.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/errors';
import { decodeAudio } from '../audio/decode';
import { integratedLoudness } from '../audio/loudness';
import { melSpectrogram } from '../audio/mel';
import { resample } from '../audio/resample';
import { encodeWav } from '../audio/wav';
import { writeFileAtomic } from '../fs/atomic';
import type { RunMessage, RunPlan } from './lab-run-protocol';
import { openVocoder, type RunnableVocoder } from './lab-vocoders';
import { melConfigOf } from './mel-match';
import { measure, measureAligned, UNMEASURED } from './measure';
import { TextMel } from './text-mel';

if (!parentPort) throw new Error('lab-run.worker runs as a worker thread of the lab run job, not on its own.');
const port = parentPort;
const send = (m: RunMessage): void => { port.postMessage(m); };

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const safeName = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '') || 'x';

async function run(plan: RunPlan): Promise<void> {
  const ort = await import('onnxruntime-node');
  const cfg = melConfigOf(plan.mel);
  const rel = (abs: string): string => relative(plan.root, abs).split('\\').join('/');
  const vocoders: RunnableVocoder[] = [];
  let textMel: TextMel | null = null;
  try {
    if (plan.acousticDir) textMel = await TextMel.open(plan.acousticDir, plan.threads);
    for (const c of plan.conditions) vocoders.push(await openVocoder(c, plan.mel, plan.threads, ort));
    // reference/ beside one folder per condition: the layout a listening test is made from (listening/stimuli-source.ts).
    mkdirSync(join(plan.dir, 'stimuli', 'reference'), { recursive: true });
    const outDirs = plan.conditions.map((c, i) => {
      const d = join(plan.dir, 'stimuli', `${i + 1}-${safeName(c.label)}`);
      mkdirSync(d, { recursive: true });
      return d;
    });
    const warmed = new Set<number>();
    for (const u of plan.utterances) {
      let x: Float32Array | null = null;
      if (u.sourcePath) {
        const decoded = await decodeAudio(readFileSync(u.sourcePath));
        const ch = decoded.channels;
        x = ch.length === 1 ? ch[0]! : ch[0]!.map((_, i) => ch.reduce((a, c) => a + c[i]!, 0) / ch.length);
        if (decoded.sampleRate !== cfg.sampleRate) x = resample(x, decoded.sampleRate, cfg.sampleRate);
        const refPath = join(plan.dir, 'stimuli', 'reference', `${safeName(u.key)}.wav`);
        writeFileAtomic(refPath, encodeWav({ sampleRate: cfg.sampleRate, channels: [x] }));
        send({ event: 'reference', utteranceId: u.id, path: rel(refPath), seconds: x.length / cfg.sampleRate, loudness: finite(integratedLoudness([x], cfg.sampleRate)) });
      }
      const mel = textMel ? await textMel.render(u.text, u.key) : melSpectrogram(x!, cfg);
      const ref = x;
      const metricsOf = (y: Float32Array) => (ref === null ? UNMEASURED : textMel ? measureAligned(ref, y, plan.mcep) : measure(ref, y, plan.mcep));
      for (const [i, c] of plan.conditions.entries()) {
        const voc = vocoders[i]!;
        // Speed is measured warm: the first call of each vocoder (graph optimisation, allocations) is not timed.
        if (!warmed.has(i)) { await voc.run(mel); warmed.add(i); }
        const t0 = performance.now();
        const y = await voc.run(mel);
        const computeSeconds = (performance.now() - t0) / 1000;
        const outPath = join(outDirs[i]!, `${safeName(u.key)}.wav`);
        // Clipped only in the file; metrics see the vocoder's own samples.
        writeFileAtomic(outPath, encodeWav({ sampleRate: cfg.sampleRate, channels: [y] }));
        send({
          event: 'output', utteranceId: u.id, conditionId: c.id, path: rel(outPath), audioSeconds: y.length / cfg.sampleRate, computeSeconds,
          loudness: finite(integratedLoudness([y], cfg.sampleRate)), metrics: metricsOf(y),
        });
      }
    }
    send({ event: 'done', provider: 'cpu', onnxruntime: ort.env.versions.node ?? ort.env.versions.common ?? 'unknown' });
  } finally {
    await Promise.allSettled([...vocoders.map((v) => v.release()), textMel?.release()]);
  }
}

run(workerData as RunPlan).catch((err: unknown) => {
  send(err instanceof ApiError ? { event: 'error', message: err.message, ...(err.hint ? { hint: err.hint } : {}) }
    : { event: 'error', message: err instanceof Error ? err.message : String(err) });
});
