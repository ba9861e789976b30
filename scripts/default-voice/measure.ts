// `npm run voice:measure -- --voice DIR | --recordings`: prints issue 9's bars — intelligibility against the recordings, robustness, speed, listen by numbers.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SynthEngine } from '../../electron/core/synth/synth-engine';
import { speak, type SentenceResult, type SpeakSummary } from '../../electron/core/synth/synth-pipeline';
import { listenNumbers, type ListenNumbers } from './listen-numbers';
import { corpusWer, recognize, recognizerMissing, scoringWords, wordErrors, type WerCount } from './wer';
import { recordings, robustnessSentences, ROBUSTNESS_COUNT, ROBUSTNESS_SEED } from './measure-sets';

const USAGE = `Usage: npm run voice:measure -- (--voice DIR | --recordings) [--vocoder NAME] [--robustness N] [--seed N] [--json FILE]
  --recordings     only the original recordings of the 20 held-out prompts (the WER baseline)
  --robustness N   the first N of the fixed 200 LJSpeech sentences (default 200; 0 skips)`;

interface Heard { key: string; text: string; heard: string; count: WerCount }

async function score(items: { key: string; text: string; audio: Float32Array; rate: number }[]): Promise<Heard[]> {
  const out: Heard[] = [];
  for (const it of items) {
    const heard = await recognize(it.audio, it.rate);
    out.push({ key: it.key, text: it.text, heard, count: wordErrors(scoringWords(it.text), scoringWords(heard)) });
  }
  return out;
}

async function synthAll(engine: SynthEngine, texts: string[], batch: number, seed: number, vocoder: string | undefined): Promise<{ results: SentenceResult[][]; summary: SpeakSummary }> {
  // One text per paragraph: speak() splits sentences; results are grouped back per input text by paragraph offsets.
  const joined = texts.join('\n\n');
  const starts: number[] = [];
  let at = 0;
  for (const t of texts) { starts.push(at); at += t.length + 2; }
  const results: SentenceResult[][] = texts.map(() => []);
  const summary = await speak(engine, joined, { batch, seed, ...(vocoder ? { vocoder } : {}) }, (s) => {
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > s.start) k--;
    results[k]!.push(s);
  });
  return { results, summary };
}

const join = (parts: SentenceResult[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.audio.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p.audio, o); o += p.audio.length; }
  return out;
};
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function printListen(l: ListenNumbers): void {
  const m = l.master;
  console.log(`  clipping: ${l.clippedRuns} run(s) of ≥3 full-scale samples in the raw output${l.clippedRuns === 0 ? ' (none)' : ''}`);
  console.log(`  after mastering (gain ${m.gainDb.toFixed(1)} dB to −20 dB RMS, limiter at −3.5 dB, ${pct(m.limitedShare)} of samples limited): RMS ${m.rmsDb.toFixed(1)} dB ${m.acxRms ? 'within' : 'OUTSIDE'} ACX −23…−18, peak ${m.peakDb.toFixed(1)} dB${m.acxPeak ? '' : ' ABOVE −3'}`);
  console.log(`  longest silence inside a sentence: ${l.longestInnerSilence.seconds.toFixed(2)} s${l.longestInnerSilence.index >= 0 ? ` (held-out #${l.longestInnerSilence.index + 1})` : ''}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      voice: { type: 'string' }, recordings: { type: 'boolean', default: false }, vocoder: { type: 'string' },
      robustness: { type: 'string', default: String(ROBUSTNESS_COUNT) }, seed: { type: 'string', default: '7' }, json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (!values.voice && !values.recordings)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const robustN = Number(values.robustness);
  if (!Number.isInteger(robustN) || robustN < 0 || robustN > ROBUSTNESS_COUNT) {
    console.error(`--robustness must be an integer from 0 to ${ROBUSTNESS_COUNT}, got ${values.robustness}`);
    return 2;
  }
  const missing = recognizerMissing();
  if (missing) {
    console.error(`voice:measure needs pocketsphinx: ${missing}`);
    return 1;
  }
  const seed = Number(values.seed);
  const report: Record<string, unknown> = {};
  const originals = await recordings();
  const base = await score(originals);
  const baseWer = corpusWer(base.map((h) => h.count));
  report.recordingsWer = baseWer;
  console.log(`Intelligibility (pocketsphinx en-us, 16 kHz; ${base.reduce((n, h) => n + h.count.words, 0)} words in ${base.length} held-out prompts)`);
  console.log(`  original recordings: WER ${pct(baseWer)}`);
  if (values.recordings) {
    for (const h of base) console.log(`    ${h.key}: ${pct(h.count.errors / h.count.words)}  "${h.text}" → "${h.heard}"`);
    console.log('Listen by numbers (the original recordings)');
    const l = listenNumbers(originals.map((o) => o.audio), originals[0]!.rate);
    printListen(l);
    report.listen = l;
  } else {
    const dir = resolve(values.voice!);
    const engine = await SynthEngine.open(dir, { provider: 'cpu', threads: 2 });
    try {
      const vocoder = engine.pickVocoder(values.vocoder);
      console.log(`Voice ${engine.voice.name} (${dir}), vocoder ${vocoder}, step ${engine.voice.provenance.step ?? '?'}, seed ${seed}`);
      const texts = originals.map((o) => o.text);
      const one = await synthAll(engine, texts, 1, seed, vocoder);
      const synthAudio = one.results.map(join);
      const heard = await score(originals.map((o, i) => ({ ...o, audio: synthAudio[i]!, rate: engine.voice.sampleRate })));
      const voiceWer = corpusWer(heard.map((h) => h.count));
      const ratio = baseWer > 0 ? voiceWer / baseWer : Infinity;
      Object.assign(report, { voice: dir, vocoder, step: engine.voice.provenance.step, voiceWer, werRatio: ratio });
      console.log(`  voice: WER ${pct(voiceWer)}; ratio ${ratio.toFixed(2)} (bar ≤ 1.50: ${ratio <= 1.5 ? 'met' : 'NOT met'})`);
      for (const h of heard) console.log(`    ${h.key}: ${pct(h.count.errors / h.count.words)} → "${h.heard}"`);

      console.log(`Speed (onnxruntime CPU, 2 threads, on ${texts.length} held-out prompts; the machine's other load included)`);
      const batched = await synthAll(engine, texts, 8, seed, vocoder);
      report.rtf = { batch1: one.summary.rtf, batch8: batched.summary.rtf };
      console.log(`  RTF batch 1: ${one.summary.rtf.toFixed(3)} (${one.summary.audioSeconds.toFixed(1)} s audio; decoder ${one.summary.timings.decodeSeconds.toFixed(1)} s, vocoder ${one.summary.timings.vocodeSeconds.toFixed(1)} s) — bar ≤ 0.100: ${one.summary.rtf <= 0.1 ? 'met' : 'NOT met'}`);
      console.log(`  RTF batch 8: ${batched.summary.rtf.toFixed(3)} (decoder ${batched.summary.timings.decodeSeconds.toFixed(1)} s, vocoder ${batched.summary.timings.vocodeSeconds.toFixed(1)} s)`);

      console.log('Listen by numbers (the 20 held-out prompts as synthesized)');
      const l = listenNumbers(synthAudio, engine.voice.sampleRate);
      printListen(l);
      report.listen = l;

      if (robustN > 0) {
        const picked = robustnessSentences(robustN);
        const lens = picked.map((p) => p.text.length).sort((a, b) => a - b);
        console.log(`Robustness (${robustN}${robustN < ROBUSTNESS_COUNT ? ` of the fixed ${ROBUSTNESS_COUNT}: a subset` : ''} LJSpeech sentences, ${lens[0]}–${lens.at(-1)} characters, seed ${ROBUSTNESS_SEED}; batch 8)`);
        const rob = await synthAll(engine, picked.map((p) => p.text), 8, seed, vocoder);
        const fails: string[] = [];
        let notStopped = 0, flagged = 0;
        rob.results.forEach((parts, i) => {
          const stop = parts.every((p) => p.gateStopped);
          const flag = parts.some((p) => p.health.flagged);
          if (!stop) notStopped++;
          if (flag) flagged++;
          if (!stop || flag) {
            // Slip detection names a sentence that ran to the cap as no_stop itself.
            const why = [...new Set(parts.flatMap((p) => [...p.health.slips.map((x) => x.kind), ...p.health.words.flatMap((w) => w.slips.map((x) => `${x.kind} "${w.text}"`))]))];
            fails.push(`${picked[i]!.id} (${picked[i]!.text.length} ch): ${why.slice(0, 4).join(', ')}${why.length > 4 ? ` +${why.length - 4}` : ''}`);
          }
        });
        const stopped = 1 - notStopped / robustN, flaggedShare = flagged / robustN;
        report.robustness = { sentences: robustN, stoppedShare: stopped, flaggedShare, failures: fails };
        console.log(`  stopped by the gate before the cap: ${pct(stopped)} (bar ≥ 97%: ${stopped >= 0.97 ? 'met' : 'NOT met'})`);
        console.log(`  flagged by slip detection: ${pct(flaggedShare)} (bar ≤ 5%: ${flaggedShare <= 0.05 ? 'met' : 'NOT met'})`);
        console.log(`  failures (${fails.length}):`);
        for (const f of fails.slice(0, 60)) console.log(`    ${f}`);
        if (fails.length > 60) console.log(`    … and ${fails.length - 60} more (all in --json)`);
      }
    } finally {
      await engine.release();
    }
  }
  if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(`voice:measure: ${(e as Error).message}`);
  process.exitCode = 1;
});
