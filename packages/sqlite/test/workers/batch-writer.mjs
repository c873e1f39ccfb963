// Crash test worker: appends batches of 1 to 8 events to a few shared streams until killed.
// Each batch is one command's events: metadata.commandId `<label>-<n>-s<size>` and event ids
// eventIdFor(commandId, i). It prints `try <commandId>` before appending and `ok <commandId>` after
// the commit; stdout to a pipe is synchronous on Linux, so a printed `ok` is a commit the parent
// may count on, and a `try` without `ok` is a write the kill interrupted.
// Usage: node batch-writer.mjs <db> <label> <streams>
import * as E from 'fp-ts/lib/Either.js';
import { toEnvelopes } from '@cim-complaints/core';
import { createSqliteEventStore } from '@cim-complaints/sqlite';

const [path, label, streamsText] = process.argv.slice(2);
const opened = createSqliteEventStore({ path, busyTimeoutMs: 10_000 });
if (E.isLeft(opened)) {
  process.stderr.write(`${opened.left.message}\n`);
  process.exit(1);
}
const store = opened.right;
const at = '2025-03-03T10:00:00Z';
// Long summaries make each transaction span many pages, so kills land inside writes more often.
const padding = 'x'.repeat(3000);

const batchOf = (complaintId, commandId, size) => {
  const command = {
    type: 'RecordCorrespondence',
    complaintId,
    commandId,
    at,
    actor: { id: `u-${label}`, role: 'complaints-officer' },
    direction: 'inbound',
    party: 'complainant',
    channel: 'email',
    summary: commandId,
  };
  const events = Array.from({ length: size }, (_, i) => ({
    type: 'CorrespondenceReceived',
    data: { complaintId, at, party: 'complainant', channel: 'email', summary: `${commandId} #${i} ${padding}`, afterClosure: false },
  }));
  return toEnvelopes(command, events, { recordedAt: at, policy: 'CX097-V4' });
};

for (let n = 1; ; n += 1) {
  const complaintId = `k-${Math.floor(Math.random() * Number(streamsText))}`;
  const streamId = `complaint-${complaintId}`;
  const size = 1 + Math.floor(Math.random() * 8);
  const commandId = `${label}-${n}-s${size}`;
  const envelopes = batchOf(complaintId, commandId, size);
  process.stdout.write(`try ${commandId}\n`);
  for (;;) {
    const read = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 })();
    if (E.isLeft(read)) throw new Error(read.left.message);
    const appended = await store.appendToStream(streamId, read.right.revision, envelopes)();
    if (E.isRight(appended)) break;
    if (appended.left.kind !== 'conflict') throw new Error(appended.left.message);
  }
  process.stdout.write(`ok ${commandId}\n`);
}
