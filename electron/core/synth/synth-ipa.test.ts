// A German IPA voice end to end: espeak-spoken takes → dataset with phonemes → a few real trainer steps → export → the engine speaks German.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDataset, defaultBuildOptions } from '../dataset/dataset-build';
import { germanTakes, noGermanTakes } from '../dataset/testing/german-takes';
import { TRAINER_PYTHON } from '../testing/python';
import { makeTempDir } from '../testing/temp-dir';
import { createG2p, type G2p } from '../text/g2p';
import { encodePhonemes, phonemizeForModel } from '../text/g2p-phonemes';
import { IPA_ESPEAK, TACOTRON2_ENGLISH, idsToText } from '../text/symbols';
import { SynthEngine } from './synth-engine';
import { speak, type SentenceResult } from './synth-pipeline';
import { lexiconOf, prepareText } from './synth-text';
import { exportTinyVoice, noExporter } from './testing-voice';

const TRAINER = join(__dirname, '..', '..', '..', 'resources', 'trainer');
const GERMAN = 'Größe, Straße und 12 Äpfel.';
const skip = noExporter ?? noGermanTakes;

/** Runs a trainer command to its end and returns its JSON-lines events. */
function trainer(args: string[]): Record<string, unknown>[] {
  const out = execFileSync(TRAINER_PYTHON, ['-m', 'voicewright_trainer', ...args], {
    cwd: TRAINER, env: { ...process.env, OMP_NUM_THREADS: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000,
  });
  return out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe.skipIf(skip !== null)(`a German ipa-espeak voice${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let engine: SynthEngine;
  let english: SynthEngine;
  let g2p: G2p;

  beforeAll(async () => {
    tmp = makeTempDir('voicewright-ipa-');
    const dataset = join(tmp.path, 'dataset');
    await buildDataset(germanTakes(tmp.path, 4), dataset, { ...defaultBuildOptions, name: 'de4', language: 'de-DE', valFraction: 0 });
    const run = join(tmp.path, 'run.json');
    writeFileSync(run, JSON.stringify({ dataset, run_dir: join(tmp.path, 'run'), model: 'tiny', batch_size: 2, steps: 2, checkpoint_interval: 2, threads: 1, seed: 3 }));
    const events = trainer(['train', '--config', run]);
    expect(events.at(-1)).toMatchObject({ event: 'finished', reason: 'completed' });
    const checkpoint = events.filter((e) => e.event === 'checkpoint').at(-1)!.path as string;
    trainer(['export', '--checkpoint', checkpoint, '--out', join(tmp.path, 'voice'), '--name', 'Tiny Deutsch', '--language', 'de-DE', '--vocoder', 'hifi=random:tiny', '--no-griffin-lim', '--threads', '1']);
    engine = await SynthEngine.open(join(tmp.path, 'voice'), { threads: 1, provider: 'cpu' });
    exportTinyVoice(join(tmp.path, 'english'));
    english = await SynthEngine.open(join(tmp.path, 'english'), { threads: 1, provider: 'cpu' });
    g2p = await createG2p();
  }, 600_000);

  afterAll(async () => {
    await engine?.release();
    await english?.release();
    tmp?.cleanup();
  });

  it('the exported voice.json says ipa-espeak with the espeak voice the dataset was phonemized with', () => {
    const doc = JSON.parse(readFileSync(join(tmp.path, 'voice', 'voice.json'), 'utf8')) as { language: string; text: Record<string, unknown> };
    const ds = JSON.parse(readFileSync(join(tmp.path, 'dataset', 'dataset.json'), 'utf8')) as { phonemizer: { voice: string } };
    expect(doc.language).toBe('de-DE');
    expect(doc.text).toMatchObject({ frontend: 'ipa-espeak', symbolSet: 'ipa-espeak-v1', espeakVoice: ds.phonemizer.voice, symbols: IPA_ESPEAK.symbols });
  });

  it('speaks German text with each word\'s symbol span in the report', async () => {
    const out: SentenceResult[] = [];
    const summary = await speak(engine, GERMAN, { seed: 1, maxSteps: 60 }, (s) => { out.push(s); });
    expect(out).toHaveLength(1);
    expect(summary.dropped).toEqual([]);
    const s = out[0]!;
    expect(s.spoken).toBe('ɡɾˈøːsə, ʃtɾˈɑːsə ˈʊnt tsvˈœlf ˈɛpfəl.');
    expect(s.audio.length).toBeGreaterThan(0);
    expect(s.health.words.map((w) => w.text)).toEqual(['Größe', 'Straße', 'und', 'zwölf', 'Äpfel']);
    // The ids are the dataset builder's for the same sentence (same normalization, espeak voice and cleaning).
    const prepared = prepareText(GERMAN, engine.voice, undefined, { g2p });
    const built = encodePhonemes(phonemizeForModel('Größe, Straße und zwölf Äpfel.', 'de', g2p));
    expect(prepared.sentences[0]!.ids).toEqual(built.ids);
    expect(prepared.sentences[0]!.words).toEqual(built.words);
  });

  it('a lexicon IPA entry changes the ids of exactly that word', async () => {
    const plain = prepareText(GERMAN, engine.voice, undefined, { g2p }).sentences[0]!;
    const mine = prepareText(GERMAN, engine.voice, undefined, { g2p, lexicon: lexiconOf([{ word: 'straße', ipa: 'ʃtʁaːsə' }]) }).sentences[0]!;
    const [p, m] = [plain.words[1]!, mine.words[1]!];
    expect(m.text).toBe('Straße');
    expect(mine.ids.slice(0, m.start)).toEqual(plain.ids.slice(0, p.start));
    expect(mine.ids.slice(m.end)).toEqual(plain.ids.slice(p.end));
    expect(mine.ids.slice(m.start, m.end).map((i) => IPA_ESPEAK.symbols[i]).join('')).toBe('ʃtʁaːsə');
    expect(plain.ids.slice(p.start, p.end).map((i) => IPA_ESPEAK.symbols[i]).join('')).toBe('ʃtɾˈɑːsə');
    expect(mine.words.map((w) => w.text)).toEqual(plain.words.map((w) => w.text));
    // synthesis:speak's lexicon option reaches the same place.
    const spoken: string[] = [];
    await speak(engine, GERMAN, { seed: 1, maxSteps: 20, lexicon: [{ word: 'Straße', ipa: 'ʃtʁaːsə' }] }, (r) => { spoken.push(r.spoken); });
    expect(spoken).toEqual(['ɡɾˈøːsə, ʃtʁaːsə ˈʊnt tsvˈœlf ˈɛpfəl.']);
  });

  it('reports characters outside the inventory with their offset and still speaks the rest', async () => {
    const text = 'Größe/Straße und Äpfel.';
    const out: SentenceResult[] = [];
    const summary = await speak(engine, text, { seed: 1, maxSteps: 40 }, (s) => { out.push(s); });
    expect(summary.dropped).toEqual([{ char: '/', offset: text.indexOf('/') }]);
    expect(out[0]!.health.words.map((w) => w.text)).toEqual(['Größe', 'Straße', 'und', 'Äpfel']);
  });

  it('a voice whose espeak voice this studio lacks is refused with what to do', () => {
    const voice = { ...engine.voice, text: { ...engine.voice.text, espeakVoice: 'qq-zz' } };
    expect(() => prepareText(GERMAN, voice, undefined, { g2p })).toThrow(/espeak-ng voice 'qq-zz', which this studio's espeak-ng does not have/);
  });

  it('an English-frontend voice given German text reads its letters as before, needing no G2P', async () => {
    const p = prepareText(GERMAN, english.voice);
    const s = p.sentences[0]!;
    expect(s.spoken).toBe('große, straße und twelve apfel.');
    expect(idsToText(s.ids, TACOTRON2_ENGLISH)).toBe('groe, strae und twelve apfel.');
    expect(p.dropped.map((d) => d.char)).toEqual(['ß', 'ß']);
    const out: SentenceResult[] = [];
    await speak(english, GERMAN, { seed: 1, maxSteps: 30 }, (r) => { out.push(r); });
    expect(out).toHaveLength(1);
    expect(out[0]!.health.words.map((w) => w.text)).toEqual(['große', 'straße', 'und', 'twelve', 'apfel']);
  });
});
