// An auditor's look at one complaint: its history replayed as of an instant, its stream's hash
// chain verified, and its compliance findings against the policy it was received under.
//
//   node dist/index.js --store complaints.db CIM-2025-0102 2025-07-31T17:00:00+01:00
//
// Exit 0: the chain is intact and nothing breaches the policy; 1: a break or a breach; 2: bad arguments.
import { checkCompliance, fold, historyAsOf, Instant, isReceived, streamIdOf, verifyStore } from '@cim-complaints/core';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { store: { type: 'string' } }, allowPositionals: true });
const [complaintId, asOf] = positionals;
if (values.store === undefined || complaintId === undefined || asOf === undefined || !Instant.is(asOf)) {
  console.error('usage: auditor --store <file.db> <complaint-id> <as-of, an ISO instant with offset>');
  process.exit(2);
}
const opened = createSqliteEventStore({ path: values.store, readOnly: true }); // the auditor changes nothing
if (E.isLeft(opened)) {
  console.error(opened.left.message);
  process.exit(2);
}
const store = opened.right;
const streamId = streamIdOf(complaintId);
console.log(`Complaint ${complaintId} as of ${asOf}, read from ${values.store}`);

// 1. The hash chain: every stored row read raw and its digests recomputed; this stream's breaks reported.
const verified = await verifyStore(store, { streamId })();
if (E.isLeft(verified)) {
  console.log(`Hash chain: the store cannot be read: ${verified.left.message}`);
  process.exit(1);
}
const { intact, breaks, streams } = verified.right;
const stream = streams.find((s) => s.streamId === streamId);
console.log(intact ? `Hash chain: intact, ${stream?.events ?? 0} events, anchored through revision ${stream?.anchoredThrough}` : `Hash chain: BROKEN, ${breaks.length} break(s)`);
for (const b of breaks) console.log(`  ${b.kind} at ${b.streamId}@${b.revision}: ${b.message}`);

// 2. The case as it stood then: only the events that had happened by `asOf`, folded.
const read = await store.readStream(streamId)();
if (E.isLeft(read)) {
  console.log(`Replay: the stream cannot be read: ${read.left.message}`);
  process.exit(1);
}
const history = historyAsOf(read.right.events, asOf, (r) => r.event);
const state = fold(history.map((r) => r.event));
if (!isReceived(state)) {
  console.log(`Not received by ${asOf}.`);
  process.exit(intact ? 2 : 1);
}
console.log(`Replay: ${history.length} of ${read.right.events.length} events by then; ${state.status}, judged under ${state.policy}`);
for (const r of history) console.log(`  #${r.revision} ${r.event.data.at} ${r.event.type}`);

// 3. What falls short of the policy, each finding with its clause (docs/compliance.md).
const checked = checkCompliance(history, asOf);
if (E.isLeft(checked)) throw new Error(checked.left.message);
const { findings } = checked.right;
console.log(`Findings: ${findings.length === 0 ? 'none' : findings.length}`);
for (const f of findings) console.log(`  ${f.code} (${f.clause}, ${f.severity}): ${f.message}`);

await store.close();
process.exitCode = intact && !findings.some((f) => f.severity === 'breach') ? 0 : 1;
