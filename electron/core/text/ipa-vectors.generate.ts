// Regenerates fixtures/ipa-vectors.json: phoneme strings (from German and English text through the studio's G2P, plus edge cases) and their ids.
//   node --import ./electron/core/dataset/ts-source.register.mjs electron/core/text/ipa-vectors.generate.ts ../shared/data
// symbols.test.ts and resources/trainer/tests/test_ipa.py both check their ids against this file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createG2p } from './g2p';
import { phonemizeForModel } from './g2p-phonemes';
import { normalizeText } from './normalize';
import { IPA_ESPEAK, phonemesToIds } from './symbols';

const data = process.argv[2] ?? join(process.cwd(), '..', 'shared', 'data');
const prompts = (lang: string): string[] =>
  readFileSync(join(data, 'prompts', lang, 'general-550.txt'), 'utf8').trim().split('\n').slice(0, 10).map((l) => (l.split('\t')[1] ?? '').trim());

const g2p = await createG2p();
const sentences: { text: string; language: string }[] = [
  { text: 'Größe, Straße und 12 Äpfel.', language: 'de-DE' },
  { text: '„Hallo“, sagte sie – und/oder nicht?', language: 'de-DE' },
  ...prompts('de').map((text) => ({ text, language: 'de-DE' })),
  ...prompts('en').map((text) => ({ text, language: 'en-US' })),
];
const cases: { name: string; text?: string; language?: string; phonemes: string; ids: number[]; unknown: string[] }[] = [];
for (const s of sentences) {
  const normalized = normalizeText(s.text, s.language.startsWith('de') ? 'de' : 'en').text;
  const { phonemes } = phonemizeForModel(normalized, s.language, g2p);
  const enc = phonemesToIds(phonemes);
  cases.push({ name: `${s.language} sentence`, text: s.text, language: s.language, phonemes, ids: enc.ids, unknown: enc.unknown.map((u) => u.symbol) });
}
const edge: [string, string][] = [
  ['every symbol but the pad, in id order', IPA_ESPEAK.symbols.slice(1).join('')],
  ['decomposed input is composed first (a + U+0303 → ã, c + U+0327 → ç)', 'ɑ̃ a\u0303 c\u0327'],
  ['the pad and characters outside the inventory get no id', 'a_b€/{1}[ʘ]'],
  ['an empty string', ''],
];
for (const [name, phonemes] of edge) {
  const enc = phonemesToIds(phonemes);
  cases.push({ name, phonemes, ids: enc.ids, unknown: enc.unknown.map((u) => u.symbol) });
}
const out = { symbolSet: IPA_ESPEAK.name, symbols: IPA_ESPEAK.symbols.length, generator: 'electron/core/text/ipa-vectors.generate.ts', cases };
writeFileSync(join(import.meta.dirname, 'fixtures', 'ipa-vectors.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${cases.length} cases written`);
