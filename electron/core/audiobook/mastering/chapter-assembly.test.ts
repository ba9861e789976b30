// Chapter assembly and the edit list, sample for sample: pauses, head/tail, every edit kind, re-rendered sentences, bad takes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActiveEdit, EditEntry, WaveformEdit } from '../../../shared/domains/book-edits';
import { EditListSchema } from '../../../shared/domains/book-edits';
import { encodeWav } from '../../audio/wav';
import { makeTempDir } from '../../testing/temp-dir';
import { editedSpeech, prepareChapter, type ChapterTake } from './chapter-assembly';
import { effectiveEdits } from './edit-list';

const SR = 8000;
let dir: { path: string; cleanup(): void };
beforeEach(() => { dir = makeTempDir('vw-assembly-'); });
afterEach(() => dir.cleanup());

/** A take whose every sample says which sentence and which sample it is (exact in float32). */
function take(name: string, frames: number, base: number): { path: string; samples: Float32Array } {
  const samples = Float32Array.from({ length: frames }, (_, i) => base + (i % 1000) / 10000);
  const path = join(dir.path, `${name}.wav`);
  writeFileSync(path, encodeWav({ sampleRate: SR, channels: [samples] }, 'float32'));
  return { path, samples };
}

function collect(takes: ChapterTake[], edits: ActiveEdit[] = [], headMs = 500, tailMs = 1000): { out: Float32Array; prep: ReturnType<typeof prepareChapter> } {
  const prep = prepareChapter({ takes, sampleRate: SR, edits, headMs, tailMs, edgeMs: 0 });
  const parts = [...editedSpeech(prep)];
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  expect(out.length).toBe(prep.resolved.outputFrames);
  return { out, prep };
}

const e = (id: string, edit: WaveformEdit): ActiveEdit => ({ id, edit });
const at = (sentenceId: string, offsetMs: number, part: 'speech' | 'pause' = 'speech') => ({ sentenceId, offsetMs, part });

describe('chapter assembly', () => {
  it('lays out head, takes with their pauses and the tail, sample for sample', () => {
    const a = take('a', 800, 0.1), b = take('b', 1200, 0.3);
    const { out, prep } = collect([{ sentenceId: 'a', path: a.path, pauseMs: 250 }, { sentenceId: 'b', path: b.path, pauseMs: 400 }]);
    // head 500 ms = 4000, a 800, pause 250 ms = 2000, b 1200, tail (replaces b's pause) 1000 ms = 8000.
    expect(out.length).toBe(4000 + 800 + 2000 + 1200 + 8000);
    expect(out.subarray(0, 4000).every((v) => v === 0)).toBe(true);
    expect(out.subarray(4000, 4800)).toEqual(a.samples);
    expect(out.subarray(4800, 6800).every((v) => v === 0)).toBe(true);
    expect(out.subarray(6800, 8000)).toEqual(b.samples);
    expect(prep.sentences).toEqual([{ sentenceId: 'a', start: 4000, end: 4800 }, { sentenceId: 'b', start: 6800, end: 8000 }]);
  });

  it('applies cut, gain, silence, fades, room tone and pause edits at exact samples', () => {
    const a = take('a', 800, 0.1), b = take('b', 1600, 0.3);
    const takes = [{ sentenceId: 'a', path: a.path, pauseMs: 250 }, { sentenceId: 'b', path: b.path, pauseMs: 0 }];
    const edits = [
      e('cut', { kind: 'cut', start: at('a', 25), end: at('a', 50) }), // a frames 200..400 removed
      e('gain', { kind: 'gain', start: at('b', 10), end: at('b', 20), gainDb: 6 }), // b 80..160 × 10^(6/20)
      e('mute', { kind: 'silence', start: at('b', 30), end: at('b', 40) }), // b 240..320 → 0
      e('fade', { kind: 'fade', start: at('b', 150), end: at('b', 200), direction: 'out' }), // b 1200..1600
      e('tone', { kind: 'room_tone', start: at('b', 50), end: at('b', 60), durationMs: 100 }), // b 400..480 → 800 frames of tone
      e('pause', { kind: 'pause', sentenceId: 'a', pauseMs: 100 }), // a's pause 2000 → 800
    ];
    const { out, prep } = collect(takes, edits);
    const g = 10 ** (6 / 20);
    const expected: number[] = [];
    const push = (n: number, f: (i: number) => number): void => { for (let i = 0; i < n; i++) expected.push(f(i)); };
    push(4000, () => 0);
    push(200, (i) => a.samples[i]!);
    push(400, (i) => a.samples[400 + i]!);
    push(800, () => 0);
    push(80, (i) => b.samples[i]!);
    push(80, (i) => b.samples[80 + i]! * g);
    push(80, (i) => b.samples[160 + i]!);
    push(80, () => 0);
    push(80, (i) => b.samples[320 + i]!);
    push(800, () => 0); // the room tone insertion: speech silent, the bed plays
    push(720, (i) => b.samples[480 + i]!);
    push(400, (i) => b.samples[1200 + i]! * ((400 - i) / 400));
    push(8000, () => 0);
    expect(out.length).toBe(expected.length);
    const want = Float32Array.from(expected);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out[i]! - want[i]!));
    expect(worst).toBeLessThan(1e-6);
    expect(prep.resolved.skipped).toEqual([]);
    expect(prep.sentences[1]).toEqual({ sentenceId: 'b', start: 4000 + 600 + 800, end: 4000 + 600 + 800 + 1600 - 80 + 800 });
  });

  it('keeps edits on their sentence when an earlier sentence is re-rendered longer, and reports one that no longer fits', () => {
    const b = take('b', 1600, 0.3);
    const edits = [
      e('gain-b', { kind: 'gain', start: at('b', 10), end: at('b', 20), gainDb: -6 }),
      e('cut-a-end', { kind: 'cut', start: at('a', 90), end: at('a', 99) }),
    ];
    const before = take('a1', 800, 0.1);
    const first = collect([{ sentenceId: 'a', path: before.path, pauseMs: 250 }, { sentenceId: 'b', path: b.path, pauseMs: 0 }], edits);
    expect(first.prep.resolved.skipped).toEqual([]);
    // a is re-rendered longer (b moves later) and then shorter than the cut's offset.
    for (const frames of [1400, 600]) {
      const a = take(`a-${frames}`, frames, 0.1);
      const { out, prep } = collect([{ sentenceId: 'a', path: a.path, pauseMs: 250 }, { sentenceId: 'b', path: b.path, pauseMs: 0 }], edits);
      const bStart = prep.sentences[1]!.start;
      const g = 10 ** (-6 / 20);
      for (let i = 0; i < 240; i++) {
        const want = b.samples[i]! * (i >= 80 && i < 160 ? g : 1);
        expect(Math.abs(out[bStart + i]! - want)).toBeLessThan(1e-6);
      }
      if (frames === 600) {
        expect(prep.resolved.skipped).toHaveLength(1);
        expect(prep.resolved.skipped[0]!.id).toBe('cut-a-end');
        expect(prep.resolved.skipped[0]!.reason).toMatch(/sentence a is now 75 ms long, shorter than the edit's point at 90 ms/);
        expect(out.subarray(4000, 4600)).toEqual(a.samples); // not applied anywhere else
      } else expect(prep.resolved.skipped).toEqual([]);
    }
  });

  it('reports edits on a sentence that left the chapter, and pause-anchored edits past a shortened pause', () => {
    const a = take('a', 800, 0.1), b = take('b', 800, 0.3);
    const { prep } = collect([{ sentenceId: 'a', path: a.path, pauseMs: 100 }, { sentenceId: 'b', path: b.path, pauseMs: 0 }], [
      e('gone', { kind: 'silence', start: at('z', 0), end: at('z', 10) }),
      e('in-pause', { kind: 'gain', start: at('a', 50, 'pause'), end: at('a', 200, 'pause'), gainDb: 3 }),
    ]);
    expect(prep.resolved.skipped.map((s) => s.id)).toEqual(['gone', 'in-pause']);
    expect(prep.resolved.skipped[0]!.reason).toMatch(/sentence z is no longer in this chapter/);
    expect(prep.resolved.skipped[1]!.reason).toMatch(/pause after sentence a is now 100 ms/);
  });

  it('ramps edit edges so a cut does not click', () => {
    const a = take('a', 800, 0.5);
    const prep = prepareChapter({ takes: [{ sentenceId: 'a', path: a.path, pauseMs: 0 }], sampleRate: SR, edits: [e('c', { kind: 'cut', start: at('a', 25), end: at('a', 50) })], headMs: 500, tailMs: 1000, edgeMs: 5 });
    const out = Float32Array.from([...editedSpeech(prep)].flatMap((p) => [...p]));
    const join = 4000 + 200; // first sample after the cut
    let worstStep = 0;
    for (let i = join - 60; i < join + 60; i++) worstStep = Math.max(worstStep, Math.abs(out[i]! - out[i - 1]!));
    expect(worstStep).toBeLessThan(0.02);
    expect(out[join - 1]!).toBeLessThan(0.05);
  });

  it('a take at another rate is resampled to the chapter rate and a stereo take is mixed to mono', () => {
    const a = take('a', 800, 0.1);
    const hi = join(dir.path, 'hi.wav');
    const tone = Float32Array.from({ length: 1600 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 500 * i) / 16000));
    writeFileSync(hi, encodeWav({ sampleRate: 16000, channels: [tone, Float32Array.from(tone, (v) => v * 0.5)] }, 'float32'));
    const { out, prep } = collect([{ sentenceId: 'a', path: a.path, pauseMs: 0 }, { sentenceId: 'b', path: hi, pauseMs: 0 }]);
    expect(prep.sentences[1]).toEqual({ sentenceId: 'b', start: 4800, end: 5600 });
    // 500 Hz at 8 kHz, amplitude (0.5 + 0.25) / 2, away from the filter's edges.
    for (let i = 100; i < 700; i++) expect(Math.abs(out[4800 + i]! - 0.375 * Math.sin((2 * Math.PI * 500 * i) / 8000))).toBeLessThan(0.01);
  });

  it('names the sentence whose take is damaged or missing', () => {
    const a = take('a', 800, 0.1);
    const bad = join(dir.path, 'bad.wav');
    writeFileSync(bad, Buffer.from('RIFF\x10\x00\x00\x00WAVEjunk-not-a-fmt-chunk'));
    expect(() => prepareChapter({ takes: [{ sentenceId: 'a', path: a.path, pauseMs: 0 }, { sentenceId: 's-17', path: bad, pauseMs: 0 }], sampleRate: SR, edits: [], headMs: 500, tailMs: 1000 }))
      .toThrow(/take of sentence s-17 .*bad\.wav.* cannot be read/);
    expect(() => prepareChapter({ takes: [{ sentenceId: 's-3', path: join(dir.path, 'gone.wav'), pauseMs: 0 }], sampleRate: SR, edits: [], headMs: 500, tailMs: 1000 }))
      .toThrow(/take of sentence s-3 is missing/);
  });
});

describe('edit list', () => {
  const gain = (id: string): EditEntry => ({ id, edit: { kind: 'gain', start: at('a', 0), end: at('a', 10), gainDb: 1 } });
  it('undo/redo is a pointer; remove takes back one edit without undoing later ones', () => {
    const entries: EditEntry[] = [gain('1'), gain('2'), { id: '3', edit: { kind: 'remove', target: '1' } }, gain('4')];
    expect(effectiveEdits(entries, 4).map((x) => x.id)).toEqual(['2', '4']);
    expect(effectiveEdits(entries, 3).map((x) => x.id)).toEqual(['2']);
    expect(effectiveEdits(entries, 2).map((x) => x.id)).toEqual(['1', '2']);
    expect(effectiveEdits(entries, 0)).toEqual([]);
    expect(() => effectiveEdits(entries, 5)).toThrow(/outside the edit list/);
  });
  it('the schema refuses duplicate ids and a pointer past the end', () => {
    expect(EditListSchema.safeParse({ entries: [gain('1'), gain('1')], undoPointer: 1 }).success).toBe(false);
    expect(EditListSchema.safeParse({ entries: [gain('1')], undoPointer: 2 }).success).toBe(false);
    expect(EditListSchema.safeParse({ entries: [gain('1')], undoPointer: 1 }).success).toBe(true);
  });
});
