/**
 * Rebuilding the monitoring read models from a SQLite store, then the report from them.
 * Baseline: paging through the same rows (1,000 at a time, as the store pages) and
 * `JSON.parse` of each. Subject: the monitoring runner's `rebuild()`. The report is measured
 * against the rebuild it follows.
 */
import { createInMemoryCheckpointStore } from '@cim-complaints/core';
import { catchUpMonitoring, reportFromRunner, type MonitoringCatchUp } from '@cim-complaints/projections';
import * as E from 'fp-ts/lib/Either.js';
import { compare, time, type Comparison } from '../measure.js';
import { openSqlite } from '../sqlite-file.js';

export const pageThrough = (path: string): number => {
  const store = openSqlite(path, true);
  const page = store.database.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT 1000');
  let after = 0n;
  let parsed = 0;
  for (;;) {
    const rows = page.safeIntegers(true).all(after) as { position: bigint; data: string; metadata: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      if (JSON.parse(row.data) !== undefined && JSON.parse(row.metadata) !== undefined) parsed += 1;
    }
    after = rows[rows.length - 1]!.position;
  }
  void store.close();
  return parsed;
};

export const rebuild = async (path: string): Promise<MonitoringCatchUp> => {
  const store = openSqlite(path, true);
  const caught = await catchUpMonitoring(store, createInMemoryCheckpointStore(), { rebuild: true });
  await store.close();
  if (E.isLeft(caught)) throw new Error(caught.left.message);
  return caught.right;
};

export const REPORT_AS_OF = '2025-12-31T23:59:59Z';

export const report = (caught: MonitoringCatchUp): number => {
  const built = reportFromRunner(caught.runner)(REPORT_AS_OF);
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right.received.total;
};

export interface RebuildFigures {
  readonly rebuild: Comparison;
  /** The report after a rebuild, as a fraction of that rebuild. */
  readonly report: Comparison;
}

export const rebuildSuite = async (path: string, repetitions: number): Promise<RebuildFigures> => {
  const rebuilt = await compare({ name: 'paging the rows + JSON.parse', run: () => pageThrough(path) }, { name: 'runner.rebuild() of the monitoring read models', run: () => rebuild(path) }, repetitions);
  const caught = await rebuild(path);
  const reportMs: number[] = [];
  for (let r = 0; r < repetitions; r++) reportMs.push(await time(() => report(caught)));
  const sorted = [...reportMs].sort((a, b) => a - b);
  const reportMedian = sorted[Math.floor(sorted.length / 2)]!;
  return {
    rebuild: rebuilt,
    report: { baseline: rebuilt.subject, subject: 'the report from the rebuilt read models', baselineMs: rebuilt.subjectMs, subjectMs: reportMedian, ratio: reportMedian / rebuilt.subjectMs, ratios: reportMs.map((m) => m / rebuilt.subjectMs) },
  };
};
