// Words and badge styles for take verdicts, states and flags, shared by the take list and the take detail.
import type { Take } from '../../../../electron/shared/domains/corpus';

export const verdictLabel: Record<NonNullable<Take['verdict']>, string> = { ok: 'Good', warn: 'Check', fail: 'Failing' };
export const verdictBadge: Record<NonNullable<Take['verdict']>, string> = { ok: 'badge--succeeded', warn: 'badge--warning', fail: 'badge--failed' };
export const stateLabel: Record<Take['state'], string> = {
  recording: 'recording',
  done: 'to review',
  recovered: 'recovered',
  accepted: 'accepted',
  rejected: 'rejected',
};
export const flagLabel: Record<Take['flags'][number]['flag'], string> = {
  misread: 'Misread',
  noise: 'Noise',
  mouth_click: 'Mouth click',
  other: 'Other',
};

export function formatSeconds(s: number): string {
  return `${s.toFixed(1)} s`;
}
