// Folder names made from what users type (dataset, run and voice names): one rule per kind, shared by every writer and reader.

/** Datasets and runs: letters and digits of any script kept, anything else becomes '-'. */
export function folderName(name: string): string {
  return name.replace(/[^\p{L}\p{N}_.-]+/gu, '-');
}

/** Voice packages travel between machines and tools: ASCII only, at most 64 characters. */
export function voiceFolderName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 64) || 'voice';
}
