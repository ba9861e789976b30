// Tests for sentence and paragraph splitting: the abbreviations, numbers and quotes a reader would trip over.
import { describe, expect, it } from 'vitest';
import { segmentText, splitParagraphs, splitSentences, type TextLanguage } from './sentences';

function texts(source: string, lang: TextLanguage = 'en'): string[] {
  const spans = splitSentences(source, lang);
  for (const s of spans) expect(source.slice(s.start, s.end)).toBe(s.text);
  return spans.map((s) => s.text);
}

describe('splitSentences (English)', () => {
  it('keeps titles and Latin abbreviations inside the sentence', () => {
    expect(texts('Mr. Smith met Dr. Jones. Mrs. Brown went to St. Paul, e.g. by bus, i.e. cheaply. It was 3 vs. 4.')).toEqual([
      'Mr. Smith met Dr. Jones.', 'Mrs. Brown went to St. Paul, e.g. by bus, i.e. cheaply.', 'It was 3 vs. 4.',
    ]);
  });
  it('keeps initials together', () => {
    expect(texts('J. R. R. Tolkien wrote it. He was British.')).toEqual(['J. R. R. Tolkien wrote it.', 'He was British.']);
  });
  it('does not break numbers with dots and splits after a final number', () => {
    expect(texts('Pi is 3.14 today. It was 1984. Then it was 12.03.2024 already.')).toEqual([
      'Pi is 3.14 today.', 'It was 1984.', 'Then it was 12.03.2024 already.',
    ]);
  });
  it('treats an ellipsis as a break only before a capital letter', () => {
    expect(texts('Wait... what? Wait... What?')).toEqual(['Wait... what?', 'Wait...', 'What?']);
  });
  it('keeps final punctuation inside closing quotes with its sentence', () => {
    expect(texts('He said "Stop." Then left. She said “Go!” and left. ‘Fine.’ Okay.')).toEqual([
      'He said "Stop."', 'Then left.', 'She said “Go!” and left.', '‘Fine.’', 'Okay.',
    ]);
  });
  it('lets "etc." end a sentence before a capital and continue before lowercase', () => {
    expect(texts('Apples, pears etc. are fruit. We had apples etc. The end.')).toEqual([
      'Apples, pears etc. are fruit.', 'We had apples etc.', 'The end.',
    ]);
  });
  it('joins hard-wrapped lines and never returns empty or padded sentences', () => {
    const src = '  Line one\nline two.   Next one.\r\n\tThird.  \n ';
    expect(texts(src)).toEqual(['Line one\nline two.', 'Next one.', 'Third.']);
    expect(texts('   \n\n  ')).toEqual([]);
    expect(texts('')).toEqual([]);
  });
  it('passes emoji, RTL text and control characters through with exact offsets', () => {
    expect(texts('Ok 😀. مرحبا بكم. שלום עולם. Bell\u0007 rang.')).toEqual(['Ok 😀.', 'مرحبا بكم.', 'שלום עולם.', 'Bell\u0007 rang.']);
  });
});

describe('splitSentences (German)', () => {
  it('keeps German abbreviations and ordinals inside the sentence', () => {
    expect(texts('Am 3. Oktober ist Feiertag. Das ist z.B. gut, d.h. sehr gut. Prof. Dr. Meier kam ca. 5 Uhr. Nr. 5 ist hier usw. Dann kam er.', 'de')).toEqual([
      'Am 3. Oktober ist Feiertag.', 'Das ist z.B. gut, d.h. sehr gut.', 'Prof. Dr. Meier kam ca. 5 Uhr.', 'Nr. 5 ist hier usw.', 'Dann kam er.',
    ]);
  });
  it('handles spaced abbreviations, ordinals after articles and dates', () => {
    expect(texts('Das ist z. B. hier. Der 2. Weltkrieg endete. Datum 12.03.2024 ok. Es waren 3. Dann ging es.', 'de')).toEqual([
      'Das ist z. B. hier.', 'Der 2. Weltkrieg endete.', 'Datum 12.03.2024 ok.', 'Es waren 3.', 'Dann ging es.',
    ]);
  });
  it('keeps German and French quotes with their sentence', () => {
    expect(texts('Er sagte: „Hallo.“ Dann ging er. « Oui. » Non. »Ja.« Gut.', 'de')).toEqual([
      'Er sagte: „Hallo.“', 'Dann ging er.', '« Oui. »', 'Non.', '»Ja.«', 'Gut.',
    ]);
  });
});

describe('paragraphs', () => {
  it('splits on blank lines with exact offsets and nested sentences', () => {
    const src = '  Hi there. Yo!\n\n\n  Para two.\n \t\nPara three.\u2029Four.';
    const paras = splitParagraphs(src);
    expect(paras.map((p) => p.text)).toEqual(['Hi there. Yo!', 'Para two.', 'Para three.', 'Four.']);
    for (const p of paras) expect(src.slice(p.start, p.end)).toBe(p.text);
    const seg = segmentText(src);
    expect(seg[0]?.sentences.map((s) => s.text)).toEqual(['Hi there.', 'Yo!']);
    expect(seg[0]?.sentences[1]).toEqual({ text: 'Yo!', start: 12, end: 15 });
  });

  it('handles a megabyte of mixed text in under two seconds', () => {
    const chunk = 'Mr. Smith paid $5.20 on 12.03.2024. Wait... what? „Hallo.“ Dann 😀 ging er.\nJ. R. R. Tolkien wrote it.\n\n';
    const src = chunk.repeat(Math.ceil(1_000_000 / chunk.length));
    const t0 = performance.now();
    const paras = segmentText(src);
    const ms = performance.now() - t0;
    console.log(`segmentText: ${(src.length / 1e6).toFixed(2)} MB in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    const sentences = paras.flatMap((p) => p.sentences);
    expect(sentences.length).toBe(Math.ceil(1_000_000 / chunk.length) * 5);
    for (const s of sentences.slice(0, 2000)) expect(src.slice(s.start, s.end)).toBe(s.text);
  });
});
