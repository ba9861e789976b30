// Take checks on real narration: a clean take passes, and each fault a narrator makes is named.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from '../audio/wav';
import { resample } from '../audio/resample';
import { checkTake, spokenChars, updateBaseline, type SpeakerBaseline } from './take-checks';

const fixtures = join(__dirname, '..', 'audio', 'fixtures');
const SR = 22050;
const clip = decodeWav(readFileSync(join(fixtures, 'LJ001-0002.wav'))).channels[0]!;
const text = 'in being comparatively modern.';
/** A take as the recorder makes it: half a second of room tone, the speech, one second of room tone. */
function take(speech: Float32Array, gain = 1, roomDb = -70): Float32Array {
  const room = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => 10 ** (roomDb / 20) * Math.SQRT2 * Math.sin(i * 0.31));
  const out = new Float32Array(SR / 2 + speech.length + SR);
  out.set(room(SR / 2));
  out.set(speech.map((v) => v * gain), SR / 2);
  out.set(room(SR), SR / 2 + speech.length);
  return out;
}
const levels = (r: ReturnType<typeof checkTake>): Record<string, string> => Object.fromEntries(r.checks.map((c) => [c.id, c.level]));

describe('take checks', () => {
  it('pass a clean take and measure its speaking rate', () => {
    const r = checkTake(take(clip), SR, text, null);
    expect(r.verdict).toBe('ok');
    expect(r.speechSeconds).toBeGreaterThan(1);
    expect(r.charsPerSecond).toBeCloseTo(spokenChars(text) / r.speechSeconds, 6);
    expect(r.leadingSeconds).toBeGreaterThan(0.3);
  });

  it('fail a clipped take and say what to do', () => {
    const r = checkTake(take(clip, 8), SR, text, null);
    expect(levels(r).clipping).toBe('fail');
    expect(r.checks.find((c) => c.id === 'clipping')!.message).toMatch(/lower the input gain/);
  });

  it('warn about a noisy room and fail silence', () => {
    expect(levels(checkTake(take(clip, 1, -40), SR, text, null)).noise_floor).toBe('warn');
    const silent = checkTake(new Float32Array(SR * 2), SR, text, null);
    expect(silent.verdict).toBe('fail');
    expect(silent.checks[0]!.message).toMatch(/No speech/);
  });

  it('compare pace, pitch and loudness with the speaker’s running baseline', () => {
    let baseline: SpeakerBaseline | null = null;
    for (let i = 0; i < 5; i++) baseline = updateBaseline(baseline, checkTake(take(clip), SR, text, baseline));
    expect(baseline!.takes).toBe(5);
    expect(levels(checkTake(take(clip), SR, text, baseline))).toMatchObject({ speaking_rate: 'ok', pitch: 'ok', loudness: 'ok' });
    // Played 25% faster (pitch up ~4 semitones): the narrator rushed, or the take is a different voice.
    const fast = resample(clip, SR, Math.round(SR * 0.8));
    const r = checkTake(take(fast), SR, text, baseline);
    expect(levels(r)).toMatchObject({ speaking_rate: 'warn', pitch: 'warn' });
    expect(r.checks.find((c) => c.id === 'speaking_rate')!.message).toMatch(/faster than your average/);
    expect(levels(checkTake(take(clip, 0.3), SR, text, baseline)).loudness).toBe('warn');
  });

  it('count only spoken characters', () => {
    expect(spokenChars('Hello, world! 42 — ok?')).toBe(14);
    expect(spokenChars('Grüße aus München')).toBe(15);
  });
});
