// The pieces under every import: chapter markup to text, section kinds, long sentences cut at clauses.
import { describe, expect, it } from 'vitest';
import { splitLong } from './book-import';
import { htmlToText } from './html-text';
import { classifySection } from './section-kind';

describe('chapter markup to text', () => {
  it('drops footnote markers, note bodies and print page numbers but keeps superscripts that are words, soft hyphens removed', () => {
    const t = htmlToText(`<h2 id="top">The 1<sup>st</sup> Day</h2>
      <p>He won<a href="#fn3" epub:type="noteref">3</a> the race<sup>[12]</sup>, and mus\u00ADcle ached.</p>
      <aside epub:type="footnote" id="fn3"><p>3. A footnote body.</p></aside>
      <p>Next<br/>line<span epub:type="pagebreak" role="doc-pagebreak" id="p5">5</span> &amp; entity.</p>`);
    expect(t.blocks).toEqual([
      { kind: 'heading', level: 2, text: 'The 1st Day' },
      { kind: 'paragraph', level: 0, text: 'He won the race, and muscle ached.' },
      { kind: 'paragraph', level: 0, text: 'Next line & entity.' },
    ]);
    expect(t.droppedNotes).toBe(3);
    expect(t.anchors.get('top')).toBe(0);
    expect(t.anchors.has('fn3')).toBe(false);
  });
});

describe('section kinds', () => {
  const facts = { words: 120, images: 0, types: new Set<string>(), text: 'Some text.', afterBody: false };
  it('reads English and German front and back matter titles, keeping the ones a listener expects', () => {
    const kind = (title: string): [string, boolean] => { const v = classifySection({ ...facts, title }); return [v.kind, v.includedByDefault]; };
    expect(kind('Inhaltsverzeichnis')).toEqual(['toc', false]);
    expect(kind('Widmung')).toEqual(['front', false]);
    expect(kind('Vorwort')).toEqual(['front', true]);
    expect(kind('Prologue.')).toEqual(['front', true]);
    expect(kind('Danksagung')).toEqual(['back', false]);
    expect(kind('Über die Autorin')).toEqual(['back', false]);
    expect(kind('Epilogue')).toEqual(['back', true]);
    expect(kind('The Storm')).toEqual(['chapter', true]);
    expect(classifySection({ ...facts, title: 'Page 4', words: 40, text: 'First published 2020. © Jane Doe. ISBN 978-0-00-000000-0' })).toMatchObject({ kind: 'front', includedByDefault: false });
  });
});

describe('long sentences', () => {
  it('are cut at clause punctuation first, then at spaces, never inside a word', () => {
    const clause = 'word '.repeat(50).trim();
    const s = `${clause}; ${clause}, ${clause}.`;
    const parts = splitLong(s, 400);
    expect(parts.every((p) => p.length <= 400)).toBe(true);
    expect(parts.join(' ')).toBe(s);
    expect(parts[0]!.endsWith(';') || parts[0]!.endsWith(',')).toBe(true);
    const noPunct = 'abcdefghij '.repeat(100).trim();
    const cut = splitLong(noPunct, 400);
    expect(cut.join(' ')).toBe(noPunct);
    expect(cut.every((p) => /^(abcdefghij ?)+$/u.test(p))).toBe(true);
    expect(splitLong('Short.', 400)).toEqual(['Short.']);
  });
});
