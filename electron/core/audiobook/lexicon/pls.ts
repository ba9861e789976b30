// W3C Pronunciation Lexicon Specification (PLS 1.0) files: read with a real XML parser, written as proper namespaced XML.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { ApiError } from '../../../shared/errors';

export const PLS_NS = 'http://www.w3.org/2005/01/pronunciation-lexicon';

export interface PlsEntry { word: string; ipa?: string; respelling?: string }
export interface PlsFile { language: string; entries: PlsEntry[]; warnings: string[] }

function children(el: Element, name: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === name) out.push(n as Element);
  }
  return out;
}

const text = (el: Element): string => (el.textContent ?? '').replace(/\s+/gu, ' ').trim();

/** Parses a PLS document; each grapheme of a lexeme becomes an entry with the lexeme's preferred phoneme (IPA) or alias. */
export function parsePls(xml: string, name: string): PlsFile {
  const errors: string[] = [];
  let root: Element | null = null;
  try {
    root = new DOMParser({
      onError: (level, message) => { if (level !== 'warning') errors.push(message.split('\n')[0] ?? message); },
    }).parseFromString(xml, 'application/xml').documentElement;
  } catch (err) {
    errors.push((err as Error).message.split('\n')[0] ?? String(err));
  }
  if (errors.length > 0 || !root) {
    throw new ApiError('invalid_input', `${name} is not well-formed XML: ${errors[0] ?? 'no root element'}.`,
      'Check the file in an XML editor; a PLS lexicon is <lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">…</lexicon>.');
  }
  if (root.localName !== 'lexicon' || (root.namespaceURI !== PLS_NS && root.namespaceURI !== null)) {
    throw new ApiError('invalid_input', `${name} is XML but not a PLS lexicon (its root is <${root.tagName}>${root.namespaceURI ? ` in ${root.namespaceURI}` : ''}).`,
      `A PLS file has a <lexicon> root in the namespace ${PLS_NS}.`);
  }
  const warnings: string[] = [];
  if (root.namespaceURI === null) warnings.push(`The <lexicon> root has no namespace; it was read as PLS (${PLS_NS}).`);
  const rootAlphabet = root.getAttribute('alphabet') || 'ipa';
  const entries: PlsEntry[] = [];
  children(root, 'lexeme').forEach((lexeme, i) => {
    const graphemes = children(lexeme, 'grapheme').map(text).filter(Boolean);
    // Pronunciations in document order; one marked prefer="true" wins (PLS 4.6, 4.7).
    const prons = [...children(lexeme, 'phoneme'), ...children(lexeme, 'alias')]
      .sort((a, b) => (a.lineNumber ?? 0) - (b.lineNumber ?? 0) || (a.columnNumber ?? 0) - (b.columnNumber ?? 0));
    const chosen = prons.find((p) => p.getAttribute('prefer') === 'true') ?? prons[0];
    const where = `lexeme ${i + 1}${graphemes[0] ? ` ("${graphemes[0]}")` : ''}`;
    if (graphemes.length === 0) { warnings.push(`${where} has no grapheme; skipped.`); return; }
    if (!chosen || text(chosen) === '') { warnings.push(`${where} has no phoneme or alias; skipped.`); return; }
    const alphabet = chosen.getAttribute('alphabet') || rootAlphabet;
    if (chosen.localName === 'phoneme' && alphabet.toLowerCase() !== 'ipa') {
      warnings.push(`${where} is written in the "${alphabet}" alphabet; only IPA phonemes can be used, so it was skipped.`);
      return;
    }
    for (const g of graphemes) {
      if (/\s/u.test(g)) { warnings.push(`${where}: "${g}" is several words; the lexicon holds single words, so it was skipped.`); continue; }
      entries.push(chosen.localName === 'phoneme' ? { word: g, ipa: text(chosen) } : { word: g, respelling: text(chosen) });
    }
  });
  return { language: root.getAttribute('xml:lang') ?? '', entries, warnings };
}

const esc = (s: string): string => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

/** A PLS 1.0 document: IPA entries as <phoneme>, respellings as <alias>. */
export function writePls(entries: readonly PlsEntry[], language: string): string {
  const lexemes = entries.map((e) => {
    const pron = e.ipa !== undefined ? `<phoneme>${esc(e.ipa)}</phoneme>` : `<alias>${esc(e.respelling ?? '')}</alias>`;
    return `  <lexeme>\n    <grapheme>${esc(e.word)}</grapheme>\n    ${pron}\n  </lexeme>\n`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<lexicon version="1.0" xmlns="${PLS_NS}" alphabet="ipa" xml:lang="${esc(language)}">\n${lexemes.join('')}</lexicon>\n`;
}
