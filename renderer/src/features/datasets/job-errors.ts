// Splits a dataset job's error ("N problems in x; nothing was imported. a; b; c") into its summary and the problems it lists.

export interface JobProblems {
  summary: string;
  problems: string[];
  /** "and 12 more" when the backend listed only the first few. */
  more: string | null;
}

const LISTED = /^(.*?nothing was (?:imported|exported|written)\.)\s+(.+)$/s;

export function splitProblems(error: string): JobProblems {
  const match = LISTED.exec(error.trim());
  if (!match) return { summary: error.trim(), problems: [], more: null };
  const parts = match[2]!.split(/;\s+/).map((p) => p.trim()).filter((p) => p !== '');
  const last = parts[parts.length - 1];
  const more = last && /^and \d+ more$/.test(last) ? last : null;
  return { summary: match[1]!, problems: more ? parts.slice(0, -1) : parts, more };
}

/** What to do about a failed import, from what the error names (the job row carries no hint of its own). */
export function importHint(error: string): string {
  if (/\b2 columns\b/.test(error)) {
    return 'This looks like a two-column metadata.csv (id|text). LJSpeech needs three columns, id|raw text|normalized text: repeat the text as the third column, then import again.';
  }
  if (/0 bytes|is missing|no audio/.test(error)) {
    return 'Fix or remove the clips listed, and their lines in metadata.csv, then import again. Nothing was copied into the workspace.';
  }
  if (/already exists/.test(error)) return 'Choose another name for the dataset.';
  return 'Fix what is listed, then import again. Nothing was copied into the workspace.';
}
