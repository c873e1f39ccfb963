// The system an auditor reads: two complaints written through the command handler into an SQLite
// file (`node dist/seed.js complaints.db`). CIM-2025-0101 keeps every deadline of CX097 V4;
// CIM-2025-0102 is acknowledged on the 7th working day, after C12's five. A second run writes nothing.
import { createCommandHandler, protectPersonalData } from '@cim-complaints/core';
import { createSqliteEventStore, createSqliteKeyStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';

const path = process.argv[2] ?? 'complaints.db';
const opened = createSqliteEventStore({ path });
const keys = createSqliteKeyStore({ path: path.replace(/\.db$/, '') + '.keys.db' }); // the auditor never needs them
if (E.isLeft(opened) || E.isLeft(keys)) throw new Error(`cannot open ${path} or its keys`);
const store = protectPersonalData(opened.right, keys.right);
const handle = createCommandHandler({ store, clock: () => new Date().toISOString() });
const actor = { id: 'u-7', role: 'quality-and-complaints-manager' };

const cases = {
  'CIM-2025-0101': { acknowledged: '2025-06-03T10:00:00+01:00', responded: '2025-06-20T15:00:00+01:00' },
  'CIM-2025-0102': { acknowledged: '2025-06-11T10:00:00+01:00', responded: '2025-06-27T15:00:00+01:00' }, // due 2025-06-09
};
for (const [complaintId, at] of Object.entries(cases)) {
  for (const step of [
    { type: 'ReceiveComplaint', at: '2025-06-02T09:30:00+01:00', channel: 'email', businessArea: 'membership', summary: 'Renewal charged twice',
      complainant: { name: 'Alex Morgan', email: 'alex@example.org', relationship: 'member' } },
    { type: 'AcknowledgeComplaint', at: at.acknowledged, channel: 'email' },
    { type: 'AssignComplaint', at: at.acknowledged, department: 'Membership', manager: { id: 'm-7', name: 'Priya Shah' } },
    { type: 'RequireInvestigation', at: at.acknowledged, reason: 'Check the payment records with Finance' },
    { type: 'IssueResponse', at: at.responded, outcome: 'upheld', findings: 'A payment retry took it twice; refunded.', actions: [] },
    { type: 'CloseComplaint', at: at.responded },
  ]) {
    const done = await handle({ ...step, complaintId, commandId: `${complaintId}/${step.type}`, actor })();
    if (E.isLeft(done)) throw new Error(`${complaintId} ${step.type}: ${done.left.message}`);
  }
}
console.log(`${Object.keys(cases).join(', ')} written to ${path}`);
await store.close();
