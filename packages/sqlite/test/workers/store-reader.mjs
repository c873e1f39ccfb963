// Read-only e2e worker, run as another (unprivileged) user: inspects a store file and opens it
// read-only (or writable), reads every event and tries an append, then prints one JSON line:
// { uid, inspect, open: 'ok' | { kind, message }, events?, append? }.
// Runs the BUILT package (dist), like the other multi-process workers.
// Usage: node store-reader.mjs <db> read-only|writable
import * as E from 'fp-ts/lib/Either.js';
import { createSqliteEventStore, inspectSqliteFile } from '@cim-complaints/sqlite';

const [path, mode] = process.argv.slice(2);
const out = { uid: process.getuid() };
const inspected = inspectSqliteFile(path);
out.inspect = E.isRight(inspected) ? inspected.right.kind : { kind: inspected.left.kind, message: inspected.left.message };
const opened = createSqliteEventStore({ path, readOnly: mode === 'read-only', busyTimeoutMs: 500 });
if (E.isLeft(opened)) {
  out.open = { kind: opened.left.kind, message: opened.left.message };
} else {
  const store = opened.right;
  out.open = 'ok';
  const all = await store.readAll()();
  out.events = E.isRight(all) ? all.right.events.length : { kind: all.left.kind, message: all.left.message };
  if (E.isRight(all) && all.right.events.length > 0) {
    const appended = await store.appendToStream('complaint-elsewhere', 'no-stream', [all.right.events[0].event])();
    out.append = E.isRight(appended) ? 'ok' : { kind: appended.left.kind, message: appended.left.message };
  }
  await store.close();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
