// Two complaints a working day apart, either side of the date CX097 V5 takes effect: each is
// judged for its whole life under the version in force when it was received.
import { builtInCalendars, createCommandHandler, createDecider, createInMemoryEventStore, deadlinesFromReceipt, evaluateSla, nonWorkingDaysIn, streamIdOf, type Calendar } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { CX097_V5, registry } from './policy-v5.js';

const opened = createInMemoryEventStore();
if (E.isLeft(opened)) throw new Error(opened.left.message);
const store = opened.right;
// the decider chooses each receipt's policy from this registry
const handle = createCommandHandler({ store, clock: () => '2025-12-31T17:00:00Z', decider: createDecider(registry) });
const actor = { id: 'u-7', role: 'quality-and-complaints-manager' };

/** One complaint: received, acknowledged, assigned, investigated and answered at the given instants. */
const run = async (complaintId: string, at: { received: string; acknowledged: string; responded: string }) => {
  for (const step of [
    { type: 'ReceiveComplaint', at: at.received, channel: 'email', businessArea: 'training', summary: 'Course cancelled without notice',
      complainant: { name: 'Morag Reid', email: 'morag@example.org', relationship: 'other' } },
    { type: 'AcknowledgeComplaint', at: at.acknowledged, channel: 'email' },
    { type: 'AssignComplaint', at: at.acknowledged, department: 'Training', manager: { id: 'm-3', name: 'Iain Ross' } },
    { type: 'RequireInvestigation', at: at.acknowledged, reason: 'Check the cancellation notices' },
    { type: 'IssueResponse', at: at.responded, outcome: 'upheld', findings: 'The notice was never sent; fees refunded.', actions: [] },
  ]) {
    const done = await handle({ ...step, complaintId, commandId: `${complaintId}/${step.type}`, actor })();
    if (E.isLeft(done)) throw new Error(`${complaintId} ${step.type}: ${done.left.message}`);
  }
  const read = await store.readStream(streamIdOf(complaintId))();
  if (E.isLeft(read)) throw new Error(read.left.message);
  const sla = evaluateSla(registry)(read.right.events.map((e) => e.event), '2025-12-31T17:00:00Z');
  if (E.isLeft(sla)) throw new Error(sla.left.message);
  console.log(`${complaintId} received ${at.received}: judged under ${sla.right.policy}, ${sla.right.calendar} working days`);
  for (const t of Object.values(sla.right.targets)) console.log(`  ${t?.target} within ${t?.workingDaysAllowed}: due ${t?.dueDate}, ${t?.status}`);
};

for (const p of registry.policies) console.log(`${p.id} in force from ${p.effectiveFrom}: ${p.calendarId}, ${p.targets.map((t) => `${t.id} ${t.workingDays}`).join(', ')}`);
// Friday 14 November, before V5: V4's 5 and 20 working days on England and Wales' calendar
await run('CIM-2025-0901', { received: '2025-11-14T10:00:00Z', acknowledged: '2025-11-20T10:00:00Z', responded: '2025-12-09T10:00:00Z' });
// Monday 17 November, under V5: 3 and 15 working days in Scotland; the same 4 working days to acknowledge are now too many
await run('CIM-2025-0902', { received: '2025-11-17T10:00:00Z', acknowledged: '2025-11-21T10:00:00Z', responded: '2025-12-09T10:00:00Z' });

// What the Scottish calendar changed: V5's response deadline for the second receipt on England and Wales' days
const onEnglishDays = deadlinesFromReceipt(CX097_V5, builtInCalendars['england-and-wales'])('2025-11-17T10:00:00Z');
if (E.isLeft(onEnglishDays)) throw new Error(onEnglishDays.left.message);
const holidays = (calendar: Calendar) => pipe(nonWorkingDaysIn(2025)(calendar), E.getOrElseW(() => []));
const english = new Set(holidays(builtInCalendars['england-and-wales']).map((d) => d.date));
const scottishOnly = holidays(builtInCalendars.scotland).filter((d) => !english.has(d.date) && d.date >= '2025-11-17' && d.date <= '2025-12-09');
console.log(`CIM-2025-0902’s response on england-and-wales working days would be due ${onEnglishDays.right.targets.response?.dueDate}`);
for (const d of scottishOnly) console.log(`  Scotland alone stops on ${d.date}: ${d.name}${d.substitute ? ' (substitute day)' : ''}`);
