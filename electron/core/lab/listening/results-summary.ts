// Turns the stored answers into per-condition statistics, pair counts and the listeners post-screening excluded; CSV of every answer.
import { ResultsFileSchema, type ListeningResults, type ResultsFile, type StimulusRole } from '../../../shared/domains/listening';
import { listResults, listStimuli, listTests, type ResultRow, type StimulusRow, type TestRow } from '../../db/listening.repo';
import type { ReadonlyDb } from '../../db/database';
import { binomialTest, meanWithCi, postScreen } from './listening-stats';

interface Session {
  row: ResultRow;
  file: ResultsFile;
}

function sessionsOf(rows: readonly ResultRow[]): Session[] {
  // Stored rows were checked on the way in; parsing again keeps this code honest about their shape.
  return rows.map((row) => ({ row, file: ResultsFileSchema.parse(JSON.parse(row.payload)) }));
}

const ROLE_ORDER: Record<StimulusRole, number> = { hidden_reference: 0, condition: 1, anchor_70: 2, anchor_35: 3, reference: 4 };

/** Condition names in a stable order: hidden reference, the conditions as listed, then the anchors. */
export function conditionsOf(stimuli: readonly StimulusRow[]): { condition: string; role: StimulusRole }[] {
  const seen = new Map<string, { condition: string; role: StimulusRole; first: number }>();
  stimuli.forEach((s, i) => {
    if (s.role !== 'reference' && !seen.has(s.condition)) seen.set(s.condition, { condition: s.condition, role: s.role, first: i });
  });
  return [...seen.values()].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.first - b.first).map(({ condition, role }) => ({ condition, role }));
}

export function summarize(test: TestRow, stimuli: readonly StimulusRow[], rows: readonly ResultRow[]): ListeningResults {
  const byUid = new Map(stimuli.map((s) => [s.uid, s]));
  const sessions = sessionsOf(rows);
  const excluded = test.type === 'mushra'
    ? postScreen(sessions.map((s) => ({
      listenerId: s.file.listenerId,
      hiddenReferenceScores: s.file.items.flatMap((item) => item.ratings.filter((r) => byUid.get(r.stimulus)?.role === 'hidden_reference').map((r) => r.score)),
    })))
    : [];
  const excludedIds = new Set(excluded.map((e) => e.listenerId));
  const kept = sessions.filter((s) => !excludedIds.has(s.file.listenerId));
  const conditions = conditionsOf(stimuli);

  const scores = new Map<string, number[]>(conditions.map((c) => [c.condition, []]));
  if (test.type === 'mushra' || test.type === 'mos') {
    for (const s of kept) for (const item of s.file.items) for (const r of item.ratings) {
      const st = byUid.get(r.stimulus);
      if (st) scores.get(st.condition)?.push(r.score);
    }
  }
  const conditionStats = test.type === 'mushra' || test.type === 'mos'
    ? conditions.map((c) => ({ ...c, ...meanWithCi(scores.get(c.condition)!) }))
    : [];

  const pairs: ListeningResults['pairs'] = [];
  if (test.type === 'ab' || test.type === 'abx') {
    const order = new Map(conditions.map((c, i) => [c.condition, i]));
    const counts = new Map<string, { a: string; b: string; aCount: number; bCount: number }>();
    for (const s of kept) for (const item of s.file.items) {
      const names = item.shown.map((u) => byUid.get(u)?.condition ?? u).sort((p, q) => (order.get(p) ?? 0) - (order.get(q) ?? 0));
      const [a, b] = names as [string, string];
      const key = `${a}\u0000${b}`;
      const c = counts.get(key) ?? { a, b, aCount: 0, bCount: 0 };
      const chosen = item.choice ? byUid.get(item.choice)?.condition : undefined;
      // AB counts preferences; ABX counts right and wrong identifications of X.
      const first = test.type === 'ab' ? chosen === a : item.choice === item.x;
      if (first) c.aCount++; else c.bCount++;
      counts.set(key, c);
    }
    for (const c of counts.values()) {
      const n = c.aCount + c.bCount;
      pairs.push({ ...c, trials: n, pValue: test.type === 'ab' ? binomialTest(c.aCount, n, 0.5) : binomialTest(c.aCount, n, 0.5, 'greater') });
    }
  }
  return {
    testId: test.id,
    type: test.type,
    listeners: sessions.map((s) => ({ listenerId: s.file.listenerId, source: s.row.source, items: s.file.items.length, importedAt: s.row.importedAt, excluded: excludedIds.has(s.file.listenerId) })),
    excluded,
    conditions: conditionStats,
    pairs,
  };
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per listener × answer × stimulus shown, with the condition each blind stimulus was. */
export function resultsCsv(test: TestRow, stimuli: readonly StimulusRow[], rows: readonly ResultRow[]): string {
  const byUid = new Map(stimuli.map((s) => [s.uid, s]));
  const excluded = new Set(summarize(test, stimuli, rows).excluded.map((e) => e.listenerId));
  const header = ['test_id', 'test_type', 'listener_id', 'source', 'session', 'seed', 'answer', 'trial', 'position', 'stimulus', 'condition', 'role',
    'score', 'chosen', 'is_x', 'started_at', 'duration_ms', 'plays', 'excluded'];
  const lines = [header.join(',')];
  for (const { row, file } of sessionsOf(rows)) {
    file.items.forEach((item, answer) => {
      item.shown.forEach((uid, position) => {
        const st = byUid.get(uid);
        const score = item.ratings.find((r) => r.stimulus === uid)?.score ?? null;
        lines.push([test.id, test.type, file.listenerId, row.source, file.sessionUid, file.seed, answer + 1, item.trial, position + 1, uid,
          st?.condition ?? '', st?.role ?? '', score, item.choice === null ? null : item.choice === uid ? 1 : 0,
          item.x === null ? null : item.x === uid ? 1 : 0, item.startedAt, Math.round(item.durationMs), item.plays[uid] ?? 0,
          excluded.has(file.listenerId) ? 1 : 0].map(csvCell).join(','));
      });
    });
  }
  return `${lines.join('\n')}\n`;
}

export interface ListeningSummary {
  testId: number;
  name: string;
  type: TestRow['type'];
  listeners: number;
  excluded: ListeningResults['excluded'];
  conditions: ListeningResults['conditions'];
  pairs: ListeningResults['pairs'];
}

/** Every ready listening test of an experiment as plain data, for the experiment's HTML report. */
export function listeningSummaryFor(db: ReadonlyDb, experimentId: number): ListeningSummary[] {
  return listTests(db, experimentId).filter((t) => t.state === 'ready').map((t) => {
    const r = summarize(t, listStimuli(db, t.id), listResults(db, t.id));
    return { testId: t.id, name: t.name, type: t.type, listeners: r.listeners.length, excluded: r.excluded, conditions: r.conditions, pairs: r.pairs };
  });
}
