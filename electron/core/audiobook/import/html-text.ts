// Chapter (X)HTML → readable blocks (headings and paragraphs), parsed leniently with htmlparser2; footnote markers and notes dropped.
import { Parser } from 'htmlparser2';

export interface HtmlBlock {
  kind: 'heading' | 'paragraph';
  /** h1 → 1 … h6 → 6; 0 for paragraphs. */
  level: number;
  text: string;
}

export interface HtmlText {
  blocks: HtmlBlock[];
  /** Element id → index of the first block at or after it (where a TOC entry "file#id" starts). */
  anchors: Map<string, number>;
  images: number;
  /** For each image, the index of the block it stands before (to count a section's images). */
  imageBlocks: number[];
  /** epub:type values seen on body/section/article wrappers (frontmatter, copyright-page, toc…). */
  types: Set<string>;
  /** Footnote markers and note bodies that were left out of the text. */
  droppedNotes: number;
  /** True when the document holds a navigation list (a table of contents page). */
  hasNav: boolean;
}

const BLOCK = new Set(['p', 'div', 'li', 'blockquote', 'pre', 'section', 'article', 'aside', 'header', 'footer', 'figure', 'figcaption',
  'table', 'tr', 'td', 'th', 'dd', 'dt', 'ul', 'ol', 'dl', 'nav', 'main', 'body', 'hr', 'center', 'address', 'caption']);
const SKIP = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'math', 'rt', 'rp']);
const NOTE_TYPES = /\b(footnote|endnote|rearnote|note|footnotes|endnotes|rearnotes)\b/;
const NOTEREF = /\b(noteref|doc-noteref)\b/;
/** A footnote marker's text: a number, a letter, a dagger or asterisk, maybe in brackets. */
const MARKER_TEXT = /^\s*[[(]?\s*(\d{1,4}|[a-z]|[ivxlc]{1,6}|[*†‡§¶]+)\s*[\])]?\s*$/iu;

const INVISIBLE = /\u00AD|\u200B|\u200C|\u200D|\u2060|\uFEFF/;
const INVISIBLE_ALL = /\u00AD|\u200B|\u200C|\u200D|\u2060|\uFEFF/g;

/** Collapses whitespace and drops soft hyphens and zero-width characters that would break words apart. */
export function cleanInline(s: string): string {
  // Tested first, without the u flag: on a 5 MB book the unicode-mode replace alone cost a quarter of the import.
  const bare = INVISIBLE.test(s) ? s.replace(INVISIBLE_ALL, '') : s;
  return bare.replace(/\s+/g, ' ').trim();
}

interface Frame { name: string; skip: boolean; note: boolean; marker: boolean; markerText: string }

export function htmlToText(html: string): HtmlText {
  const blocks: HtmlBlock[] = [];
  const anchors = new Map<string, number>();
  const types = new Set<string>();
  let droppedNotes = 0, hasNav = false;
  const imageBlocks: number[] = [];
  let buf = '';
  let heading = 0;
  const stack: Frame[] = [];
  const pendingAnchors: string[] = [];

  const hidden = (): boolean => stack.some((f) => f.skip || f.note);
  const flush = (): void => {
    const text = cleanInline(buf);
    buf = '';
    if (text === '' || !/[\p{L}\p{N}]/u.test(text)) return;
    blocks.push({ kind: heading > 0 ? 'heading' : 'paragraph', level: heading, text });
  };
  const anchorHere = (): void => {
    for (const a of pendingAnchors.splice(0)) if (!anchors.has(a)) anchors.set(a, blocks.length);
  };

  const parser = new Parser({
    onopentag(name, attrs) {
      const epubType = `${attrs['epub:type'] ?? ''} ${attrs.role ?? ''}`.toLowerCase();
      const href = attrs.href ?? '';
      const isNote = /^(aside|section|div|li|p|ol)$/.test(name) && NOTE_TYPES.test(epubType) && !/noteref/.test(epubType);
      // A noteref link, or a superscript link to an anchor: a marker if its text turns out to be one.
      const marker = NOTEREF.test(epubType) || name === 'sup' || (name === 'a' && href.includes('#') && /\b(fn|note|ftn|footnote)/i.test(href));
      if (name === 'nav') hasNav = true;
      if (/^(body|section|article|div)$/.test(name)) for (const t of epubType.split(/\s+/)) if (t) types.add(t.replace(/^doc-/, ''));
      if (BLOCK.has(name) || /^h[1-6]$/.test(name)) flush();
      if (/^h[1-6]$/.test(name) && !hidden()) heading = Number(name[1]);
      if ((name === 'img' || name === 'svg') && !hidden()) imageBlocks.push(blocks.length);
      if (name === 'br' && !hidden()) buf += ' ';
      if (attrs.id && !hidden() && !isNote && !SKIP.has(name)) pendingAnchors.push(attrs.id);
      // Print page numbers (epub:type pagebreak) are not read.
      if (!VOID.has(name)) stack.push({ name, skip: SKIP.has(name) || /\bpagebreak\b/.test(epubType), note: isNote, marker, markerText: '' });
      if (isNote) droppedNotes++;
      if (!hidden()) anchorHere();
    },
    ontext(data) {
      if (hidden()) return;
      const top = [...stack].reverse().find((f) => f.marker);
      if (top) { top.markerText += data; return; }
      buf += data;
    },
    onclosetag(name) {
      if (VOID.has(name)) return;
      // Unwind to the matching open tag; htmlparser2 already closes implied ends for broken markup.
      let i = stack.length - 1;
      while (i >= 0 && stack[i]!.name !== name) i--;
      if (i < 0) return;
      const closed = stack.splice(i);
      for (const f of closed.reverse()) {
        if (!f.marker || f.skip) continue;
        const outer = [...stack].reverse().find((g) => g.marker);
        if (MARKER_TEXT.test(f.markerText)) { droppedNotes++; continue; }
        // Not a footnote marker after all (a superscript "th", a link in the text): keep its words.
        if (outer) outer.markerText += f.markerText; else if (!hidden()) buf += f.markerText;
      }
      if (/^h[1-6]$/.test(name)) { flush(); heading = 0; }
      if (BLOCK.has(name)) flush();
    },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: false, recognizeSelfClosing: true });
  parser.write(html);
  parser.end();
  flush();
  // Anchors at the very end (an empty last section) point past the last block.
  for (const a of pendingAnchors) if (!anchors.has(a)) anchors.set(a, blocks.length);
  return { blocks, anchors, images: imageBlocks.length, imageBlocks, types, droppedNotes, hasNav };
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

export interface NavLink {
  label: string;
  href: string;
  depth: number;
  /** epub:type of the link (a landmark's kind: cover, toc, bodymatter…). */
  types: string;
}

/** The links of an EPUB 3 navigation document's nav of `type` (toc, landmarks), with their nesting depth. */
export function navLinks(html: string, type: 'toc' | 'landmarks'): NavLink[] {
  const out: NavLink[] = [];
  let inNav = 0, depth = 0;
  let current: NavLink | null = null;
  const parser = new Parser({
    onopentag(name, attrs) {
      const t = (attrs['epub:type'] ?? '').toLowerCase();
      if (name === 'nav') {
        if (inNav > 0) inNav++;
        else if (t.split(/\s+/).includes(type)) inNav = 1;
      }
      if (inNav > 0 && name === 'ol') depth++;
      if (inNav > 0 && name === 'a' && attrs.href) current = { label: '', href: attrs.href, depth: Math.max(0, depth - 1), types: t };
    },
    ontext(data) { if (current) current.label += data; },
    onclosetag(name) {
      if (name === 'a' && current) { out.push({ ...current, label: cleanInline(current.label) }); current = null; }
      if (inNav > 0 && name === 'ol') depth--;
      if (name === 'nav' && inNav > 0) inNav--;
    },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: false });
  parser.write(html);
  parser.end();
  return out;
}

/** The epub:type values of a document's <body> (read from its start). */
export function bodyTypes(head: string): string[] {
  let types: string[] = [];
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'body') types = (attrs['epub:type'] ?? '').toLowerCase().split(/\s+/).filter(Boolean).map((t) => t.replace(/^doc-/, ''));
    },
  }, { lowerCaseTags: true, lowerCaseAttributeNames: false });
  parser.write(head);
  parser.end();
  return types;
}
