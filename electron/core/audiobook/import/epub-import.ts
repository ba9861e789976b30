// EPUB → sections: @lingo-reader/epub-parser reads the package (container, OPF, spine, NCX); chapters come from the TOC or the spine.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { initEpubFile, type EpubFile, type NavPoint } from '@lingo-reader/epub-parser';
import { DOMParser } from '@xmldom/xmldom';
import { unzipSync } from 'fflate';
import { ApiError } from '../../../shared/errors';
import { bodyTypes, htmlToText, navLinks, type HtmlText } from './html-text';
import type { ParsedBook, ParsedSection } from './parsed-book';
import { classifySection, countWords } from './section-kind';

// Font obfuscation (IDPF, Adobe) is listed in encryption.xml but is not DRM: the text stays readable.
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);
const DRM_HINT = 'Import a DRM-free copy of the book (from the publisher or a store that sells DRM-free EPUBs), or its text as a .txt or .md file.';

/** The META-INF files, read straight from the ZIP; throws a clear error for a file that is not a ZIP/EPUB. */
function readMetaInf(bytes: Uint8Array, name: string): Map<string, string> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name.startsWith('META-INF/') || f.name === 'mimetype' });
  } catch (err) {
    throw new ApiError('invalid_input', `${name} is not an EPUB: it cannot be read as a ZIP archive (${(err as Error).message}).`,
      'Check that the file is a complete .epub (a partial download is a common cause), or import the text as .txt or .md.');
  }
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(files)) out.set(k, new TextDecoder().decode(v));
  if (!out.has('META-INF/container.xml')) {
    throw new ApiError('invalid_input', `${name} is a ZIP archive but not an EPUB (it has no META-INF/container.xml).`,
      'Choose the .epub file itself, or import the text as .txt or .md.');
  }
  return out;
}

/** Refuses a DRM-locked EPUB with a message that says so, instead of importing garbled or empty chapters. */
function checkDrm(meta: Map<string, string>, name: string): void {
  if (meta.has('META-INF/rights.xml')) {
    throw new ApiError('invalid_input', `${name} is DRM-protected (it carries an Adobe rights.xml licence); its text cannot be read.`, DRM_HINT);
  }
  if (meta.has('META-INF/sinf.xml')) {
    throw new ApiError('invalid_input', `${name} is DRM-protected (Apple FairPlay, META-INF/sinf.xml); its text cannot be read.`, DRM_HINT);
  }
  const xml = meta.get('META-INF/encryption.xml');
  if (xml === undefined) return;
  const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
  const locked: string[] = [];
  const data = doc.getElementsByTagNameNS('*', 'EncryptedData');
  for (let i = 0; i < data.length; i++) {
    const d = data.item(i);
    const algorithm = d?.getElementsByTagNameNS('*', 'EncryptionMethod').item(0)?.getAttribute('Algorithm') ?? '';
    const uri = d?.getElementsByTagNameNS('*', 'CipherReference').item(0)?.getAttribute('URI') ?? '?';
    if (!FONT_OBFUSCATION.has(algorithm)) locked.push(uri);
  }
  if (locked.length > 0) {
    throw new ApiError('invalid_input',
      `${name} is DRM-protected: ${locked.length} of its files are encrypted (${locked.slice(0, 3).join(', ')}${locked.length > 3 ? ', …' : ''}), so its text cannot be read.`,
      DRM_HINT);
  }
}

interface TocEntry { title: string; spineIndex: number; block: number; href: string }
interface Doc { id: string; href: string; text: HtmlText; types: Set<string>; nonLinear: boolean }

function flattenNcx(points: readonly NavPoint[], out: { label: string; href: string }[] = []): { label: string; href: string }[] {
  for (const p of points) {
    out.push({ label: p.label, href: p.href });
    if (p.children) flattenNcx(p.children, out);
  }
  return out;
}

function anchorOf(selector: string): string | null {
  return /\[id="(.*)"\]/u.exec(selector)?.[1] ?? null;
}

function fileName(href: string): string {
  return href.replace(/^epub:/u, '');
}

/** Where each TOC entry starts: a spine file and the block of its anchor (several entries may share a file). */
function resolveToc(epub: EpubFile, links: readonly { label: string; href: string }[], docs: readonly Doc[], warnings: string[]): TocEntry[] {
  const spineIndex = new Map(docs.map((d, i) => [d.id, i]));
  const out: TocEntry[] = [];
  for (const l of links) {
    const r = epub.resolveHref(l.href.startsWith('epub:') ? l.href : `epub:${l.href}`) ?? epub.resolveHref(l.href);
    const si = r ? spineIndex.get(r.id) : undefined;
    if (!r || si === undefined) {
      warnings.push(`The table of contents entry "${l.label}" points at ${fileName(l.href)}, which is not in the reading order; it was left out.`);
      continue;
    }
    const anchor = anchorOf(r.selector);
    const block = anchor === null ? 0 : docs[si]!.text.anchors.get(anchor);
    if (block === undefined) warnings.push(`The table of contents entry "${l.label}" points at #${anchor ?? ''} in ${fileName(l.href).replace(/#.*$/u, '')}, which does not exist; it starts at the top of that file.`);
    out.push({ title: l.label.trim() || 'Untitled', spineIndex: si, block: block ?? 0, href: fileName(l.href) });
  }
  out.sort((a, b) => a.spineIndex - b.spineIndex || a.block - b.block);
  // Entries that start at the same place (a part and its first chapter) become one section with both titles.
  const merged: TocEntry[] = [];
  for (const e of out) {
    const last = merged[merged.length - 1];
    if (last && last.spineIndex === e.spineIndex && last.block === e.block) {
      if (last.title !== e.title) last.title = `${last.title}: ${e.title}`;
    } else merged.push({ ...e });
  }
  return merged;
}

interface Cut { spineIndex: number; block: number; title: string | null; ref: string }

/** Where sections begin: at TOC entries; without a TOC, at each file that opens with a heading and at its top-level headings. */
function cutPoints(docs: readonly Doc[], toc: readonly TocEntry[]): Cut[] {
  const cuts: Cut[] = [];
  const tocBySpine = new Map<number, TocEntry[]>();
  for (const e of toc) tocBySpine.set(e.spineIndex, [...(tocBySpine.get(e.spineIndex) ?? []), e]);
  docs.forEach((d, si) => {
    const entries = tocBySpine.get(si) ?? [];
    const opensWithHeading = d.text.blocks[0]?.kind === 'heading';
    const marked = [...d.types].some((t) => t !== 'bodymatter' && t !== 'chapter');
    // A file the TOC does not name continues the section before it (a chapter split over files) unless it plainly starts another.
    const startsOwn = cuts.length === 0 || opensWithHeading || marked || d.nonLinear !== (docs[si - 1]?.nonLinear ?? false);
    if (toc.length > 0) {
      if ((entries[0]?.block ?? Infinity) > 0 && startsOwn) cuts.push({ spineIndex: si, block: 0, title: null, ref: d.href });
      for (const e of entries) cuts.push({ spineIndex: si, block: e.block, title: e.title, ref: `${e.href}` });
      return;
    }
    const levels = d.text.blocks.filter((b) => b.kind === 'heading').map((b) => b.level);
    const top = levels.length > 0 ? Math.min(...levels) : 0;
    if (startsOwn && !(opensWithHeading && d.text.blocks[0]!.level === top)) cuts.push({ spineIndex: si, block: 0, title: null, ref: d.href });
    d.text.blocks.forEach((b, bi) => {
      if (b.kind === 'heading' && b.level === top && (bi > 0 || startsOwn)) cuts.push({ spineIndex: si, block: bi, title: b.text, ref: `${d.href} (heading)` });
    });
  });
  return cuts;
}

function buildSections(docs: readonly Doc[], cuts: readonly Cut[]): ParsedSection[] {
  const sections: ParsedSection[] = [];
  let afterBody = false;
  cuts.forEach((c, ci) => {
    const next = cuts[ci + 1];
    const paragraphs: ParsedSection['paragraphs'] = [];
    const refs: string[] = [];
    let images = 0, notes = 0;
    const types = new Set(docs[c.spineIndex]!.types);
    const lastSpine = next ? next.spineIndex : docs.length - 1;
    for (let si = c.spineIndex; si <= lastSpine; si++) {
      const d = docs[si]!;
      const from = si === c.spineIndex ? c.block : 0;
      const to = next && si === next.spineIndex ? next.block : d.text.blocks.length;
      if (to <= from && !d.text.imageBlocks.some((x) => x >= from && x <= to)) continue;
      const lastInFile = !next || next.spineIndex !== si;
      for (const b of d.text.blocks.slice(from, to)) paragraphs.push({ text: b.text, heading: b.kind === 'heading' });
      images += d.text.imageBlocks.filter((x) => x >= from && (x < to || (lastInFile && x === to))).length;
      if (from === 0) notes += d.text.droppedNotes;
      if (!refs.includes(d.href)) refs.push(d.href);
    }
    const text = paragraphs.map((p) => p.text).join('\n');
    const words = countWords(text);
    const title = c.title ?? paragraphs.find((p) => p.heading)?.text ?? `Untitled (${basename(docs[c.spineIndex]!.href)})`;
    const verdict = classifySection({ title, words, images, types, text: text.slice(0, 3000), nonLinear: docs[c.spineIndex]!.nonLinear, afterBody });
    if (verdict.kind === 'chapter') afterBody = true;
    const warnings = notes > 0 ? [`${notes} footnote marker${notes === 1 ? '' : 's'} or note${notes === 1 ? '' : 's'} left out of the text`] : [];
    sections.push({ ...verdict, title, paragraphs, words, images, sourceRef: refs.join(' + ') + (c.ref.includes('#') ? ` (${c.ref.slice(c.ref.indexOf('#'))})` : ''), warnings });
  });
  return sections;
}

export async function readEpub(path: string): Promise<ParsedBook> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw new ApiError('not_found', `Cannot read ${path}: ${(err as Error).message}`, 'Check the path and that you may read the file.');
  }
  checkDrm(readMetaInf(bytes, name), name);
  // The parser writes images and fonts out of the book; they go to a temp folder removed afterwards.
  const resources = mkdtempSync(join(tmpdir(), 'voicewright-epub-'));
  let epub: EpubFile | null = null;
  try {
    try {
      epub = await initEpubFile(bytes, resources);
    } catch (err) {
      throw new ApiError('invalid_input', `${name} could not be read as an EPUB: ${(err as Error).message}`,
        'The EPUB may be damaged; open it in an e-book reader to check, or import its text as .txt or .md.');
    }
    const warnings: string[] = [];
    const meta = epub.getMetadata();
    const spine = epub.getSpine();
    if (spine.length === 0) throw new ApiError('invalid_input', `${name} has no reading order (an empty spine): there is nothing to import.`, 'Check the EPUB in an e-book reader.');

    // Semantic types from the EPUB 2 guide and the EPUB 3 landmarks, per file.
    const typesByFile = new Map<string, Set<string>>();
    const addType = (href: string, type: string): void => {
      const key = fileName(href).replace(/#.*$/u, '');
      typesByFile.set(key, new Set([...(typesByFile.get(key) ?? []), ...type.toLowerCase().split(/\s+/u).filter(Boolean)]));
    };
    for (const g of epub.getGuide()) addType(g.href.startsWith('epub:') ? g.href : `epub:${g.href}`, g.type === 'text' ? 'bodymatter' : g.type);

    const manifest = epub.getManifest();
    const nav = Object.values(manifest).find((m) => (m.properties ?? '').split(/\s+/u).includes('nav'));
    let tocLinks = flattenNcx(epub.getToc());
    if (nav) {
      const navHtml = (await epub.loadChapter(nav.id))?.html ?? '';
      const links = navLinks(navHtml, 'toc');
      if (links.length > 0) tocLinks = links; // EPUB 3's nav document is the authoritative TOC
      for (const l of navLinks(navHtml, 'landmarks')) addType(l.href, l.types);
    }

    // The parser hands on the body's inside only; its epub:type (frontmatter, backmatter…) is read from the files themselves.
    const spineFiles = new Set(spine.map((i) => fileName(i.href)));
    const raw = unzipSync(bytes, { filter: (f) => spineFiles.has(f.name) });
    const docs: Doc[] = [];
    for (const item of spine) {
      const chapter = await epub.loadChapter(item.id);
      const text = htmlToText(chapter?.html ?? '');
      const key = fileName(item.href);
      const file = raw[key];
      const types = new Set([...text.types, ...(typesByFile.get(key) ?? []), ...(file ? bodyTypes(new TextDecoder().decode(file.subarray(0, 8192))) : [])]);
      if (nav && item.id === nav.id) types.add('toc');
      docs.push({ id: item.id, href: key, text, types, nonLinear: item.linear === 'no' });
    }
    if (tocLinks.length === 0) warnings.push('The EPUB has no table of contents; chapters were taken from its files and headings.');
    const toc = resolveToc(epub, tocLinks, docs, warnings);
    if (tocLinks.length > 0 && toc.length === 0) warnings.push('No table of contents entry points into the reading order; chapters were taken from its files.');
    const sections = buildSections(docs, cutPoints(docs, toc));
    const author = (meta.creator ?? []).map((c) => c.contributor).filter(Boolean).join(', ');
    return { format: 'epub', title: meta.title?.trim() || name.replace(/\.epub$/iu, ''), author, language: meta.language ?? '', sections, warnings };
  } finally {
    epub?.destroy();
    rmSync(resources, { recursive: true, force: true });
  }
}
