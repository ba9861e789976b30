// Step 1 of the default voice: arctic-cathy into a studio workspace as a narrator would bring it (import, hold-outs rejected, dataset build), idempotent.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BuildReport } from '../../electron/shared/domains/datasets';
import { CATHY_DIR, DATASET_NAME, SPEAKER_NAME, StudioSession, workspaceArg } from './studio-session';
import { chooseHeldout, HELDOUT_FILE, readHeldout } from './heldout';

interface Speaker { id: number; name: string; takes: number }
interface PromptRow { id: number; key: string }
interface Take { id: number; state: string }
interface Dataset { id: number; name: string; path: string; utterances: number }

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { workspace: { type: 'string' } } });
  const ws = workspaceArg(values.workspace);
  const s = await StudioSession.open(ws);
  try {
    console.log(`Workspace ${ws}`);
    let speaker = (await s.call<Speaker[]>('corpus:listSpeakers', {})).find((x) => x.name === SPEAKER_NAME);
    speaker ??= await s.call<Speaker>('corpus:createSpeaker', { name: SPEAKER_NAME, language: 'en-US' });
    if (speaker.takes === 0) {
      const { job } = await s.call<{ job: number }>('corpus:importTakes', { speakerId: speaker.id, path: CATHY_DIR, keep: 'newest' });
      const done = await s.job(job, 'Import');
      const r = done.result as { imported: number; skippedRetakes: number; prompts: number; seconds: number; failing: number; warnings: string[] };
      console.log(`Imported ${r.imported} takes (${(r.seconds / 60).toFixed(1)} min) of ${r.prompts} prompts; ${r.skippedRetakes} older retakes left out; ${r.failing} fail their checks; ${r.warnings.length} warning(s).`);
    } else {
      console.log(`Speaker ${speaker.name} already has ${speaker.takes} takes: import skipped.`);
    }

    // The test set: chosen once and committed; a rerun reads it back so it can never drift into training.
    let heldout = readHeldout();
    if (!heldout) {
      heldout = chooseHeldout(CATHY_DIR);
      writeFileSync(HELDOUT_FILE, `${JSON.stringify(heldout, null, 2)}\n`);
      console.log(`Wrote ${HELDOUT_FILE} (${heldout.prompts.length} prompts, seed ${heldout.seed}).`);
    }
    const held = new Set(heldout.prompts.map((p) => p.key));
    const prompts: PromptRow[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await s.call<{ total: number; prompts: PromptRow[] }>('corpus:listPrompts', { speakerId: speaker.id, offset, limit: 1000 });
      prompts.push(...page.prompts);
      if (prompts.length >= page.total || page.prompts.length === 0) break;
    }
    let rejected = 0;
    for (const p of prompts.filter((x) => held.has(x.key))) {
      for (const t of await s.call<Take[]>('corpus:listTakes', { speakerId: speaker.id, promptId: p.id })) {
        if (t.state === 'rejected') continue;
        // Rejected takes never enter a dataset (corpus.repo takesForDataset): the narrator's own way to keep a take out.
        await s.call('corpus:setTakeState', { takeId: t.id, state: 'rejected' });
        rejected++;
      }
    }
    const missing = [...held].filter((k) => !prompts.some((p) => p.key === k));
    if (missing.length) throw new Error(`Held-out prompts not in the corpus: ${missing.join(', ')}`);
    console.log(`Held out ${held.size} prompts (${rejected} takes newly rejected).`);

    let dataset = (await s.call<Dataset[]>('datasets:list', {})).find((d) => d.name === DATASET_NAME);
    if (!dataset) {
      const { job } = await s.call<{ job: number }>('datasets:build', { speakerId: speaker.id, name: DATASET_NAME, sampleRate: 22050, selection: 'best', valFraction: 0.05 });
      await s.job(job, 'Dataset build');
      dataset = (await s.call<Dataset[]>('datasets:list', {})).find((d) => d.name === DATASET_NAME)!;
    } else {
      console.log(`Dataset ${DATASET_NAME} exists: build skipped.`);
    }
    const report = await s.call<BuildReport | null>('datasets:report', { datasetId: dataset.id });
    console.log(`Dataset ${dataset.name} (id ${dataset.id}) at ${ws}/${dataset.path}`);
    if (report) {
      console.log(`  clips ${report.utterances}, ${(report.seconds / 60).toFixed(1)} min, rejected ${report.rejected}, outliers ${report.outliers.length}`);
      for (const o of report.outliers.slice(0, 10)) console.log(`  outlier ${JSON.stringify(o)}`);
    }
  } finally {
    await s.close();
  }
}

main().catch((e: unknown) => {
  console.error(`prepare: ${(e as Error).message}`);
  process.exitCode = 1;
});
