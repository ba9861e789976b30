// The sentence cache key: what the voice will read (text after the lexicon, normalized), the voice package, vocoder, the lexicon entries touching it, seed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../shared/errors';
import type { LexiconRow } from '../../db/book-render.repo';
import { engineG2p, lexiconOf, prepareText, respellingsOf, type PhonemeFrontend, type PreparedSentence } from '../../synth/synth-text';
import { parseVoiceJson, type VoiceJson } from '../../synth/voice-package';

/** Bumped when what goes into a key changes, so old takes stop matching rather than being reused wrongly. */
const KEY_VERSION = 1;

/** A voice as a render sees it: where it is, what its voice.json says, and a fingerprint of the package's files. */
export interface RenderVoice {
  id: number;
  name: string;
  dir: string;
  json: VoiceJson;
  /** sha256 over voice.json and every file's name, size and mtime: a re-exported or replaced voice gets a new one. */
  fingerprint: string;
}

/** Reads a voice package folder for rendering; a folder that vanished or broke fails with what to do. */
export function readRenderVoice(id: number, name: string, dir: string): RenderVoice {
  const file = join(dir, 'voice.json');
  if (!existsSync(file)) {
    throw new ApiError('not_found', `The voice ${name} is no longer on disk (${file} is missing)`,
      'Import the voice again in the Voices area (or put its folder back), or choose another voice for this book.');
  }
  const text = readFileSync(file, 'utf8');
  const json = parseVoiceJson(text, `${name}'s voice.json`);
  const hash = createHash('sha256').update(`${KEY_VERSION}\0${id}\0${text}`);
  for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
    const st = statSync(join(dir, entry.name));
    hash.update(`\0${entry.name}\0${st.size}\0${st.mtimeMs}`);
  }
  return { id, name, dir, json, fingerprint: hash.digest('hex') };
}

/** The vocoder a render uses: the one asked for (it must exist), else the voice's first neural one, as the engine picks. */
export function resolveVocoder(voice: RenderVoice, asked: string | null | undefined): string {
  const names = voice.json.vocoders.map((v) => v.name);
  if (asked) {
    if (!names.includes(asked)) {
      throw new ApiError('invalid_input', `Voice ${voice.name} has no vocoder ${asked}`, `Choose one of: ${names.join(', ')}.`);
    }
    return asked;
  }
  return voice.json.vocoders.find((v) => v.kind !== 'griffinlim')?.name ?? names[0]!;
}

/** The lexicon as the engine takes it (SpeakInput.lexicon) and as keys see it. */
export interface RenderLexicon {
  entries: { word: string; respelling?: string; ipa?: string }[];
  respellings: ReadonlyMap<string, string>;
  byKey: ReadonlyMap<string, LexiconRow>;
}

export function renderLexicon(rows: readonly LexiconRow[]): RenderLexicon {
  const entries = rows.map((r) => ({ word: r.word, ...(r.respelling !== null ? { respelling: r.respelling } : {}), ...(r.ipa !== null ? { ipa: r.ipa } : {}) }));
  return { entries, respellings: respellingsOf(entries), byKey: new Map(rows.map((r) => [r.wordKey, r])) };
}

// The word pattern synth-text's respelling uses, so "touches" means exactly what the engine would look up.
const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu;

/** Lexicon entries whose word occurs in the sentence, as sorted [word, ipa, respelling] triples. */
export function touchingEntries(text: string, lexicon: RenderLexicon): [string, string | null, string | null][] {
  if (lexicon.byKey.size === 0) return [];
  const found = new Map<string, LexiconRow>();
  for (const m of text.matchAll(WORD)) {
    const key = m[0].normalize('NFC').toLowerCase();
    const row = lexicon.byKey.get(key);
    if (row) found.set(key, row);
  }
  return [...found.values()].sort((a, b) => a.wordKey.localeCompare(b.wordKey)).map((r) => [r.wordKey, r.ipa, r.respelling]);
}

/** What an ipa-espeak voice reads through, made as the engine makes it (espeak-ng loaded once, the lexicon's IPA verbatim). */
export async function phonemeFrontend(lexicon: RenderLexicon): Promise<PhonemeFrontend> {
  return { g2p: await engineG2p(), ...(lexicon.entries.length > 0 ? { lexicon: lexiconOf(lexicon.entries) } : {}) };
}

/** The pieces the engine will read for one sentence (after the lexicon and normalization, phonemized for an IPA voice); empty when it has nothing to say. */
export function sentencePieces(text: string, voice: RenderVoice, lexicon: RenderLexicon, phonemes?: PhonemeFrontend): { pieces: PreparedSentence[]; reason: string | null } {
  if (!/\p{L}/u.test(text)) return { pieces: [], reason: 'it has no letters to read (only punctuation, numbers as symbols or spacing)' };
  try {
    const prepared = prepareText(text, voice.json, lexicon.respellings, phonemes);
    return prepared.sentences.length > 0 ? { pieces: prepared.sentences, reason: null } : { pieces: [], reason: prepared.skipped[0]?.reason ?? 'nothing to say' };
  } catch (e) {
    // A voice that cannot read this text at all (another frontend, another symbol set) fails the whole render, not one sentence.
    if (e instanceof ApiError && /Nothing in the text can be spoken/.test(e.message)) return { pieces: [], reason: e.message };
    throw e;
  }
}

export interface KeyParts {
  spoken: readonly string[];
  touching: ReturnType<typeof touchingEntries>;
  voice: RenderVoice;
  vocoder: string;
  seed: number;
  /** The decoder step limit when one is set (a draft cap, or a fixed count in benchmarks). */
  steps: string | null;
}

export function cacheKey(p: KeyParts): string {
  return createHash('sha256')
    .update(JSON.stringify([KEY_VERSION, p.spoken, p.touching, p.voice.fingerprint, p.vocoder, p.seed, p.steps]))
    .digest('hex');
}
