// Cross-check: the wasm espeak-ng agrees with the system espeak-ng binary (test-only; the app never calls it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createG2p } from './g2p';

const BINARY = '/usr/bin/espeak-ng';
const hasBinary = existsSync(BINARY);

const ENGLISH = (
  'printing sense which present concerned differs exhibition comparatively modern although chinese impressions ' +
  'woodcutters netherlands similar process thought through daughter rough colonel yacht island knowledge psychology ' +
  'rhythm queue nation pleasure judge church think this measure sing water better butter rural squirrel ' +
  'Washington assassination president government November Oswald rifle building window motorcade'
).split(' ');
const GERMAN = (
  'Grüße München Straße Mädchen Brötchen Übermut ich ach Bücher schön Zeitung Pferd Quatsch Häuser Eichhörnchen ' +
  'Fahrrad Flughafen Wissenschaft Entschuldigung Sprachsynthese Hörbuch Aussprache Bäckerei Gemütlichkeit'
).split(' ');

function binaryIpa(word: string, voice: string): string {
  return execFileSync(BINARY, ['-q', '--ipa', '-v', voice, word], { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
}

describe.skipIf(!hasBinary)('wasm espeak-ng vs /usr/bin/espeak-ng', () => {
  for (const [language, voice, words] of [['en-US', 'en-us', ENGLISH], ['de-DE', 'de', GERMAN]] as const) {
    it(`agrees on ${words.length} ${language} words`, async () => {
      const g2p = await createG2p();
      const mismatches = words
        .map((word) => ({ word, wasm: g2p.phonemize(word, language).ipa, binary: binaryIpa(word, voice) }))
        .filter((r) => r.wasm !== r.binary);
      const version = execFileSync(BINARY, ['--version'], { encoding: 'utf8' }).trim();
      console.log(`${language}: ${words.length - mismatches.length}/${words.length} identical (${version})`, mismatches);
      // Versions differ (wasm build vs distro package), so allow a few dictionary changes, not systematic drift.
      expect(mismatches.length).toBeLessThanOrEqual(Math.ceil(words.length * 0.15));
    });
  }
});
