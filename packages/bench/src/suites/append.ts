/**
 * Writing whole complaints to SQLite, one transaction per stream. Baseline: better-sqlite3's
 * prepared INSERT of the same rows (text already encoded), on a store file opened by the
 * library so the pragmas are the same. Subject: `appendToStream` (encode, prove the event reads
 * back, check the expected revision and the event ids, insert).
 */
import type { ComplaintEnvelope, ImportedEvent } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { compare, type Comparison } from '../measure.js';
import { openSqlite, type Scratch } from '../sqlite-file.js';
import type { Base, Row } from '../workload.js';

const byStream = <A>(items: readonly A[], streamOf: (a: A) => string): [string, A[]][] => {
  const streams = new Map<string, A[]>();
  for (const item of items) {
    const list = streams.get(streamOf(item)) ?? [];
    list.push(item);
    streams.set(streamOf(item), list);
  }
  return [...streams];
};

export const appendSuite = async (base: Base, rows: readonly Row[], folder: Scratch, repetitions: number): Promise<Comparison> => {
  const envelopes = byStream(base.events, (e) => e.streamId).map(([stream, events]) => [stream, events.map((e) => e.event as ComplaintEnvelope)] as const);
  const rowStreams = byStream(rows, (r) => r.stream_id);
  let n = 0;
  const bare = async () => {
    const store = openSqlite(folder.file(`bare-${(n += 1)}.db`));
    const insert = store.database.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const write = store.database.transaction((stream: readonly Row[]) => {
      for (const r of stream) insert.run(r.stream_id, r.revision, r.event_id, r.type, r.data, r.metadata, r.recorded_at);
    });
    for (const [, stream] of rowStreams) write(stream);
    await store.close();
    return rowStreams.length;
  };
  const library = async () => {
    const store = openSqlite(folder.file(`library-${(n += 1)}.db`));
    for (const [stream, events] of envelopes) {
      const appended = await store.appendToStream(stream, 'no-stream', events)();
      if (E.isLeft(appended)) throw new Error(appended.left.message);
    }
    await store.close();
    return envelopes.length;
  };
  return compare({ name: 'better-sqlite3 prepared INSERT, one transaction per stream', run: bare }, { name: 'appendToStream, one call per stream', run: library }, repetitions);
};

/** The batched path for imports and copies: every stream in one transaction, against one bare transaction of the same rows. */
export const batchAppendSuite = async (base: Base, rows: readonly Row[], folder: Scratch, repetitions: number): Promise<Comparison> => {
  const batches = byStream(base.events, (e) => e.streamId).map(([streamId, events]) => ({ streamId, expected: 'no-stream' as const, events: events.map((e) => e.event as ComplaintEnvelope) }));
  let n = 0;
  const bare = async () => {
    const store = openSqlite(folder.file(`bare-batch-${(n += 1)}.db`));
    const insert = store.database.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    store.database.transaction(() => {
      for (const r of rows) insert.run(r.stream_id, r.revision, r.event_id, r.type, r.data, r.metadata, r.recorded_at);
    })();
    await store.close();
    return rows.length;
  };
  const library = async () => {
    const store = openSqlite(folder.file(`library-batch-${(n += 1)}.db`));
    const appended = await store.appendBatch(batches)();
    if (E.isLeft(appended)) throw new Error(appended.left.message);
    await store.close();
    return appended.right.length;
  };
  return compare({ name: 'better-sqlite3 prepared INSERT of every row in one transaction', run: bare }, { name: 'appendBatch of every stream in one transaction', run: library }, repetitions);
};

/**
 * `copy`'s path: every event and anchor entry as another store holds them (their JSON text), in
 * one `importStored` transaction (core's checkImport: each event parsed, decoded and its claimed
 * digest checked, each anchor entry's digest and link checked), against one bare transaction
 * inserting the same event rows and anchor rows. The rows are the base log untiled, so every
 * event carries its hash chain and every anchor entry names an event of the import.
 */
export const importSuite = async (base: Base, rows: readonly Row[], folder: Scratch, repetitions: number): Promise<Comparison> => {
  const events: ImportedEvent[] = rows.map((r) => ({ streamId: r.stream_id, revision: r.revision, type: r.type, data: r.data, metadata: r.metadata }));
  let n = 0;
  const bare = async () => {
    const store = openSqlite(folder.file(`bare-import-${(n += 1)}.db`));
    const insert = store.database.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const anchor = store.database.prepare('INSERT INTO anchors (stream_id, revision, digest, previous, anchor) VALUES (?, ?, ?, ?, ?)');
    store.database.transaction(() => {
      for (const r of rows) insert.run(r.stream_id, r.revision, r.event_id, r.type, r.data, r.metadata, r.recorded_at);
      for (const a of base.anchors) anchor.run(a.streamId, a.revision, a.digest, a.previous ?? null, a.anchor);
    })();
    await store.close();
    return rows.length;
  };
  const library = async () => {
    const store = openSqlite(folder.file(`library-import-${(n += 1)}.db`));
    const imported = await store.importStored!({ events, anchors: base.anchors })();
    if (E.isLeft(imported)) throw new Error(imported.left.message);
    await store.close();
    return imported.right.events;
  };
  return compare(
    { name: 'better-sqlite3 prepared INSERT of every event row and anchor row in one transaction', run: bare },
    { name: 'importStored of every event and anchor entry in one transaction', run: library },
    repetitions,
  );
};
