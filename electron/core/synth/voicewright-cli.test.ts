// `voicewright synth` spawned as a user runs it: a WAV, the flags, the provider and the real-time factor; bad arguments exit 2 with what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../audio/wav';
import { makeTempDir } from '../testing/temp-dir';
import { exportTinyVoice, noExporter } from './testing-voice';

const CLI = join(__dirname, '..', '..', '..', 'scripts', 'voicewright-cli.mjs');
const cli = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, VOICEWRIGHT_CLI_SOURCE: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe.skipIf(noExporter !== null)('voicewright synth CLI', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let voice: string;

  beforeAll(() => {
    tmp = makeTempDir('voicewright-cli-');
    voice = join(tmp.path, 'tiny');
    exportTinyVoice(voice);
  }, 120_000);
  afterAll(() => tmp?.cleanup());

  it('writes the WAV and reports flags, the provider and the real-time factor', () => {
    const out = join(tmp.path, 'hello.wav');
    const r = cli(['synth', '--voice', voice, '--text', 'Hello there. How are you today?', '--out', out, '--seed', '4', '--ep', 'cpu', '--threads', '1']);
    expect(r.stderr).toMatch(/\[#+\] 2\/2 sentences/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*hello\.wav: [\d.]+ s of audio, 2 sentence\(s\), voice Tiny, vocoder hifi, decoder float32, seed 4/);
    expect(r.stdout).toMatch(/Flags: 2 of 2 sentence\(s\) may have slipped/);
    expect(r.stdout).toMatch(/no_stop: The decoder did not stop by itself/);
    expect(r.stdout).toMatch(/Synthesis runs on CPU \(onnxruntime [\d.]+, 1 thread\)/);
    expect(r.stdout).toMatch(/Real-time factor [\d.]+ \(/);
    const wav = decodeWav(readFileSync(out));
    expect(wav.sampleRate).toBe(22050);
    expect(wav.channels[0]!.length).toBeGreaterThan(22050);
  });

  it('reads a text file and prints JSON on request', () => {
    const file = join(tmp.path, 'chapter.txt');
    writeFileSync(file, 'Chapter one.\n\nIt was a dark night. The wind howled.\n');
    const lexicon = join(tmp.path, 'lexicon.json');
    writeFileSync(lexicon, JSON.stringify({ version: 1, entries: [{ word: 'howled', respelling: 'how old' }] }));
    const r = cli(['synth', '--voice', voice, '--file', file, '--out', join(tmp.path, 'ch.wav'), '--json', '--batch', '3', '--vocoder', 'griffin-lim', '--seed', '1', '--lexicon', lexicon]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { summary: { sentences: number; vocoder: string }; sentences: { words: { text: string }[] }[] };
    expect(report.summary).toMatchObject({ sentences: 3, vocoder: 'griffin-lim' });
    expect(report.sentences[1]!.words).toHaveLength(5);
    expect(report.sentences[2]!.words.map((w) => w.text)).toEqual(['the', 'wind', 'how', 'old']);
  });

  it('--int8 on a voice exported without int8 graphs says so and runs float32', () => {
    const r = cli(['synth', '--voice', voice, '--text', 'Hello.', '--out', join(tmp.path, 'i8.wav'), '--int8', '--ep', 'cpu', '--threads', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/has no int8 graphs \(export it with --int8\): running float32/);
    expect(r.stdout).toMatch(/decoder float32/);
  });

  it('bad arguments and a missing voice exit 2 and say what to do', () => {
    const none = cli(['synth', '--voice', voice, '--out', join(tmp.path, 'x.wav')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/give exactly one of --text/);
    const missing = cli(['synth', '--voice', join(tmp.path, 'nope'), '--text', 'Hi.', '--out', join(tmp.path, 'x.wav')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/is not a voice package: it has no readable voice\.json\nPick the folder/);
    expect(cli(['speak']).stderr).toMatch(/unknown command "speak"\nUsage: voicewright synth/);
  });
});

if (noExporter !== null) {
  describe('voicewright synth CLI', () => {
    it.skip(`skipped: ${noExporter}`, () => {});
  });
}
