// Multi-process test worker: sends `count` inbound-correspondence commands for one complaint
// through the real command handler on a PostgreSQL store, after the parent says "go" on stdin (the
// testing kit's writeCommandsWhenTold). Prints one JSON line: { label, attempts, failures }.
// Runs the BUILT packages (dist): the root `pnpm test` builds before vitest.
// Usage: node command-writer.mjs <connection string with ?schema=> <complaintId> <label> <count>
import * as E from 'fp-ts/lib/Either.js';
import { createPostgresEventStore } from '@cim-complaints/postgres';
import { writeCommandsWhenTold } from '@cim-complaints/testing';

const [url, complaintId, label, countText] = process.argv.slice(2);
const opened = await createPostgresEventStore({ connectionString: url, poolSize: 2 })();
if (E.isLeft(opened)) {
  process.stderr.write(`${opened.left.message}\n`);
  process.exit(1);
}
await writeCommandsWhenTold(opened.right, { complaintId, label, count: Number(countText), maxAttempts: 200 });
await opened.right.close();
process.exit(0);
