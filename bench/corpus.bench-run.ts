// npm run bench:corpus — the take review at 50,000 takes: every filter, a search and a page, against loading the whole list.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createBackend } from '../electron/core/backend';
import { openDatabase } from '../electron/core/db/database';
import { appendPrompts, listTakes } from '../electron/core/db/corpus.repo';
import { reviewFilters, type ReviewFilter } from '../electron/shared/domains/corpus';
import { makeTempDir } from '../electron/core/testing/temp-dir';
import { ok } from '../electron/core/testing/backend-harness';

const TAKES = 50_000;
const PER_PROMPT = 5;
const TARGET_MS = 50;

/** A realistic report: the ten checks the recorder stores per take. */
function report(i: number): string {
  const ids = ['clipping', 'peak', 'noise_floor', 'snr', 'leading_silence', 'trailing_silence', 'speaking_rate', 'pitch', 'loudness'];
  return JSON.stringify({
    checks: ids.map((id, k) => ({ id, level: (i + k) % 23 === 0 ? 'warn' : 'ok', value: -20 - k, message: `Check ${id} of take ${i}: a sentence of about this length.` })),
    charsPerSecond: 14 + (i % 7), medianF0: 180 + (i % 30), loudnessLufs: -22, outlier: i % 11 === 0, autoTrim: { start: 0.3, end: 4.1 },
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

describe('take review at 50,000 takes', () => {
  it('filters, searches and pages in under 50 ms per call', async () => {
    const tmp = makeTempDir('voicewright-bench-');
    const workspace = join(tmp.path, 'ws');
    let backend = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace });
    const speakerId = ok<{ id: number }>(await backend.invoke('corpus:createSpeaker', { name: 'Bench', language: 'en-US' })).id;
    await backend.close();

    // Fill the real workspace file directly: 10,000 prompts × 5 takes with flags, verdicts, states and outliers spread through.
    const t0 = performance.now();
    const db = openDatabase(join(workspace, 'studio.sqlite'));
    appendPrompts(db, speakerId, Array.from({ length: TAKES / PER_PROMPT }, (_, i) => ({ key: `p${String(i).padStart(5, '0')}`, text: `Prompt number ${i} reads a sentence of ordinary length, about ten words.` })));
    const prompts = db.prepare('SELECT id FROM prompts WHERE speaker_id = ? ORDER BY position').all(speakerId) as { id: number }[];
    const insert = db.prepare(`INSERT INTO takes(speaker_id, prompt_id, path, state, sample_rate, seconds, verdict, report, flags, flagged, outlier, created_at)
      VALUES (?, ?, ?, ?, 48000, 4.2, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')`);
    db.transaction(() => {
      for (let i = 0; i < TAKES; i++) {
        const flagged = i % 17 === 0;
        insert.run(speakerId, prompts[Math.floor(i / PER_PROMPT)]!.id, `takes/1/p-${i}.wav`, i % 9 === 0 ? 'accepted' : i % 13 === 0 ? 'rejected' : 'done',
          i % 29 === 0 ? 'fail' : i % 23 === 0 ? 'warn' : 'ok', report(i), flagged ? JSON.stringify([{ flag: 'noise', note: 'door' }]) : '[]', flagged ? 1 : 0, i % 11 === 0 ? 1 : 0);
      }
    })();
    db.close();
    const fillSeconds = (performance.now() - t0) / 1000;

    backend = await createBackend({ appDataDir: join(tmp.path, 'app'), workspace });
    const call = async (filter: ReviewFilter, search = ''): Promise<{ ms: number; total: number }> => {
      const times: number[] = [];
      let total = 0;
      for (let r = 0; r < 15; r++) {
        const t = performance.now();
        total = ok<{ total: number }>(await backend.invoke('corpus:reviewTakes', { speakerId, filter, search, limit: 100 })).total;
        times.push(performance.now() - t);
      }
      return { ms: median(times), total };
    };
    const rows: string[] = [];
    const results: number[] = [];
    for (const filter of reviewFilters) {
      const r = await call(filter);
      results.push(r.ms);
      rows.push(`  filter ${filter.padEnd(11)} ${String(r.total).padStart(6)} takes  ${r.ms.toFixed(1).padStart(6)} ms`);
    }
    for (const search of ['p04321', 'number 123']) {
      const r = await call('all', search);
      results.push(r.ms);
      rows.push(`  search "${search}"${' '.repeat(Math.max(0, 10 - search.length))} ${String(r.total).padStart(6)} takes  ${r.ms.toFixed(1).padStart(6)} ms`);
    }
    const deep = performance.now();
    ok(await backend.invoke('corpus:reviewTakes', { speakerId, filter: 'all', offset: TAKES - 100, limit: 100 }));
    const deepMs = performance.now() - deep;
    results.push(deepMs);
    rows.push(`  last page (offset ${TAKES - 100})      ${deepMs.toFixed(1).padStart(6)} ms`);
    await backend.close();

    // Baseline: what a list without the filter columns costs — every take read and parsed, then filtered in JavaScript.
    const reader = openDatabase(join(workspace, 'studio.sqlite'));
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      const flagged = listTakes(reader, speakerId).filter((x) => x.flags.length > 0);
      expect(flagged.length).toBeGreaterThan(0);
      times.push(performance.now() - t);
    }
    reader.close();
    const baselineMs = median(times);
    tmp.cleanup();

    const worst = Math.max(...results);
    console.log([
      `take review, ${TAKES.toLocaleString('en')} takes of ${TAKES / PER_PROMPT} prompts (filled in ${fillSeconds.toFixed(1)} s), one corpus:reviewTakes call = page of 100 + total + counts of all filters, median of 15:`,
      ...rows,
      `  worst ${worst.toFixed(1)} ms (target < ${TARGET_MS} ms); baseline: load and parse every take, filter in JS ${baselineMs.toFixed(0)} ms → ${(baselineMs / worst).toFixed(1)}× faster`,
    ].join('\n'));
    expect(worst).toBeLessThan(TARGET_MS);
  });
});
