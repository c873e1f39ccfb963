// Two-process test worker: sends `count` inbound-correspondence commands for one complaint through
// the real command handler on a shared SQLite file, after the parent says "go" on stdin (the
// testing kit's writeCommandsWhenTold). Prints one JSON line: { label, attempts, failures }.
// Runs the BUILT packages (dist): the root `pnpm test` builds before vitest.
// Usage: node command-writer.mjs <db> <complaintId> <label> <count>
import * as E from 'fp-ts/lib/Either.js';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import { writeCommandsWhenTold } from '@cim-complaints/testing';

const [path, complaintId, label, countText] = process.argv.slice(2);
const opened = createSqliteEventStore({ path, busyTimeoutMs: 10_000 });
if (E.isLeft(opened)) {
  process.stderr.write(`${opened.left.message}\n`);
  process.exit(1);
}
await writeCommandsWhenTold(opened.right, { complaintId, label, count: Number(countText) });
await opened.right.close();
process.exit(0);
