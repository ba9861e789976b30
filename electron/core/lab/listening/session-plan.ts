// A listener's seeded order of screens. Self-contained on purpose: the bundle embeds this very function's source, so a browser and the importer agree.
import type { PlanItem } from '../../../shared/domains/listening';

export interface PlanInput {
  type: 'mushra' | 'ab' | 'abx' | 'mos';
  trials: readonly { key: string; stimuli: readonly string[] }[];
}

/**
 * Trials in random order, and within each the stimuli in random order (MUSHRA), or every pair of stimuli with sides
 * and X drawn at random (AB, ABX), or every stimulus alone (MOS). Everything comes from `seed` (mulberry32), so the
 * importer can replay it. Nothing outside this function may be referenced in it (its text runs in the bundle).
 */
export function planSession(config: PlanInput, seed: number): PlanItem[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const shuffle = <T,>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const tmp = list[i] as T;
      list[i] = list[j] as T;
      list[j] = tmp;
    }
    return list;
  };
  const items: PlanItem[] = [];
  for (const trial of config.trials) {
    const stimuli = trial.stimuli.slice();
    if (config.type === 'mushra') {
      items.push({ trial: trial.key, shown: shuffle(stimuli), x: null });
    } else if (config.type === 'mos') {
      for (const s of stimuli) items.push({ trial: trial.key, shown: [s], x: null });
    } else {
      for (let i = 0; i < stimuli.length; i++) {
        for (let j = i + 1; j < stimuli.length; j++) {
          const a = stimuli[i] as string, b = stimuli[j] as string;
          const shown = random() < 0.5 ? [a, b] : [b, a];
          const x = config.type === 'abx' ? (random() < 0.5 ? shown[0] as string : shown[1] as string) : null;
          items.push({ trial: trial.key, shown, x });
        }
      }
    }
  }
  return shuffle(items);
}
