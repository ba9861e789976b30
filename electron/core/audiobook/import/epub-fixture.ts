// Test EPUBs built in memory (fflate): a package with chapters, optional nav/NCX, nested folders, broken markup, encryption.
import { strToU8, zipSync } from 'fflate';

export interface FixtureChapter {
  /** Path inside the OPF folder, e.g. "text/ch1.xhtml" or "parts/one/ch1.xhtml". */
  href: string;
  body: string;
  /** Written as is (broken markup), instead of wrapped in a well-formed XHTML document. */
  raw?: boolean;
  linear?: boolean;
  /** epub:type of the <body>. */
  bodyType?: string;
}

export interface FixtureOptions {
  title?: string;
  author?: string;
  language?: string;
  chapters: FixtureChapter[];
  /** EPUB 3 nav entries [label, href]; nested arrays are sub-entries. Omit for a book without a TOC. */
  nav?: [string, string, ([string, string])[]?][];
  /** EPUB 3 landmarks [epub:type, href], in the nav document beside the TOC. */
  landmarks?: [string, string][];
  /** EPUB 2 NCX entries [label, href]. */
  ncx?: [string, string][];
  /** Extra files (images…) by path inside the OPF folder. */
  files?: Record<string, Uint8Array>;
  /** META-INF extras: encryption.xml, rights.xml. */
  metaInf?: Record<string, string>;
  /** The nav document is also in the spine, as a contents page. */
  navInSpine?: boolean;
}

const xhtml = (title: string, body: string, bodyType?: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${title}</title></head><body${bodyType ? ` epub:type="${bodyType}"` : ''}>${body}</body></html>`;

export function buildEpub(o: FixtureOptions): Uint8Array {
  const files: Record<string, Uint8Array> = { mimetype: strToU8('application/epub+zip') };
  files['META-INF/container.xml'] = strToU8(`<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`);
  for (const [k, v] of Object.entries(o.metaInf ?? {})) files[`META-INF/${k}`] = strToU8(v);
  const manifest: string[] = [];
  const spine: string[] = [];
  if (o.nav) {
    const li = (entries: NonNullable<FixtureOptions['nav']>): string => `<ol>${entries.map(([label, href, sub]) =>
      `<li><a href="${href}">${label}</a>${sub && sub.length ? li(sub.map(([l, h]) => [l, h])) : ''}</li>`).join('')}</ol>`;
    const landmarks = o.landmarks ? `<nav epub:type="landmarks"><ol>${o.landmarks.map(([t, h]) => `<li><a epub:type="${t}" href="${h}">${t}</a></li>`).join('')}</ol></nav>` : '';
    files['OEBPS/nav.xhtml'] = strToU8(xhtml('Contents', `<nav epub:type="toc"><h1>Contents</h1>${li(o.nav)}</nav>${landmarks}`));
    manifest.push('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>');
    if (o.navInSpine) spine.push('<itemref idref="nav"/>');
  }
  if (o.ncx) {
    const points = o.ncx.map(([label, href], i) => `<navPoint id="p${i}" playOrder="${i + 1}"><navLabel><text>${label}</text></navLabel><content src="${href}"/></navPoint>`).join('');
    files['OEBPS/toc.ncx'] = strToU8(`<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>${o.title ?? 'Book'}</text></docTitle><navMap>${points}</navMap></ncx>`);
    manifest.push('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>');
  }
  o.chapters.forEach((c, i) => {
    files[`OEBPS/${c.href}`] = strToU8(c.raw ? c.body : xhtml(`Chapter ${i + 1}`, c.body, c.bodyType));
    manifest.push(`<item id="c${i}" href="${c.href}" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="c${i}"${c.linear === false ? ' linear="no"' : ''}/>`);
  });
  for (const [k, v] of Object.entries(o.files ?? {})) {
    files[`OEBPS/${k}`] = v;
    manifest.push(`<item id="f${manifest.length}" href="${k}" media-type="${k.endsWith('.png') ? 'image/png' : 'image/jpeg'}"/>`);
  }
  files['OEBPS/content.opf'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="uid">urn:uuid:fixture</dc:identifier>
    <dc:title>${o.title ?? 'A Test Book'}</dc:title><dc:creator>${o.author ?? 'Test Author'}</dc:creator><dc:language>${o.language ?? 'en'}</dc:language></metadata>
  <manifest>${manifest.join('')}</manifest>
  <spine${o.ncx ? ' toc="ncx"' : ''}>${spine.join('')}</spine>
</package>`);
  return zipSync(files);
}

/** A 1×1 PNG. */
export const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 156, 99, 248, 15, 4, 0, 9, 251, 3, 253, 227, 85, 242, 156, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130]);
