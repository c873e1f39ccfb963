/** A SQLite store file holding given rows, written with bare INSERTs (the rows are already the store's text). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, type SqliteEventStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import type { Row } from './workload.js';

export interface Scratch {
  readonly folder: string;
  readonly file: (name: string) => string;
  readonly remove: () => void;
}

export const scratch = (): Scratch => {
  const folder = mkdtempSync(join(tmpdir(), 'cim-bench-'));
  return { folder, file: (name) => join(folder, name), remove: () => rmSync(folder, { recursive: true, force: true }) };
};

export const openSqlite = (path: string, readOnly = false): SqliteEventStore => {
  const opened = createSqliteEventStore({ path, ...(readOnly ? { readOnly: true } : {}) });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  return opened.right;
};

/** Writes the rows into a new store file, in transactions of 10,000 rows. */
export const writeSqliteFile = async (path: string, rows: Iterable<Row>): Promise<void> => {
  const store = openSqlite(path);
  const insert = store.database.prepare(
    'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const batch = store.database.transaction((slice: readonly Row[]) => {
    for (const r of slice) insert.run(r.position, r.stream_id, r.revision, r.event_id, r.type, r.data, r.metadata, r.recorded_at);
  });
  let slice: Row[] = [];
  for (const row of rows) {
    slice.push(row);
    if (slice.length === 10_000) {
      batch(slice);
      slice = [];
    }
  }
  batch(slice);
  await store.close();
};
