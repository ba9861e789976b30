// Text normalization for TTS: rewrites numbers, dates, money, units and abbreviations into words and reports every change and unpronounceable character.
import type { NormalizeChange, NormalizeLanguage, NormalizeOptions, NormalizeResult, Rule, RuleContext, UnknownChar } from './normalize-core';
import { rulesDe } from './normalize-de';
import { rulesEn } from './normalize-en';

export type { ChangeKind, NormalizeChange, NormalizeLanguage, NormalizeOptions, NormalizeResult, UnknownChar } from './normalize-core';

const RULES: Record<NormalizeLanguage, Rule[]> = { en: rulesEn, de: rulesDe };

// Emoji are reported and removed from the spoken text: a voice trained on prose has nothing to say for them.
const EMOJI = /\p{RI}{2}|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)[\p{EMod}\uFE0F]*(?:\u200D\p{Extended_Pictographic}[\p{EMod}\uFE0F]*)*|[#*0-9]\uFE0F?\u20E3/gu;
// Control and format characters (other than tab and line breaks) are reported and removed as well.
const CONTROL = /[^\P{Cc}\t\n\r]|\p{Cf}/gu;
// What the en/de voices can say: Latin script, combining marks, ASCII digits, whitespace, Latin-range punctuation.
const PRONOUNCEABLE = /[\p{Script=Latin}\p{M}0-9\s]|[\p{P}\p{Sc}\p{Sk}\p{Sm}](?<=[\u0020-\u02FF\u2000-\u206F])/u;

const DEFAULTS: Required<NormalizeOptions> = { expandAbbreviations: true, dateDay: 'ordinal' };

/**
 * Normalize `input` for a voice in `lang`. Offsets in `changes` and `unknown` point into `input`;
 * characters outside every change are copied through unchanged.
 */
export function normalizeText(input: string, lang: NormalizeLanguage, options: NormalizeOptions = {}): NormalizeResult {
  const ctx: RuleContext = { input, options: { ...DEFAULTS, ...options } };
  const claimed = new Uint8Array(input.length);
  const changes: NormalizeChange[] = [];
  const unknown: UnknownChar[] = [];

  const claim = (start: number, end: number): boolean => {
    for (let i = start; i < end; i++) if (claimed[i]) return false;
    claimed.fill(1, start, end);
    return true;
  };

  for (const re of [EMOJI, CONTROL]) {
    re.lastIndex = 0;
    for (let m = re.exec(input); m; m = re.exec(input)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!claim(start, end)) continue;
      const cp = m[0].codePointAt(0) ?? 0;
      unknown.push({ char: m[0], codePoint: cp, offset: start });
      const glue = /[\p{L}\p{N}]/u.test(input.charAt(start - 1)) && /[\p{L}\p{N}]/u.test(input.charAt(end));
      changes.push({ start, end, original: m[0], replacement: glue ? ' ' : '', kind: 'removed' });
    }
  }

  // Cheap guard: most lines of prose have nothing any rule could touch.
  if (/[\d\p{Lu}&+=#$£€¥%°.]/u.test(input)) {
    for (const rule of RULES[lang]) {
      rule.re.lastIndex = 0;
      for (let m = rule.re.exec(input); m; m = rule.re.exec(input)) {
        if (m[0].length === 0) {
          rule.re.lastIndex++;
          continue;
        }
        const start = m.index;
        const end = start + m[0].length;
        if (claimed[start] || claimed[end - 1]) continue;
        const replacement = rule.replace(m, ctx);
        if (replacement === null || replacement === m[0] || !claim(start, end)) continue;
        changes.push({ start, end, original: m[0], replacement, kind: rule.kind });
      }
    }
  }

  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (!claimed[i] && !PRONOUNCEABLE.test(ch)) unknown.push({ char: ch, codePoint: cp, offset: i });
    i += ch.length;
  }

  changes.sort((a, b) => a.start - b.start);
  unknown.sort((a, b) => a.offset - b.offset);
  let text = '';
  let at = 0;
  for (const c of changes) {
    text += input.slice(at, c.start) + c.replacement;
    at = c.end;
  }
  text += input.slice(at);
  return { text, changes, unknown };
}
