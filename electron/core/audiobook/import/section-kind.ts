// What a section of a book is (chapter, front or back matter, contents, images only, empty), from its title, EPUB semantics and text.
import type { ImportSection } from '../../../shared/domains/books';

export type SectionKind = ImportSection['kind'];

export interface SectionFacts {
  title: string;
  words: number;
  images: number;
  /** epub:type values and guide/landmark types that point at the section. */
  types: ReadonlySet<string>;
  /** The start of its text (for copyright pages and the like). */
  text: string;
  /** Spine linear="no": outside the reading order. */
  nonLinear?: boolean;
  /** Whether a chapter-like section came before it (then unknown matter is back matter). */
  afterBody: boolean;
}

export interface SectionVerdict { kind: SectionKind; includedByDefault: boolean; reason: string }

interface Rule { re: RegExp; kind: 'front' | 'back' | 'toc'; include: boolean; what: string }

// Titles in English and German. Matter a listener expects in the audiobook (foreword, prologue, afterword) stays included.
const TITLE_RULES: Rule[] = [
  { re: /^(table of contents|contents|inhalt|inhaltsverzeichnis)$/iu, kind: 'toc', include: false, what: 'a table of contents' },
  { re: /^(cover|umschlag|titelbild|front cover)$/iu, kind: 'front', include: false, what: 'the cover' },
  { re: /^(title page|half[- ]title|titelseite|titel)$/iu, kind: 'front', include: false, what: 'the title page' },
  { re: /^(copyright|copyright page|impressum|colophon|kolophon|publisher'?s note)$/iu, kind: 'front', include: false, what: 'a copyright page' },
  { re: /^(dedication|widmung|epigraph|motto)$/iu, kind: 'front', include: false, what: 'a dedication or epigraph' },
  { re: /^(also by .*|by the same author|other books by .*|praise for .*|weitere (bücher|titel) .*)$/iu, kind: 'front', include: false, what: 'a list of other books' },
  { re: /^(foreword|preface|introduction|prologue|vorwort|einleitung|einführung|prolog)$/iu, kind: 'front', include: true, what: 'a foreword, preface or prologue (usually read)' },
  { re: /^(epilogue|afterword|epilog|nachwort|author'?s note)$/iu, kind: 'back', include: true, what: 'an epilogue or afterword (usually read)' },
  { re: /^(acknowledge?ments|danksagung|dank)$/iu, kind: 'back', include: false, what: 'acknowledgements' },
  { re: /^(about the author|about the authors|über (den|die) autor(in)?|zum autor|zur autorin)$/iu, kind: 'back', include: false, what: 'about the author' },
  { re: /^(notes|endnotes|footnotes|anmerkungen|fußnoten|endnoten)$/iu, kind: 'back', include: false, what: 'notes' },
  { re: /^(index|register|glossary|glossar|bibliography|bibliographie|literaturverzeichnis|references|quellen|appendix [a-z0-9]+|appendix|anhang)$/iu, kind: 'back', include: false, what: 'an index, glossary, bibliography or appendix' },
];

const TYPE_RULES: Record<string, { kind: 'front' | 'back' | 'toc'; include: boolean }> = {
  toc: { kind: 'toc', include: false }, 'loi': { kind: 'toc', include: false }, 'lot': { kind: 'toc', include: false },
  cover: { kind: 'front', include: false }, titlepage: { kind: 'front', include: false }, halftitlepage: { kind: 'front', include: false },
  'title-page': { kind: 'front', include: false }, 'copyright-page': { kind: 'front', include: false }, colophon: { kind: 'back', include: false },
  dedication: { kind: 'front', include: false }, epigraph: { kind: 'front', include: false }, frontmatter: { kind: 'front', include: false },
  foreword: { kind: 'front', include: true }, preface: { kind: 'front', include: true }, prologue: { kind: 'front', include: true },
  introduction: { kind: 'front', include: true }, epilogue: { kind: 'back', include: true }, afterword: { kind: 'back', include: true },
  acknowledgments: { kind: 'back', include: false }, acknowledgements: { kind: 'back', include: false }, index: { kind: 'back', include: false },
  glossary: { kind: 'back', include: false }, bibliography: { kind: 'back', include: false }, endnotes: { kind: 'back', include: false },
  rearnotes: { kind: 'back', include: false }, appendix: { kind: 'back', include: false }, backmatter: { kind: 'back', include: false },
  contributors: { kind: 'back', include: false }, 'other-credits': { kind: 'back', include: false },
};

const COPYRIGHT_TEXT = /(©|\(c\)\s*\d{4}|copyright\s+(©\s*)?\d{4}|all rights reserved|alle rechte vorbehalten|\bISBN[\s:-]*[\d-]{9,})/iu;

export function classifySection(f: SectionFacts): SectionVerdict {
  const title = f.title.trim().replace(/[.:]+$/u, '');
  if (f.words === 0) {
    return f.images > 0
      ? { kind: 'images', includedByDefault: false, reason: `no text, ${f.images} image${f.images === 1 ? '' : 's'}` }
      : { kind: 'empty', includedByDefault: false, reason: 'no text' };
  }
  for (const r of TITLE_RULES) {
    if (r.re.test(title)) return { kind: r.kind, includedByDefault: r.include, reason: `title "${f.title}" reads as ${r.what}` };
  }
  // Semantic types from the EPUB; "bodymatter"/"chapter" say nothing beyond the default.
  for (const t of f.types) {
    const rule = TYPE_RULES[t];
    if (rule) return { kind: rule.kind, includedByDefault: rule.include, reason: `marked epub:type "${t}" in the EPUB` };
  }
  if (f.words < 300 && COPYRIGHT_TEXT.test(f.text)) {
    return { kind: f.afterBody ? 'back' : 'front', includedByDefault: false, reason: 'short text with a copyright notice or ISBN' };
  }
  if (f.nonLinear) return { kind: f.afterBody ? 'back' : 'front', includedByDefault: false, reason: 'outside the reading order (spine linear="no")' };
  return { kind: 'chapter', includedByDefault: true, reason: f.words < 20 ? `a short section (${f.words} words)` : 'a chapter of the text' };
}

/** The first `n` words of a text, for the preview. */
export function firstWords(text: string, n = 12): string {
  const words = text.split(/\s+/u).filter(Boolean);
  return words.slice(0, n).join(' ') + (words.length > n ? ' …' : '');
}

/** Whitespace-separated tokens with a letter or digit in them (cheap enough for a 5 MB book: no unicode-mode scan of all of it). */
export function countWords(text: string): number {
  let n = 0;
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    if (/[A-Za-z0-9]/.test(token) || /[\p{L}\p{N}]/u.test(token)) n++;
  }
  return n;
}
