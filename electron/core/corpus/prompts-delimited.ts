// CSV/TSV rows for prompt import: delimiter detection, RFC 4180 quoting, and which column is the id and which the text.

export interface Row {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  cells: string[];
}

export type Delimiter = '\t' | ',' | ';';

export class RowsError extends Error {
  constructor(message: string, readonly lines: number[]) {
    super(message);
  }
}

/** CSV with quoted fields ("a, b", doubled "" for a quote, line breaks inside quotes). Blank records are skipped. */
export function parseCsv(text: string, delimiter: Delimiter): Row[] {
  const rows: Row[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let atCellStart = true;
  const endRow = (): void => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]?.trim() !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
    atCellStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && atCellStart && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
      atCellStart = false;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += ch;
      if (ch.trim() !== '') atCellStart = false;
    }
  }
  if (quoted) throw new RowsError(`A quoted field opened on line ${quoteLine} is never closed.`, [quoteLine]);
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/** TSV has no quoting; a field wrapped whole in quotes with doubled inner quotes (spreadsheet export) is unwrapped. */
export function parseTsv(text: string): Row[] {
  const rows: Row[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    rows.push({ line: i + 1, cells: raw.split('\t').map(unwrapQuotes) });
  });
  return rows;
}

function unwrapQuotes(cell: string): string {
  const t = cell.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    const inner = t.slice(1, -1);
    if (!/(?<!")"(?!")/.test(inner.replace(/""/g, ''))) return inner.replace(/""/g, '"');
  }
  return cell;
}

const ID_LIKE = /^"?[\p{L}\p{N}._-]*\p{N}[\p{L}\p{N}._-]*"?\s*$/u;

/** Which delimiter a file uses, or null when it reads as plain lines. CSV only when the first field looks like an id. */
export function detectDelimiter(text: string): Delimiter | null {
  const lines = text.split(/\r\n|\r|\n/);
  return byLines(lines) ?? byRecords(text);
}

/** Quoted fields may span lines: judge records, not lines (only the first 200). */
function byRecords(text: string): Delimiter | null {
  for (const d of [',', ';'] as const) {
    let rows: Row[];
    try {
      rows = parseCsv(text, d).slice(0, 200);
    } catch {
      continue;
    }
    const rest = rows.slice(rows[0] && hasHeader(rows[0].cells.join(d)) ? 1 : 0);
    if (rest.length && rest.filter((r) => r.cells.length > 1 && ID_LIKE.test(r.cells[0] ?? '')).length >= rest.length * 0.9) return d;
  }
  return null;
}

function byLines(lines: readonly string[]): Delimiter | null {
  const body = lines.filter((l) => l.trim() !== '');
  if (body.length === 0) return null;
  const sample = body.slice(0, 200);
  if (sample.filter((l) => l.includes('\t')).length >= sample.length * 0.9) return '\t';
  const rest = sample.slice(hasHeader(sample[0] ?? '') ? 1 : 0);
  if (rest.length === 0) return null;
  for (const d of [',', ';'] as const) {
    const idFirst = rest.filter((l) => {
      const at = l.indexOf(d);
      return at > 0 && ID_LIKE.test(l.slice(0, at));
    });
    if (idFirst.length >= rest.length * 0.9) return d;
  }
  return null;
}

const HEADER_WORDS = new Set([
  'id', 'name', 'file', 'filename', 'file_id', 'utt', 'utt_id', 'utterance', 'utterance_id', 'key', 'text', 'sentence',
  'transcript', 'transcription', 'prompt', 'length', 'len', 'chars', 'characters', 'speaker', 'satz',
]);

function hasHeader(line: string): boolean {
  const cells = line.split(/[\t,;]/).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return cells.length > 1 && cells.every((c) => c === '' || HEADER_WORDS.has(c));
}

export interface ColumnChoice {
  textColumn: number;
  idColumn: number | null;
  header: boolean;
  notes: string[];
}

/** Pick the text column (the wordiest) and an id column (a unique other column); a header row is recognised by its names. */
export function chooseColumns(rows: readonly Row[]): ColumnChoice {
  const notes: string[] = [];
  const first = rows[0];
  const header = first !== undefined && first.cells.length > 1 && first.cells.every((c) => c.trim() === '' || HEADER_WORDS.has(c.trim().toLowerCase()));
  const body = header ? rows.slice(1) : rows;
  const width = Math.max(0, ...body.map((r) => r.cells.length));
  if (header && first) {
    const names = first.cells.map((c) => c.trim().toLowerCase());
    const textAt = names.findIndex((n) => ['text', 'sentence', 'transcript', 'transcription', 'prompt', 'satz'].includes(n));
    const idAt = names.findIndex((n) => ['id', 'name', 'file', 'filename', 'file_id', 'utt', 'utt_id', 'utterance', 'utterance_id', 'key'].includes(n));
    if (textAt >= 0) return { textColumn: textAt, idColumn: idAt >= 0 ? idAt : null, header, notes };
  }
  const meanLen = Array.from({ length: width }, (_, c) => {
    let sum = 0;
    for (const r of body) sum += (r.cells[c] ?? '').trim().length;
    return body.length ? sum / body.length : 0;
  });
  let textColumn = 0;
  meanLen.forEach((m, c) => {
    if (m > (meanLen[textColumn] ?? 0)) textColumn = c;
  });
  // A unique column is the id; failing that, an id-shaped one (its repeats are then reported); a column of text lengths is dropped.
  let unique: number | null = null;
  let idShaped: number | null = null;
  const ignored: number[] = [];
  for (let c = 0; c < width; c++) {
    if (c === textColumn) continue;
    const values = body.map((r) => (r.cells[c] ?? '').trim());
    const lengths = body.filter((r) => Number((r.cells[c] ?? '').trim()) === (r.cells[textColumn] ?? '').trim().length).length;
    if (lengths >= body.length * 0.9) {
      notes.push(`column ${c + 1} holds the length of each text and is ignored; ids are generated`);
      continue;
    }
    if (unique === null && values.every((v) => v !== '') && new Set(values).size === values.length) unique = c;
    else if (idShaped === null && values.every((v) => ID_LIKE.test(v))) idShaped = c;
    else ignored.push(c);
  }
  const idColumn = unique ?? idShaped;
  for (const c of ignored.concat(unique !== null && idShaped !== null ? [idShaped] : [])) {
    notes.push(`column ${c + 1} ${describeColumn(body.map((r) => (r.cells[c] ?? '').trim()))} is ignored`);
  }
  return { textColumn, idColumn, header, notes };
}

function describeColumn(values: readonly string[]): string {
  const numeric = values.length > 0 && values.every((v) => /^\d+$/.test(v));
  const example = values.find((v) => v !== '') ?? '';
  return numeric ? `(numbers such as '${example}')` : `(values such as '${example.slice(0, 20)}')`;
}
