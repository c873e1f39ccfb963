// The tamper law on SQLite: the rows of `events` rewritten with better-sqlite3 behind the store's back.
import Database from 'better-sqlite3';
import * as fc from 'fast-check';
import type { RawStoredEvent } from '@cim-complaints/core';
import { historyCommandsArb, tamperArb, tamperIsFound, type TamperTarget } from '@cim-complaints/testing';
import { describe, it } from 'vitest';
import { openStore, tempDir } from './support.js';

const temp = tempDir();

let n = 0;
/** A fresh store file; `rewrite` replaces every row of `events` on a second connection, as any other program could. */
const sqliteTarget = (): TamperTarget => {
  const path = temp.file(`tamper-${(n += 1)}.db`);
  const store = openStore({ path });
  return {
    store,
    rewrite: async (rows: readonly RawStoredEvent[]) => {
      const db = new Database(path);
      try {
        const insert = db.prepare(
          'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        );
        db.transaction(() => {
          db.exec('DELETE FROM events');
          // whole revisions as 64-bit integers, so one beyond 2^53 is stored as written
          for (const r of rows) insert.run(r.position, r.streamId, Number.isInteger(r.revision) ? BigInt(r.revision) : r.revision, r.storeEventId, r.type, r.data, r.metadata, '2025-01-01T00:00:00Z');
        })();
      } finally {
        db.close();
      }
    },
    close: () => store.close(),
  };
};

describe('the tamper law on the SQLite store', () => {
  describe('when one row of a lawful history is edited, deleted, inserted, swapped, renumbered or moved in the file', () => {
    it('verify finds it', async () => {
      try {
        await fc.assert(
          fc.asyncProperty(historyCommandsArb({ maxComplaints: 3, maxSteps: 5 }), tamperArb, async (commands, tamper) => {
            const target = sqliteTarget();
            try {
              await tamperIsFound(target, commands, tamper);
            } finally {
              await target.close?.();
            }
          }),
          { numRuns: 80 },
        );
      } finally {
        temp.cleanup();
      }
    }, 120_000);
  });
});
