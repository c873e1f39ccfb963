// Multi-process test worker: sends `count` inbound-correspondence commands for one complaint
// through the real command handler on a PostgreSQL store, after the parent says "go" on stdin.
// Prints one JSON line: { label, attempts: number[], failures: string[] }.
// Runs the BUILT packages (dist): the root `pnpm test` builds before vitest.
// Usage: node command-writer.mjs <connection string with ?schema=> <complaintId> <label> <count>
import { createInterface } from 'node:readline';
import * as E from 'fp-ts/lib/Either.js';
import { createCommandHandler } from '@cim-complaints/core';
import { createPostgresEventStore } from '@cim-complaints/postgres';

const [url, complaintId, label, countText] = process.argv.slice(2);
const opened = await createPostgresEventStore({ connectionString: url, poolSize: 2 })();
if (E.isLeft(opened)) {
  process.stderr.write(`${opened.left.message}\n`);
  process.exit(1);
}
const store = opened.right;
// A slow reader: a short pause between reading the stream and appending widens the window in
// which another process writes first, so conflicts (and their retries) actually happen.
const racingStore = {
  ...store,
  readStream: (streamId, options) => async () => {
    const read = await store.readStream(streamId, options)();
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    return read;
  },
};
const handle = createCommandHandler({ store: racingStore, clock: () => new Date().toISOString(), maxAttempts: 200 });

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) if (line.trim() === 'go') break;

const attempts = [];
const failures = [];
for (let i = 1; i <= Number(countText); i += 1) {
  const result = await handle({
    type: 'RecordCorrespondence',
    complaintId,
    commandId: `${label}-${i}`,
    at: '2025-03-03T10:00:00Z',
    actor: { id: `u-${label}`, role: 'complaints-officer' },
    direction: 'inbound',
    party: 'complainant',
    channel: 'email',
    summary: `Message ${i} recorded by ${label}`,
  })();
  if (E.isLeft(result)) failures.push(`${label}-${i}: ${result.left.message}`);
  else attempts.push(result.right.attempts);
}
await store.close();
process.stdout.write(`${JSON.stringify({ label, attempts, failures })}\n`);
process.exit(0);
