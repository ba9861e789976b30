// The stimulus list a test is created from: checked (names, files, the same conditions for every utterance) and turned into rows.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { ANCHOR_35, ANCHOR_70, HIDDEN_REFERENCE, type CreateTestInputSchema, type StimulusListSchema } from '../../../shared/domains/listening';
import { ApiError } from '../../../shared/errors';
import { getExperiment, listConditions, listOutputs, listUtterances } from '../../db/lab.repo';
import type { NewStimulus } from '../../db/listening.repo';
import type { Workspace } from '../../workspace/workspace';
import { resolveSource } from './stimuli-prepare';

type CreateInput = z.output<typeof CreateTestInputSchema>;
type StimulusList = z.output<typeof StimulusListSchema>;

const AUDIO_EXT = new Set(['.wav', '.flac', '.mp3', '.ogg', '.opus']);
const RESERVED = new Set(['reference', HIDDEN_REFERENCE, ANCHOR_35, ANCHOR_70].map((n) => n.toLowerCase()));

/** reference/ plus one folder per condition, each holding the same file names (the layout vocoder comparisons are shared in). */
export function scanFolder(folder: string): StimulusList {
  const root = resolve(folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ApiError('not_found', `${root} is not a folder.`, 'Pick a folder that holds reference/ and one subfolder per condition.');
  }
  const refDir = join(root, 'reference');
  if (!existsSync(refDir)) {
    throw new ApiError('invalid_input', `${root} has no reference/ folder.`, 'Put the original recordings in reference/ and each vocoder’s outputs, with the same file names, in a folder named after it.');
  }
  const audioIn = (dir: string): string[] => readdirSync(dir).filter((f) => AUDIO_EXT.has(extname(f).toLowerCase())).sort();
  const refs = audioIn(refDir);
  if (refs.length === 0) throw new ApiError('invalid_input', `${refDir} holds no audio files.`, 'Put the reference recordings (WAV or FLAC) there.');
  const conditionDirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'reference' && !d.name.startsWith('.')).map((d) => d.name).sort();
  if (conditionDirs.length === 0) throw new ApiError('invalid_input', `${root} has reference/ but no condition folders.`, 'Add one folder per vocoder or condition beside reference/.');
  return refs.map((file) => ({
    utterance: basename(file, extname(file)),
    reference: join(refDir, file),
    conditions: conditionDirs.map((c) => {
      const path = join(root, c, file);
      if (!existsSync(path)) throw new ApiError('invalid_input', `${c}/ has no ${file} (every condition needs a file for each reference).`, `Add ${join(c, file)} or remove reference/${file}.`);
      return { name: c, path };
    }),
  }));
}

/** An experiment's run as a stimulus list: each utterance's reference copy and every vocoder's output of it (workspace-relative). */
export function experimentStimuli(ws: Workspace, experimentId: number): StimulusList {
  const e = getExperiment(ws.db, experimentId);
  if (!e) throw new ApiError('not_found', `There is no experiment ${experimentId}.`, 'Pick an experiment from the Lab.');
  const conditions = listConditions(ws.db, experimentId);
  const outputs = new Map(listOutputs(ws.db, experimentId).map((o) => [`${o.utteranceId}:${o.conditionId}`, o.path]));
  const utterances = listUtterances(ws.db, experimentId);
  if (utterances.every((u) => u.reference === null) || outputs.size === 0) {
    throw new ApiError('conflict', `The experiment "${e.name}" has not been run yet: there are no outputs to listen to.`, 'Run the experiment first, then create the test.');
  }
  return utterances.filter((u) => u.reference !== null).map((u) => ({
    utterance: u.key,
    reference: u.reference!,
    conditions: conditions.map((c) => {
      const path = outputs.get(`${u.id}:${c.id}`);
      if (!path) throw new ApiError('conflict', `The experiment "${e.name}" has no ${c.label} output for ${u.key}.`, 'Run the experiment again so every vocoder renders every utterance.');
      return { name: c.label, path };
    }),
  }));
}

/** Checks the list and turns it into stimulus rows in trial order (open reference, hidden reference, conditions, anchors). */
export function stimulusRows(ws: Workspace, input: CreateInput): NewStimulus[] {
  const items = input.source.kind === 'folder' ? scanFolder(input.source.path)
    : input.source.kind === 'experiment' ? experimentStimuli(ws, input.experimentId!) : input.source.items;
  const seenUtterances = new Set<string>();
  const names = items[0]!.conditions.map((c) => c.name);
  for (const item of items) {
    if (seenUtterances.has(item.utterance)) throw new ApiError('invalid_input', `The utterance "${item.utterance}" is listed twice.`, 'Give each utterance one entry with all its conditions.');
    seenUtterances.add(item.utterance);
    const here = item.conditions.map((c) => c.name);
    if (new Set(here.map((n) => n.toLowerCase())).size !== here.length) throw new ApiError('invalid_input', `"${item.utterance}" names a condition twice.`, 'Give each condition a distinct name.');
    const reserved = here.find((n) => RESERVED.has(n.toLowerCase()));
    if (reserved) throw new ApiError('invalid_input', `"${reserved}" is a name the test gives its own stimuli.`, 'Rename that condition (e.g. after its vocoder).');
    if ([...here].sort().join('\u0000') !== [...names].sort().join('\u0000')) {
      throw new ApiError('invalid_input', `"${item.utterance}" has the conditions ${here.join(', ')}, but "${items[0]!.utterance}" has ${names.join(', ')}.`,
        'Every utterance needs the same conditions, so each is heard the same number of times.');
    }
    for (const path of [item.reference, ...item.conditions.map((c) => c.path)]) {
      const abs = resolveSource(ws, path);
      if (!existsSync(abs) || !statSync(abs).isFile()) throw new ApiError('not_found', `The stimulus file ${path} does not exist.`, 'Check the path (absolute, or relative to the workspace).');
    }
  }
  const compared = names.length + (input.includeReference ? 1 : 0);
  if ((input.type === 'ab' || input.type === 'abx') && compared < 2) {
    throw new ApiError('invalid_input', `An ${input.type.toUpperCase()} test compares two stimuli, but each utterance has ${compared}.`, 'Add a second condition, or include the reference.');
  }
  const uid = (): string => randomBytes(6).toString('hex');
  const rows: NewStimulus[] = [];
  items.forEach((item, trialPosition) => {
    const add = (role: NewStimulus['role'], condition: string, sourcePath: string): void => {
      rows.push({ uid: uid(), trialKey: item.utterance, trialPosition, role, condition, sourcePath });
    };
    if (input.type === 'mushra') {
      add('reference', 'reference', item.reference);
      add('hidden_reference', HIDDEN_REFERENCE, item.reference);
    } else if (input.includeReference) {
      add('hidden_reference', HIDDEN_REFERENCE, item.reference);
    }
    for (const c of item.conditions) add('condition', c.name, c.path);
    if (input.type === 'mushra') {
      add('anchor_70', ANCHOR_70, item.reference);
      add('anchor_35', ANCHOR_35, item.reference);
    }
  });
  return rows;
}
