// Dataset names: the characters the backend accepts, and a free default that does not collide with an existing dataset.
export const NAME_PATTERN = /^[\p{L}\p{N} _.-]+$/u;

/** Why `name` cannot be used, or null when it can. */
export function nameProblem(name: string, taken: readonly string[]): string | null {
  const n = name.trim();
  if (n === '') return null; // an empty field is the required attribute's job
  if (n.length > 80) return 'At most 80 characters.';
  if (!NAME_PATTERN.test(n)) return 'Use letters, digits, spaces and _ . - only.';
  if (taken.some((t) => t.toLowerCase() === n.toLowerCase())) return `A dataset named ${n} already exists; choose another name.`;
  return null;
}

export function freeName(base: string, taken: readonly string[]): string {
  const clean = base.replace(/[^\p{L}\p{N} _.-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 70) || 'Dataset';
  const used = new Set(taken.map((t) => t.toLowerCase()));
  if (!used.has(clean.toLowerCase())) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean} ${i}`.toLowerCase())) return `${clean} ${i}`;
}
