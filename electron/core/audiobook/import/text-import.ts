// Plain text and Markdown → sections: chapters by headings (#, "Chapter 1", "CHAPTER ONE", roman numerals) or a pattern the user gives.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ApiError } from '../../../shared/errors';
import { decodePromptBytes } from '../../corpus/prompts-decode';
import { cleanInline } from './html-text';
import type { ParsedBook, ParsedParagraph, ParsedSection } from './parsed-book';
import { classifySection, countWords } from './section-kind';

const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|erstes|zweites|drittes';
const ROMAN = '[IVXLCDM]{1,8}';
/** A heading line in plain text: "Chapter 12", "CHAPTER ONE. The Storm", "Kapitel 3", "Part II", "XIV." alone. */
const TEXT_HEADING = new RegExp(
  `^(?:(?:chapter|chap\\.|kapitel|book|buch|part|teil|letter|brief)\\s+(?:\\d{1,4}|${ROMAN}|(?:${NUMBER_WORDS})(?:[- ](?:${NUMBER_WORDS}))?)\\b[.:]?(?:\\s*[-–—:.]?\\s*\\S.{0,80})?|${ROMAN}\\.?|\\d{1,3}\\.)$`,
  'iu',
);
const ROMAN_ONLY = new RegExp(`^${ROMAN}\\.?$`, 'u');
/** Named parts of a book that stand alone on a line as headings ("PROLOGUE", "Nachwort"). */
const NAMED_HEADING = /^(prologue|epilogue|foreword|preface|introduction|afterword|interlude|acknowledge?ments|about the author|author'?s note|prolog|epilog|vorwort|nachwort|einleitung|zwischenspiel|danksagung|anmerkungen)[.:]?$/iu;
// Project Gutenberg wraps the book in a licence header and footer.
const GUTENBERG_START = /^\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG/iu;
const GUTENBERG_END = /^\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG/iu;

interface Line { text: string; no: number }
interface RawSection { title: string | null; lines: Line[]; heading: string | null; from: number; forced?: 'front' | 'back' }

/** A user pattern for chapter heading lines, compiled with a message that says what is wrong with it. */
export function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'iu');
  } catch (err) {
    throw new ApiError('invalid_input', `The chapter pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}.`,
      'Give a JavaScript regular expression that matches a chapter heading line, e.g. ^Chapter \\d+ or ^§\\s*\\d+.');
  }
}

/** Markdown inline markup → plain text; images counted and dropped, footnote references dropped. */
function markdownInline(line: string, counts: { images: number; notes: number }): string {
  return line
    .replace(/!\[[^\]]*\]\([^)]*\)/gu, () => { counts.images++; return ''; })
    .replace(/\[\^[^\]]+\]/gu, () => { counts.notes++; return ''; })
    .replace(/\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/<[^>]+>/gu, '')
    .replace(/(\*\*|__)(.+?)\1/gu, '$2')
    .replace(/(^|[^\p{L}\p{N}])[*_]([^*_\s][^*_]*?)[*_](?=[^\p{L}\p{N}]|$)/gu, '$1$2')
    .replace(/`([^`]*)`/gu, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/gu, '$1');
}

/** Footnote markers in plain text: [12], [*], a dagger glued to a word. */
function dropTextMarkers(line: string, counts: { notes: number }): string {
  if (!/[[†‡]/.test(line)) return line;
  return line.replace(/\[(\d{1,3}|[*†‡])\]|(?<=[\p{L}.,;:!?”’"'])[†‡]+/gu, () => { counts.notes++; return ''; });
}

function splitSections(lines: readonly Line[], isHeading: (line: string, prevBlank: boolean, nextBlank: boolean) => string | null): RawSection[] {
  const sections: RawSection[] = [{ title: null, heading: null, lines: [], from: lines[0]?.no ?? 1 }];
  lines.forEach((l, i) => {
    const trimmed = l.text.trim();
    const prevBlank = i === 0 || lines[i - 1]!.text.trim() === '';
    const nextBlank = i === lines.length - 1 || lines[i + 1]!.text.trim() === '';
    const title = trimmed === '' ? null : isHeading(trimmed, prevBlank, nextBlank);
    if (title !== null) sections.push({ title, heading: trimmed, lines: [], from: l.no });
    else sections[sections.length - 1]!.lines.push(l);
  });
  return sections;
}

function paragraphsOf(lines: readonly Line[], markdown: boolean, counts: { images: number; notes: number }): ParsedParagraph[] {
  const out: ParsedParagraph[] = [];
  let buf: string[] = [];
  let inFence = false;
  const flush = (): void => {
    const text = cleanInline(buf.join(' '));
    buf = [];
    if (/[\p{L}\p{N}]/u.test(text)) out.push({ text, heading: false });
  };
  for (const { text: raw } of lines) {
    let line = raw;
    if (markdown) {
      if (/^\s*(```|~~~)/u.test(line)) { inFence = !inFence; flush(); continue; }
      if (inFence) continue; // code is not read aloud
      if (/^\s*\[\^[^\]]+\]:/u.test(line)) { counts.notes++; flush(); continue; } // a footnote's definition
      if (/^\s*([-*_]\s*){3,}$/u.test(line)) { flush(); continue; } // a rule
      if (/^\s{0,3}#{1,6}\s/u.test(line)) { flush(); out.push({ text: cleanInline(markdownInline(line.replace(/^\s*#+\s*|\s*#+\s*$/gu, ''), counts)), heading: true }); continue; }
      line = markdownInline(line.replace(/^\s*>+\s?/u, '').replace(/^\s*([-*+]|\d+[.)])\s+/u, ''), counts);
      if (/^\s*([-*+]|\d+[.)])\s+/u.test(raw)) flush(); // each list item is a paragraph
    }
    line = dropTextMarkers(line, counts);
    if (line.trim() === '') flush();
    else buf.push(line.trim());
  }
  flush();
  return out;
}

/** Setext headings (a line underlined with === or ---) rewritten as # and ## lines, so one heading rule serves both. */
function atxHeadings(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const under = lines[i + 1]?.text ?? '';
    const plain = l.text.trim() !== '' && !/^\s{0,3}(#|[-*+]\s|>|\d+[.)]\s|```|~~~)/u.test(l.text);
    if (plain && /^\s{0,3}(=+|-+)\s*$/u.test(under) && (i === 0 || lines[i - 1]!.text.trim() === '')) {
      out.push({ text: `${under.trim().startsWith('=') ? '#' : '##'} ${l.text.trim()}`, no: l.no }, { text: '', no: l.no + 1 });
      i++;
    } else out.push(l);
  }
  return out;
}

/** The highest Markdown heading level used for chapters: one that occurs twice or more (a lone # on top is the book's title). */
function markdownChapterLevel(lines: readonly Line[]): { level: number; bookTitle: string | null } {
  const counts = new Map<number, number>();
  let firstH1: string | null = null;
  for (const l of lines) {
    const m = /^\s{0,3}(#{1,6})\s+(.*)$/u.exec(l.text);
    if (!m) continue;
    counts.set(m[1]!.length, (counts.get(m[1]!.length) ?? 0) + 1);
    if (m[1]!.length === 1 && firstH1 === null) firstH1 = m[2]!.replace(/\s*#+\s*$/u, '').trim();
  }
  const levels = [...counts.keys()].sort((a, b) => a - b);
  const level = levels.find((lv) => (counts.get(lv) ?? 0) >= 2) ?? levels[0] ?? 0;
  return { level, bookTitle: level > 1 && counts.get(1) === 1 ? firstH1 : null };
}

export async function readTextBook(path: string, chapterPattern?: string): Promise<ParsedBook> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw new ApiError('not_found', `Cannot read ${path}: ${(err as Error).message}`, 'Check the path and that you may read the file.');
  }
  if (bytes.subarray(0, 4).every((b, i) => b === [0x50, 0x4b, 0x03, 0x04][i])) {
    throw new ApiError('invalid_input', `${name} is a ZIP archive, not a text file.`, 'If it is an e-book, give it the .epub extension and import it again.');
  }
  const decoded = decodePromptBytes(bytes);
  if (!decoded.ok) throw new ApiError('invalid_input', `${name}: ${decoded.message}`, 'Save the file as UTF-8 and import it again.');
  const markdown = /^\.(md|markdown|mdown|mkd)$/iu.test(extname(path));
  const pattern = chapterPattern === undefined ? null : compilePattern(chapterPattern);
  const warnings: string[] = [];

  let lines: Line[] = decoded.text.split(/\r\n|\r|\n/u).map((text, i) => ({ text, no: i + 1 }));
  if (markdown) lines = atxHeadings(lines);
  // Gutenberg's licence header and footer are listed as front and back matter, never read by default.
  const start = lines.findIndex((l) => GUTENBERG_START.test(l.text));
  const end = lines.findIndex((l) => GUTENBERG_END.test(l.text));
  const licence: RawSection[] = [];
  if (start >= 0) {
    licence.push({ title: 'Project Gutenberg header', heading: null, lines: lines.slice(0, start + 1), from: 1, forced: 'front' });
    if (end > start) licence.push({ title: 'Project Gutenberg licence', heading: null, lines: lines.slice(end), from: lines[end]!.no, forced: 'back' });
    lines = lines.slice(start + 1, end > start ? end : undefined);
  }

  let bookTitle: string | null = null;
  let isHeading: (line: string, prevBlank: boolean, nextBlank: boolean) => string | null;
  if (pattern) {
    isHeading = (line) => (pattern.test(line) ? line : null);
  } else if (markdown) {
    const md = markdownChapterLevel(lines);
    bookTitle = md.bookTitle;
    const re = new RegExp(`^\\s{0,3}#{1,${Math.max(1, md.level)}}\\s+(.*)$`, 'u');
    isHeading = (line) => {
      const m = re.exec(line);
      if (!m) return null;
      const title = m[1]!.replace(/\s*#+\s*$/u, '').trim();
      return md.bookTitle !== null && title === md.bookTitle && /^\s*#\s/u.test(line) ? null : title;
    };
  } else {
    // A heading stands alone: blank line before, short, and (for bare numerals) a blank line after.
    isHeading = (line, prevBlank, nextBlank) => {
      if (prevBlank && nextBlank && NAMED_HEADING.test(line)) return line;
      if (!prevBlank || line.length > 100 || !TEXT_HEADING.test(line)) return null;
      if ((ROMAN_ONLY.test(line) || /^\d{1,3}\.$/u.test(line)) && !nextBlank) return null;
      return line;
    };
  }
  const raw = [...licence.slice(0, 1), ...splitSections(lines, isHeading), ...licence.slice(1)];
  if (raw.filter((s) => s.title !== null && !s.forced).length === 0) {
    warnings.push(pattern ? `No line matches the chapter pattern ${JSON.stringify(chapterPattern)}; the whole text is one chapter.`
      : 'No chapter headings were found; the whole text is one chapter. Give a chapter pattern to split it.');
  }

  const sections: ParsedSection[] = [];
  let afterBody = false;
  raw.forEach((s, i) => {
    const counts = { images: 0, notes: 0 };
    const paragraphs = paragraphsOf(s.lines, markdown, counts);
    if (s.heading !== null) {
      const headingText = markdown ? cleanInline(markdownInline(s.heading.replace(/^\s*#+\s*|\s*#+\s*$/gu, ''), counts)) : cleanInline(s.heading);
      if (/[\p{L}\p{N}]/u.test(headingText)) paragraphs.unshift({ text: headingText, heading: true });
    }
    if (s.title === null && paragraphs.length === 0 && counts.images === 0) return; // nothing before the first heading
    const text = paragraphs.map((p) => p.text).join('\n');
    const firstBody = raw.slice(0, i).every((r) => r.forced);
    const title = s.title ?? (firstBody && bookTitle ? bookTitle : firstBody ? 'Opening' : 'Untitled');
    const facts = { title, words: countWords(text), images: counts.images, types: new Set<string>(), text: text.slice(0, 3000), afterBody };
    // Before the first heading: the title alone, or a few words (title, author) are a title page.
    const titleOnly = s.title === null && paragraphs.length === 1 && paragraphs[0]!.heading;
    const verdict = s.forced ? { kind: s.forced, includedByDefault: false, reason: 'the Project Gutenberg licence text around the book' }
      : titleOnly ? { kind: 'front' as const, includedByDefault: false, reason: 'only the book title' }
      : s.title === null && facts.words < 30 && raw.some((r) => r.title !== null && !r.forced)
        ? { kind: 'front' as const, includedByDefault: false, reason: `${facts.words} words before the first chapter heading (a title page)` }
        : classifySection(facts);
    if (verdict.kind === 'chapter') afterBody = true;
    const lastLine = s.lines[s.lines.length - 1]?.no ?? s.from;
    sections.push({
      ...verdict, title, paragraphs, words: facts.words, images: counts.images, sourceRef: `lines ${s.from}–${lastLine}`,
      warnings: counts.notes > 0 ? [`${counts.notes} footnote marker${counts.notes === 1 ? '' : 's'} or note${counts.notes === 1 ? '' : 's'} left out of the text`] : [],
    });
  });
  const stem = name.replace(/\.[^.]+$/u, '');
  return { format: markdown ? 'markdown' : 'text', title: bookTitle ?? stem, author: '', language: '', sections, warnings };
}
