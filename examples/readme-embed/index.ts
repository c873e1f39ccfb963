import { createCommandHandler, defaultPolicyRegistry, evaluateSla, protectPersonalData, streamIdOf } from '@cim-complaints/core';
import { createSqliteEventStore, createSqliteKeyStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';

const opened = createSqliteEventStore({ path: './complaints.db' }); // created if missing
const keys = createSqliteKeyStore({ path: './complaints.keys.db' }); // keep it apart from the events
if (E.isLeft(opened) || E.isLeft(keys)) throw new Error('cannot open the store or its keys');
const store = protectPersonalData(opened.right, keys.right); // names and contacts are sealed (C5)
const handle = createCommandHandler({ store, clock: () => new Date().toISOString() });

const complaintId = 'CIM-2025-0001';
const actor = { id: 'u-7', role: 'quality-and-complaints-manager' };
for (const step of [
  { type: 'ReceiveComplaint', at: '2025-06-02T09:30:00+01:00', channel: 'email', businessArea: 'membership', summary: 'Renewal charged twice',
    complainant: { name: 'Alex Morgan', email: 'alex@example.org', relationship: 'member' } },
  { type: 'AcknowledgeComplaint', at: '2025-06-03T10:00:00+01:00', channel: 'email' },
  { type: 'AssignComplaint', at: '2025-06-03T10:05:00+01:00', department: 'Membership', manager: { id: 'm-7', name: 'Priya Shah' } },
  { type: 'RequireInvestigation', at: '2025-06-03T10:10:00+01:00', reason: 'Check the payment records with Finance' },
  { type: 'IssueResponse', at: '2025-06-09T15:00:00+01:00', outcome: 'upheld', findings: 'A payment retry took it twice; refunded.', actions: [] },
]) {
  const done = await handle({ ...step, complaintId, commandId: `${complaintId}/${step.type}`, actor })(); // a retry writes nothing
  console.log(step.type, E.isRight(done) ? `→ revision ${done.right.nextRevision}` : `refused: ${done.left.message}`);
}
const read = await store.readStream(streamIdOf(complaintId))();
if (E.isLeft(read)) throw new Error(read.left.message);
const sla = evaluateSla(defaultPolicyRegistry)(read.right.events.map((e) => e.event), '2025-06-30T17:00:00+01:00');
if (E.isLeft(sla)) throw new Error(sla.left.message);
for (const t of Object.values(sla.right.targets)) console.log(`${t?.target}: ${t?.status}, due ${t?.dueDate}`);
await store.close();
