// Human names for the builder's outlier reasons (too_short, low_snr, …); unknown reasons fall back to a readable form.
const labels: Record<string, string> = {
  too_short: 'Too short',
  too_long: 'Too long',
  clipped: 'Clipped',
  low_snr: 'Noisy (low SNR)',
  unknown_symbols: 'Unknown characters',
  empty_text: 'No text',
  duplicate_text: 'Duplicate text',
  rate_outlier: 'Unusual pace',
  unreadable: 'Unreadable audio',
};

export function reasonLabel(reason: string): string {
  const known = labels[reason];
  if (known) return known;
  const words = reason.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Other';
}
