// Room tone beds: generated noise at the asked RMS (same seed, same noise), and a recording looped without audible seams.
import { describe, expect, it } from 'vitest';
import { toDb, windowRms } from '../../audio/measures';
import { createRoomTone, loopedBed } from './room-tone';

const SR = 22050;
const rmsDb = (x: Float32Array): number => toDb(Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length));

describe('room tone', () => {
  it('generated: the asked RMS over a minute, no 100 ms stretch far below it, and the seed decides the noise', async () => {
    const bed = await createRoomTone({ source: 'generated', levelDb: -65, seed: 1 }, SR);
    const a = Float32Array.from([...Array(12)].flatMap(() => [...bed.next(5 * SR)]));
    expect(rmsDb(a)).toBeCloseTo(-65, 0);
    const windows = windowRms([a], SR / 10, SR / 10);
    expect(toDb(Math.min(...windows))).toBeGreaterThan(-71);
    expect(toDb(Math.max(...windows))).toBeLessThan(-60);
    const again = await createRoomTone({ source: 'generated', levelDb: -65, seed: 1 }, SR);
    expect(again.next(SR)).toEqual(a.subarray(0, SR));
    const other = await createRoomTone({ source: 'generated', levelDb: -65, seed: 2 }, SR);
    expect(other.next(SR)).not.toEqual(a.subarray(0, SR));
  });

  it('looped: equal-power crossfades keep the level through every seam', () => {
    let s = 11;
    const tone = Float32Array.from({ length: SR }, () => { s = (s * 1103515245 + 12345) % 2147483648; return (s / 2147483648 - 0.5) * 0.01; });
    const fade = Math.round(SR * 0.1);
    const bed = loopedBed(tone, fade);
    const out = bed.next(6 * SR);
    expect(out.subarray(0, SR - fade)).toEqual(tone.subarray(0, SR - fade));
    const level = rmsDb(tone);
    const windows = windowRms([out], 1100, 550);
    for (const w of windows) expect(Math.abs(toDb(w) - level)).toBeLessThan(2);
  });
});
