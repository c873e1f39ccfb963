// One complaint through its CX097 lifecycle: every step goes through the command handler,
// which decodes, decides and appends to an in-memory store. Run: pnpm demo (from the root).
import * as E from 'fp-ts/lib/Either.js';
import { createCommandHandler, createInMemoryEventStore, streamIdOf } from '@cim-complaints/core';

const opened = createInMemoryEventStore(); // every store factory answers an Either
if (E.isLeft(opened)) throw new Error(opened.left.message);
const store = opened.right;
const handle = createCommandHandler({ store, clock: () => '2025-04-30T17:00:00Z' });
const actor = { id: 'u-quality-1', role: 'quality-and-complaints-manager' };
const id = 'CX-2025-0042';
let n = 0;
const cmd = (type, at, fields = {}) => ({ type, complaintId: id, commandId: `${id}/${(n += 1)}`, at, actor, ...fields });

const steps = [
  cmd('ReceiveComplaint', '2025-04-17T16:40:00+01:00', {
    channel: 'email',
    complainant: { name: 'Alex Morgan', email: 'alex@example.org', relationship: 'member' },
    businessArea: 'membership',
    summary: 'Membership renewal taken twice in April',
    desiredOutcome: 'Refund of the duplicate payment',
  }),
  cmd('AcknowledgeComplaint', '2025-04-23T10:00:00+01:00', { channel: 'email' }),
  cmd('AssignComplaint', '2025-04-23T10:05:00+01:00', { department: 'Membership', manager: { id: 'm-7', name: 'Priya Shah' } }),
  cmd('RequireInvestigation', '2025-04-23T10:10:00+01:00', { reason: 'Payment records must be checked with Finance' }),
  cmd('CloseComplaint', '2025-04-24T09:00:00+01:00'), // refused: no response yet (C8)
  cmd('IssueResponse', '2025-04-29T15:00:00+01:00', {
    outcome: 'upheld',
    findings: 'The renewal was collected twice because of a payment-provider retry.',
    actions: [{ actionId: 'refund-1', description: 'Refund the duplicate payment', owner: 'Finance', dueOn: '2025-05-06' }],
  }),
  cmd('CompleteAction', '2025-04-30T11:00:00+01:00', { actionId: 'refund-1' }),
  cmd('CloseComplaint', '2025-04-30T11:30:00+01:00'),
];

for (const step of steps) {
  const result = await handle(step)();
  if (E.isRight(result)) {
    console.log(`✓ ${step.type.padEnd(22)} → ${result.right.events.map((e) => e.type).join(', ')} (revision ${result.right.nextRevision})`);
  } else {
    console.log(`✗ ${step.type.padEnd(22)} → refused: ${result.left.code}: ${result.left.message}`);
  }
}

const read = await store.readStream(streamIdOf(id))();
if (E.isLeft(read)) throw new Error(read.left.message);
const { evolve, initialState } = await import('@cim-complaints/core');
const state = read.right.events.reduce((s, e) => evolve(s, e.event), initialState);
console.log(`\n${id}: ${state.status}, policy ${state.policy}, handled by ${state.handler?.manager.name} (${state.department})`);
console.log(`outcome: ${state.response?.outcome}; actions: ${state.actions.map((a) => `${a.actionId} ${a.completedAt ? 'done' : 'open'}`).join(', ')}`);
