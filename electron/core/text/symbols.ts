// Symbol sets for the acoustic model: NVIDIA Tacotron2's English characters + ARPAbet, and IPA for espeak output.
import ipaInventory from '../../../resources/trainer/voicewright_trainer/symbols/ipa-espeak-v1.json' with { type: 'json' };

export interface SymbolSet {
  name: string;
  symbols: readonly string[];
  /** Text inside {…} is space-separated ARPAbet (NVIDIA text_to_sequence). */
  arpabetBraces: boolean;
}

export interface UnknownSymbol {
  symbol: string;
  /** UTF-16 offset into the input text. */
  offset: number;
}

export interface Encoded {
  ids: number[];
  unknown: UnknownSymbol[];
}

const PAD = '_';

/** CMUdict phones with stress digits, order of NVIDIA/tacotron2 text/cmudict.py valid_symbols (84). */
export const CMUDICT_SYMBOLS: readonly string[] = [
  'AA', 'AA0', 'AA1', 'AA2', 'AE', 'AE0', 'AE1', 'AE2', 'AH', 'AH0', 'AH1', 'AH2',
  'AO', 'AO0', 'AO1', 'AO2', 'AW', 'AW0', 'AW1', 'AW2', 'AY', 'AY0', 'AY1', 'AY2',
  'B', 'CH', 'D', 'DH', 'EH', 'EH0', 'EH1', 'EH2', 'ER', 'ER0', 'ER1', 'ER2', 'EY',
  'EY0', 'EY1', 'EY2', 'F', 'G', 'HH', 'IH', 'IH0', 'IH1', 'IH2', 'IY', 'IY0', 'IY1',
  'IY2', 'JH', 'K', 'L', 'M', 'N', 'NG', 'OW', 'OW0', 'OW1', 'OW2', 'OY', 'OY0',
  'OY1', 'OY2', 'P', 'R', 'S', 'SH', 'T', 'TH', 'UH', 'UH0', 'UH1', 'UH2', 'UW',
  'UW0', 'UW1', 'UW2', 'V', 'W', 'Y', 'Z', 'ZH',
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** NVIDIA text/symbols.py: [_pad] + list(_special) + list(_punctuation) + list(_letters) + _arpabet — 148 symbols. */
export const TACOTRON2_ENGLISH: SymbolSet = {
  name: 'nvidia-tacotron2-english',
  symbols: [PAD, '-', ...'!\'(),.:;? ', ...LETTERS, ...CMUDICT_SYMBOLS.map((s) => `@${s}`)],
  arpabetBraces: true,
};

/** IPA as espeak-ng writes English and German (plus the common IPA inventory), one symbol per code point of the NFC
 * string. Defined once, in the trainer's JSON, so the studio and the trainer cannot disagree on an id. */
export const IPA_ESPEAK: SymbolSet = {
  name: ipaInventory.name,
  symbols: ipaInventory.symbols,
  arpabetBraces: false,
};

/** espeak-ng voice per lower-cased language tag (the same table the trainer's exporter writes into voice.json). */
export const ESPEAK_VOICES: Readonly<Record<string, string>> = ipaInventory.espeakVoices;

const indexCache = new WeakMap<SymbolSet, Map<string, number>>();

function indexOf(set: SymbolSet): Map<string, number> {
  let index = indexCache.get(set);
  if (!index) {
    index = new Map(set.symbols.map((s, i) => [s, i]));
    if (index.size !== set.symbols.length) throw new Error(`symbol set ${set.name} has duplicate symbols`);
    indexCache.set(set, index);
  }
  return index;
}

/**
 * Text → ids. Unknown symbols (and the pad, which is not text) are reported with their offset, never dropped
 * silently; NVIDIA's text_to_sequence drops them. Cleaners are the caller's job.
 */
export function textToIds(text: string, set: SymbolSet): Encoded {
  const index = indexOf(set);
  const ids: number[] = [];
  const unknown: UnknownSymbol[] = [];
  const pushChars = (chunk: string, base: number): void => {
    let offset = base;
    for (const ch of chunk) {
      const id = ch === PAD ? undefined : index.get(ch);
      if (id === undefined) unknown.push({ symbol: ch, offset });
      else ids.push(id);
      offset += ch.length;
    }
  };
  if (!set.arpabetBraces) {
    pushChars(text, 0);
    return { ids, unknown };
  }
  // Same split as NVIDIA's _curly_re = r'(.*?)\{(.+?)\}(.*)'; a '{' without a closing '}' stays text.
  const braces = /\{([^}]+)\}/g;
  let cursor = 0;
  for (const match of text.matchAll(braces)) {
    pushChars(text.slice(cursor, match.index), cursor);
    const inner = match[1] ?? '';
    const innerStart = match.index + 1;
    for (const phone of inner.matchAll(/\S+/g)) {
      const id = index.get(`@${phone[0]}`);
      if (id === undefined) unknown.push({ symbol: phone[0], offset: innerStart + phone.index });
      else ids.push(id);
    }
    cursor = match.index + match[0].length;
  }
  pushChars(text.slice(cursor), cursor);
  return { ids, unknown };
}

/** Ids → text; ARPAbet runs come back in braces like NVIDIA's sequence_to_text. Pad ids are skipped. */
export function idsToText(ids: readonly number[], set: SymbolSet): string {
  let out = '';
  let inArpabet = false;
  for (const id of ids) {
    const symbol = set.symbols[id];
    if (symbol === undefined || !Number.isInteger(id)) throw new RangeError(`id ${id} is not in symbol set ${set.name}`);
    if (id === 0) continue;
    const isArpabet = set.arpabetBraces && symbol.length > 1 && symbol.startsWith('@');
    if (isArpabet) {
      out += inArpabet ? ` ${symbol.slice(1)}` : `{${symbol.slice(1)}`;
    } else {
      if (inArpabet) out += '}';
      out += symbol;
    }
    inArpabet = isArpabet;
  }
  return inArpabet ? `${out}}` : out;
}

/** A phoneme string (as phonemes.csv holds it) → ids of the IPA inventory: NFC first, then one id per code point.
 * The trainer's ipa.phonemes_to_ids does the same; text/fixtures/ipa-vectors.json holds both to it. */
export function phonemesToIds(phonemes: string): Encoded {
  return textToIds(phonemes.normalize('NFC'), IPA_ESPEAK);
}
