// Importing EPUBs made in the test: chapters from the TOC or the spine, front matter listed, broken, image-only, DRM-locked and non-EPUB files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import type { BookDetail, ChapterPage, ImportPreview, ImportReportEntry } from '../../../shared/domains/books';
import { ok, openHarness, type Harness } from '../../testing/backend-harness';
import { buildEpub, PNG, type FixtureOptions } from './epub-fixture';

let h: Harness;
beforeEach(async () => { h = await openHarness(); });
afterEach(async () => { await h.close(); });

function epub(name: string, o: FixtureOptions): string {
  const path = join(h.root, name);
  writeFileSync(path, buildEpub(o));
  return path;
}
const preview = async (path: string): Promise<ImportPreview> => ok(await h.backend.invoke('books:previewImport', { path }));
const sections = (p: ImportPreview): [string, string, boolean][] => p.sections.map((s) => [s.title, s.kind, s.includedByDefault]);
const p = (...sentences: string[]): string => sentences.map((s) => `<p>${s}</p>`).join('');

const novel: FixtureOptions = {
  title: 'The Lighthouse', author: 'Mara Quill', language: 'en-GB', navInSpine: true,
  chapters: [
    { href: 'text/cover.xhtml', body: '<div epub:type="cover"><img src="../images/cover.png" alt="Cover"/></div>' },
    { href: 'text/title.xhtml', body: '<section epub:type="titlepage"><h1>The Lighthouse</h1><p>Mara Quill</p></section>' },
    { href: 'text/copyright.xhtml', body: '<p>Copyright © 2024 Mara Quill. All rights reserved.</p><p>ISBN 978-3-16-148410-0</p>' },
    { href: 'text/ch1.xhtml', body: `<h1>Chapter One</h1>${p('The lamp had burned for a hundred years.<sup><a epub:type="noteref" href="notes.xhtml#n1">1</a></sup> Nobody remembered who lit it.', 'Elin climbed the stairs.')}` },
    { href: 'text/ch2.xhtml', body: `<h1>Chapter Two</h1>${p('The storm came in the night.', 'By morning the boats were gone.')}` },
    { href: 'text/about.xhtml', body: `<h1>About the Author</h1>${p('Mara Quill lives by the sea.')}` },
  ],
  nav: [['Cover', 'text/cover.xhtml'], ['Title Page', 'text/title.xhtml'], ['Copyright', 'text/copyright.xhtml'],
    ['Chapter One', 'text/ch1.xhtml'], ['Chapter Two', 'text/ch2.xhtml'], ['About the Author', 'text/about.xhtml']],
  files: { 'images/cover.png': PNG },
};

describe('an EPUB with a table of contents', () => {
  it('lists every section with its kind, and imports the chapters with titles kept, front and back matter left out but reported', async () => {
    const path = epub('lighthouse.epub', novel);
    const pv = await preview(path);
    expect(pv).toMatchObject({ format: 'epub', title: 'The Lighthouse', author: 'Mara Quill', language: 'en-GB' });
    expect(sections(pv)).toEqual([
      ['Contents', 'toc', false],
      ['Cover', 'images', false],
      ['Title Page', 'front', false],
      ['Copyright', 'front', false],
      ['Chapter One', 'chapter', true],
      ['Chapter Two', 'chapter', true],
      ['About the Author', 'back', false],
    ]);
    expect(pv.sections[4]).toMatchObject({ firstWords: expect.stringMatching(/^Chapter One The lamp had burned/), warnings: [expect.stringMatching(/1 footnote marker/)] });

    const { bookId, report } = ok<{ bookId: number; report: ImportReportEntry[] }>(await h.backend.invoke('books:import', { path }));
    expect(report.map((r) => [r.title, r.included])).toEqual([
      ['Contents', false], ['Cover', false], ['Title Page', false], ['Copyright', false], ['Chapter One', true], ['Chapter Two', true], ['About the Author', false],
    ]);
    expect(report.find((r) => r.title === 'Cover')!.reason).toMatch(/left out by default: no text, 1 image/);
    const book = ok<BookDetail>(await h.backend.invoke('books:get', { bookId }));
    expect(book).toMatchObject({ title: 'The Lighthouse', language: 'en-GB', sourceKind: 'epub', lexiconVersion: 1 });
    expect(book.chapters.map((c) => [c.title, c.kind, c.sentences])).toEqual([['Chapter One', 'chapter', 4], ['Chapter Two', 'chapter', 3]]);
    expect(book.importReport).toEqual(report);

    const page = ok<ChapterPage>(await h.backend.invoke('books:chapter', { chapterId: book.chapters[0]!.id }));
    const texts = page.paragraphs.map((pp) => pp.sentences.map((s) => s.text));
    // The footnote marker is gone from the text; the heading is read first, with a longer pause.
    expect(texts).toEqual([['Chapter One'], ['The lamp had burned for a hundred years.', 'Nobody remembered who lit it.'], ['Elin climbed the stairs.']]);
    expect(page.paragraphs[0]!.sentences[0]!.pauseAfterMs).toBeGreaterThan(page.paragraphs[1]!.sentences[0]!.pauseAfterMs);
    expect(page.paragraphs.flatMap((pp) => pp.sentences).every((s) => s.state === 'new')).toBe(true);
  });

  it('imports exactly the sections chosen, front matter too, and names a section that does not exist', async () => {
    const path = epub('lighthouse.epub', novel);
    const { bookId } = ok<{ bookId: number }>(await h.backend.invoke('books:import', { path, include: [2, 5], title: 'Renamed' }));
    const book = ok<BookDetail>(await h.backend.invoke('books:get', { bookId }));
    expect(book.title).toBe('Renamed');
    expect(book.chapters.map((c) => [c.title, c.kind])).toEqual([['Title Page', 'front'], ['Chapter Two', 'chapter']]);
    const bad = await h.backend.invoke('books:import', { path, include: [99] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/Section 99 does not exist/) } });
  });

  it('splits a file holding several TOC entries at their anchors, and joins a chapter split over two files', async () => {
    const path = epub('anchors.epub', {
      chapters: [
        { href: 'text/part1.xhtml', body: `<h2 id="c1">One</h2>${p('First chapter text here.')}<h2 id="c2">Two</h2>${p('Second chapter text here.')}` },
        { href: 'text/ch3a.xhtml', body: `<h2>Three</h2>${p('Third chapter, first half.')}` },
        { href: 'text/ch3b.xhtml', body: p('Third chapter, second half.') },
      ],
      nav: [['One', 'text/part1.xhtml#c1'], ['Two', 'text/part1.xhtml#c2'], ['Three', 'text/ch3a.xhtml']],
    });
    const pv = await preview(path);
    expect(sections(pv)).toEqual([['One', 'chapter', true], ['Two', 'chapter', true], ['Three', 'chapter', true]]);
    expect(pv.sections[1]!.firstWords).toBe('Two Second chapter text here.');
    expect(pv.sections[2]).toMatchObject({ firstWords: 'Three Third chapter, first half. Third chapter, second half.', sourceRef: 'OEBPS/text/ch3a.xhtml + OEBPS/text/ch3b.xhtml' });
  });

  it('reads front and back matter marked on the <body>, and files left out of the reading order', async () => {
    const path = epub('marked.epub', {
      chapters: [
        { href: 'ded.xhtml', bodyType: 'frontmatter dedication', body: p('For my mother, who read to me.') },
        { href: 'ch.xhtml', bodyType: 'bodymatter', body: `<h1>The Start</h1>${p('A story begins here.')}` },
        { href: 'more.xhtml', bodyType: 'backmatter', body: `<h1>Further Reading</h1>${p('Books you might like next.')}` },
        { href: 'aside.xhtml', linear: false, body: `<h1>A Map</h1>${p('Where the story happens.')}` },
      ],
      nav: [['For Mother', 'ded.xhtml'], ['The Start', 'ch.xhtml'], ['Further Reading', 'more.xhtml'], ['A Map', 'aside.xhtml']],
    });
    const pv = await preview(path);
    expect(sections(pv)).toEqual([['For Mother', 'front', false], ['The Start', 'chapter', true], ['Further Reading', 'back', false], ['A Map', 'back', false]]);
    expect(pv.sections.map((s) => s.reason)).toEqual([
      'marked epub:type "frontmatter" in the EPUB', 'a short section (6 words)', 'marked epub:type "backmatter" in the EPUB',
      'outside the reading order (spine linear="no")',
    ]);
  });

  it('warns about TOC entries that point nowhere, and keeps the text they would have skipped', async () => {
    const path = epub('dangling.epub', {
      chapters: [
        { href: 'a.xhtml', body: `<h1>A</h1>${p('Text of A.')}<p id="late">Late text.</p>` },
        { href: 'b.xhtml', body: `<h1>B</h1>${p('Text of B.')}` },
      ],
      nav: [['A', 'a.xhtml'], ['Gone', 'a.xhtml#missing'], ['Elsewhere', 'extra.xhtml'], ['B', 'b.xhtml']],
    });
    const pv = await preview(path);
    expect(pv.warnings).toEqual([
      expect.stringMatching(/"Gone" points at #missing in OEBPS\/a\.xhtml, which does not exist; it starts at the top of that file/),
      expect.stringMatching(/"Elsewhere" points at .*extra\.xhtml, which is not in the reading order; it was left out/),
    ]);
    expect(pv.sections.map((x) => [x.title, x.firstWords])).toEqual([['A: Gone', 'A Text of A. Late text.'], ['B', 'B Text of B.']]);
  });

  it('takes a section\'s kind from the nav document\'s landmarks', async () => {
    const path = epub('landmarks.epub', {
      chapters: [
        { href: 'a.xhtml', body: `<h1>Imprint Notes</h1>${p('Typeset in a fine old face by hand.')}` },
        { href: 'b.xhtml', body: `<h1>The Road</h1>${p('We walked all day.')}` },
      ],
      nav: [['Imprint Notes', 'a.xhtml'], ['The Road', 'b.xhtml']],
      landmarks: [['colophon', 'a.xhtml'], ['bodymatter', 'b.xhtml']],
    });
    expect(sections(await preview(path))).toEqual([['Imprint Notes', 'back', false], ['The Road', 'chapter', true]]);
  });

  it('reads an EPUB 2 NCX with chapters in nested folders', async () => {
    const path = epub('nested.epub', {
      chapters: [
        { href: 'parts/one/chapters/a.xhtml', body: `<h1>Alpha</h1>${p('Alpha text.')}` },
        { href: 'parts/two/b.xhtml', body: `<h1>Beta</h1>${p('Beta text.')}` },
      ],
      ncx: [['Alpha', 'parts/one/chapters/a.xhtml'], ['Beta', 'parts/two/b.xhtml']],
    });
    expect(sections(await preview(path))).toEqual([['Alpha', 'chapter', true], ['Beta', 'chapter', true]]);
  });
});

describe('the language of an EPUB', () => {
  it('splits a German book by German rules, and says when the book is in a language Voicewright does not read', async () => {
    const de = epub('de.epub', { language: 'de', chapters: [{ href: 'k.xhtml', body: `<h1>Eins</h1>${p('Er kam am 3. Oktober zurück. Das war z. B. gut. Dann ging er.')}` }], nav: [['Eins', 'k.xhtml']] });
    const { bookId } = ok<{ bookId: number }>(await h.backend.invoke('books:import', { path: de }));
    const book = ok<BookDetail>(await h.backend.invoke('books:get', { bookId }));
    expect(book.language).toBe('de-DE');
    const page = ok<ChapterPage>(await h.backend.invoke('books:chapter', { chapterId: book.chapters[0]!.id }));
    expect(page.paragraphs[1]!.sentences.map((s) => s.text)).toEqual(['Er kam am 3. Oktober zurück.', 'Das war z. B. gut.', 'Dann ging er.']);

    const fr = epub('fr.epub', { language: 'fr', chapters: [{ href: 'c.xhtml', body: `<h1>Un</h1>${p('Bonjour.')}` }], nav: [['Un', 'c.xhtml']] });
    expect((await preview(fr)).warnings).toEqual([expect.stringMatching(/says it is in "fr"; Voicewright reads English and German/)]);
    const r = ok<{ bookId: number }>(await h.backend.invoke('books:import', { path: fr }));
    expect(ok<BookDetail>(await h.backend.invoke('books:get', { bookId: r.bookId })).language).toBe('en-US'); // the workspace's default
  });
});

describe('an EPUB without a table of contents', () => {
  it('takes chapters from the spine and the headings, and says so', async () => {
    const path = epub('no-toc.epub', {
      chapters: [
        { href: 'a.xhtml', body: `<h1>Prologue</h1>${p('It began with a letter.')}` },
        { href: 'b.xhtml', body: `<h2>1</h2>${p('A first chapter.')}<h2>2</h2>${p('A second chapter.')}` },
        { href: 'c.xhtml', body: p('Still the second chapter, in the next file.') },
      ],
    });
    const pv = await preview(path);
    expect(pv.warnings).toEqual([expect.stringMatching(/no table of contents; chapters were taken from its files and headings/)]);
    expect(sections(pv)).toEqual([['Prologue', 'front', true], ['1', 'chapter', true], ['2', 'chapter', true]]);
    expect(pv.sections[2]!.firstWords).toBe('2 A second chapter. Still the second chapter, in the next file.');
  });
});

describe('damaged and unusual EPUBs', () => {
  it('reads broken XHTML leniently', async () => {
    const path = epub('broken.epub', {
      chapters: [{ href: 'x.xhtml', raw: true, body: '<html><body><h1>Broken<p>An unclosed <b>bold paragraph &amp; more<br>after a break<p>Next &nbsp;one.</body>' }],
      nav: [['Broken', 'x.xhtml']],
    });
    const pv = await preview(path);
    expect(pv.sections).toHaveLength(1);
    expect(pv.sections[0]).toMatchObject({ title: 'Broken', kind: 'chapter', firstWords: 'Broken An unclosed bold paragraph & more after a break Next one.' });
  });

  it('lists a chapter of images only as such and leaves it out', async () => {
    const path = epub('images.epub', {
      chapters: [
        { href: 'plates.xhtml', body: '<h1></h1><p><img src="a.png"/></p><p><img src="a.png"/></p>' },
        { href: 'ch.xhtml', body: `<h1>Text</h1>${p('Words at last.')}` },
      ],
      nav: [['Plates', 'plates.xhtml'], ['Text', 'ch.xhtml']],
      files: { 'a.png': PNG },
    });
    const pv = await preview(path);
    expect(pv.sections[0]).toMatchObject({ title: 'Plates', kind: 'images', includedByDefault: false, reason: 'no text, 2 images' });
    const r = ok<{ report: ImportReportEntry[] }>(await h.backend.invoke('books:import', { path, include: [0, 1] }));
    expect(r.report[0]).toMatchObject({ included: false, reason: expect.stringMatching(/nothing to read/) });
  });

  it('refuses a DRM-locked EPUB with a message that says it is DRM-protected', async () => {
    const encryption = `<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
      <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData><enc:CipherReference URI="OEBPS/ch.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>`;
    const locked = epub('locked.epub', { chapters: [{ href: 'ch.xhtml', body: p('Secret.') }], metaInf: { 'encryption.xml': encryption } });
    const r = await h.backend.invoke('books:previewImport', { path: locked });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/locked\.epub is DRM-protected: 1 of its files are encrypted \(OEBPS\/ch\.xhtml\)/), hint: expect.stringMatching(/DRM-free/) } });
    const adobe = epub('adobe.epub', { chapters: [{ href: 'ch.xhtml', body: p('Secret.') }], metaInf: { 'rights.xml': '<rights/>' } });
    expect(await h.backend.invoke('books:import', { path: adobe })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/DRM-protected \(it carries an Adobe rights\.xml/) } });
    expect(ok<{ sections: unknown[] }>(await h.backend.invoke('books:list', {}))).toEqual([]);
  });

  it('imports an EPUB whose only "encryption" is font obfuscation', async () => {
    const fonts = `<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
      <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/><enc:CipherData><enc:CipherReference URI="OEBPS/f.otf"/></enc:CipherData></enc:EncryptedData></encryption>`;
    const path = epub('fonts.epub', { chapters: [{ href: 'ch.xhtml', body: `<h1>Only</h1>${p('Readable text.')}` }], metaInf: { 'encryption.xml': fonts }, nav: [['Only', 'ch.xhtml']] });
    expect(sections(await preview(path))).toEqual([['Only', 'chapter', true]]);
  });

  it('refuses a file that is not a ZIP, and a ZIP that is not an EPUB, saying what it is', async () => {
    const notZip = join(h.root, 'fake.epub');
    writeFileSync(notZip, 'This is plain text pretending to be an EPUB.');
    expect(await h.backend.invoke('books:previewImport', { path: notZip })).toMatchObject({
      ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/fake\.epub is not an EPUB: it cannot be read as a ZIP/), hint: expect.stringMatching(/partial download/) },
    });
    const zip = join(h.root, 'photos.epub');
    writeFileSync(zip, zipSync({ 'a.txt': strToU8('hello') }));
    expect(await h.backend.invoke('books:previewImport', { path: zip })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ZIP archive but not an EPUB/) } });
    expect(await h.backend.invoke('books:previewImport', { path: join(h.root, 'missing.epub') })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
