/**
 * A hand-worked month of CX097 monitoring: 23 complaints received between January and June 2025
 * (plus one received, and one response issued, after the report's instant), chosen to reach every
 * field of the report. The expected figures are worked by hand in scenario.int.spec.ts.
 *
 * England and Wales bank holidays in range: Wed 1 Jan, Fri 18 Apr, Mon 21 Apr, Mon 5 May, Mon 26 May 2025.
 */
import { inMemoryStore } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { createCommandHandler, type ComplaintCommand, type EventStore } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';

/** The report's instant: Tue 1 July 2025, noon in London. */
export const AS_OF = '2025-07-01T12:00:00+01:00';

const complainant = (relationship: 'member' | 'delegate' | 'other') => ({ name: 'A Complainant', email: 'someone@example.org', relationship });

const manager = (id: string, name: string) => ({ id, name });
const PRIYA = manager('m-priya', 'Priya Shah');
const TOM = manager('m-tom', 'Tom Reid');
const DANA = manager('m-dana', 'Dana Cole');
const SAM = manager('m-sam', 'Sam Okafor');
const LENA = manager('m-lena', 'Lena Varga');
const OMAR = manager('m-omar', 'Omar Haddad');

/** Every command of the scenario, in the order they happened. */
export const scenarioCommands = (): ComplaintCommand[] => {
  const all: ComplaintCommand[] = [];
  const add = (...cs: ComplaintCommand[]) => all.push(...cs);

  let c = commands('c-01');
  add(
    c.receive({ at: '2025-06-02T09:00:00+01:00', channel: 'email', complainant: complainant('member'), businessArea: 'membership' }),
    c.acknowledge({ at: '2025-06-04T09:00:00+01:00' }),
    c.assign({ at: '2025-06-04T10:00:00+01:00', department: 'Membership', manager: PRIYA }),
    c.requireInvestigation({ at: '2025-06-05T09:00:00+01:00' }),
    c.issueResponse({ at: '2025-06-27T15:00:00+01:00', outcome: 'upheld', actions: [{ actionId: 'a-1', description: 'Refund the duplicate renewal', owner: 'Finance', dueOn: '2025-06-30' }] }),
    c.completeAction({ at: '2025-06-30T09:00:00+01:00', actionId: 'a-1' }),
    c.close({ at: '2025-06-30T10:00:00+01:00' }),
  );

  c = commands('c-02');
  add(
    c.receive({ at: '2025-06-03T10:00:00+01:00', channel: 'post', complainant: complainant('member'), businessArea: 'membership' }),
    c.acknowledge({ at: '2025-06-10T16:00:00+01:00' }),
    c.assign({ at: '2025-06-11T09:00:00+01:00', department: 'Membership', manager: PRIYA }),
    c.issueResponse({ at: '2025-06-12T10:00:00+01:00', outcome: 'not-upheld' }),
    c.close({ at: '2025-06-13T10:00:00+01:00' }),
  );

  c = commands('c-03');
  add(
    c.receive({ at: '2025-06-04T14:00:00+01:00', channel: 'telephone', complainant: complainant('delegate'), businessArea: 'qualifications' }),
    c.assign({ at: '2025-06-05T09:00:00+01:00', department: 'Qualifications', manager: TOM }),
    c.acknowledge({ at: '2025-06-12T09:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-06-12T10:00:00+01:00' }),
  );

  c = commands('c-04');
  add(
    c.receive({ at: '2025-05-19T09:00:00+01:00', channel: 'email', complainant: complainant('other'), businessArea: 'training' }),
    c.acknowledge({ at: '2025-05-20T09:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-05-21T09:00:00+01:00' }),
    c.assign({ at: '2025-05-21T10:00:00+01:00', department: 'Training', manager: DANA }),
  );

  c = commands('c-05');
  add(
    c.receive({ at: '2025-06-06T16:00:00+01:00', channel: 'telephone', complainant: complainant('member'), businessArea: 'events' }),
    c.acknowledge({ at: '2025-06-16T09:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-06-16T10:00:00+01:00' }),
    // after the report's instant: left out of the report
    c.assign({ at: '2025-07-02T09:00:00+01:00', department: 'Events', manager: OMAR }),
    c.issueResponse({ at: '2025-07-03T10:00:00+01:00', outcome: 'upheld', actions: [{ actionId: 'a-1', description: 'Refund the ticket', owner: 'Events', dueOn: '2025-07-10' }] }),
  );

  c = commands('c-06');
  add(
    c.receive({ at: '2025-06-07T11:00:00+01:00', channel: 'email', complainant: complainant('delegate'), businessArea: 'membership' }),
    c.acknowledge({ at: '2025-06-16T11:00:00+01:00' }),
    c.withdraw({ at: '2025-06-20T11:00:00+01:00', reason: 'Resolved informally' }),
    c.close({ at: '2025-06-23T11:00:00+01:00' }),
  );

  c = commands('c-07');
  add(c.receive({ at: '2025-06-10T09:00:00+01:00', channel: 'email', complainant: complainant('other'), businessArea: 'business-centre' }));

  c = commands('c-08');
  add(
    c.receive({
      at: '2025-06-11T09:00:00+01:00',
      channel: 'post',
      complainant: complainant('delegate'),
      businessArea: 'accredited-study-centre',
      studyCentre: { name: 'Northfield College' },
    }),
  );

  c = commands('c-09');
  add(
    c.receive({
      at: '2025-06-02T11:00:00+01:00',
      channel: 'email',
      complainant: complainant('delegate'),
      businessArea: 'accredited-study-centre',
      studyCentre: { name: 'Southgate Institute', ownProcedureCompletedOn: '2025-05-30' },
    }),
    c.acknowledge({ at: '2025-06-02T15:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-06-03T09:00:00+01:00' }),
    c.assign({ at: '2025-06-03T10:00:00+01:00', department: 'Accredited Study Centres', manager: LENA }),
    c.issueResponse({ at: '2025-06-23T12:00:00+01:00', outcome: 'not-upheld' }),
    c.close({ at: '2025-06-24T09:00:00+01:00' }),
  );

  c = commands('c-10');
  add(
    c.receive({ at: '2025-05-12T09:00:00+01:00', channel: 'email', complainant: complainant('delegate'), businessArea: 'awarding-body', regulator: 'ofqual' }),
    c.acknowledge({ at: '2025-05-14T09:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-05-14T10:00:00+01:00' }),
    c.assign({ at: '2025-05-14T11:00:00+01:00', department: 'Awarding Body', manager: SAM }),
    c.recordAssessmentFailure({ at: '2025-05-20T09:00:00+01:00', failureId: 'af-1' }),
    c.recordAssessmentRemediation({ at: '2025-05-28T09:00:00+01:00', failureId: 'af-1' }),
    c.issueResponse({
      at: '2025-06-06T14:00:00+01:00',
      outcome: 'upheld',
      actions: [
        { actionId: 'a-1', description: 'Reissue the results', owner: 'Awarding Body', dueOn: '2025-06-13' },
        { actionId: 'a-2', description: 'Retrain the markers', owner: 'Chief Examiner', dueOn: '2025-06-20' },
      ],
    }),
    c.recordRegulatorReferral({ at: '2025-06-09T10:00:00+01:00', regulator: 'ofqual' }),
    c.close({ at: '2025-06-09T11:00:00+01:00' }),
    c.completeAction({ at: '2025-06-12T09:00:00+01:00', actionId: 'a-1' }),
  );

  c = commands('c-11');
  add(
    c.receive({ at: '2025-06-02T10:00:00+01:00', channel: 'post', complainant: complainant('member'), businessArea: 'awarding-body', regulator: 'ccea' }),
    c.acknowledge({ at: '2025-06-09T09:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-06-09T10:00:00+01:00' }),
    c.assign({ at: '2025-06-09T11:00:00+01:00', department: 'Awarding Body', manager: SAM }),
    c.recordAssessmentFailure({ at: '2025-06-16T09:00:00+01:00', failureId: 'af-1' }),
  );

  c = commands('c-12');
  add(
    c.receive({ at: '2025-04-03T09:00:00+01:00', channel: 'email', complainant: complainant('member'), businessArea: 'qualifications' }),
    c.acknowledge({ at: '2025-04-10T09:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-04-10T10:00:00+01:00' }),
    c.assign({ at: '2025-04-10T11:00:00+01:00', department: 'Qualifications', manager: TOM }),
    c.issueResponse({ at: '2025-05-07T09:00:00+01:00', outcome: 'partially-upheld' }),
    c.close({ at: '2025-05-08T09:00:00+01:00' }),
  );

  c = commands('c-13');
  add(
    c.receive({ at: '2025-04-15T10:00:00+01:00', channel: 'telephone', complainant: complainant('other'), businessArea: 'membership' }),
    c.acknowledge({ at: '2025-04-16T10:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-04-16T11:00:00+01:00' }),
    c.assign({ at: '2025-04-16T12:00:00+01:00', department: 'Membership', manager: PRIYA }),
    c.issueResponse({ at: '2025-05-12T10:00:00+01:00', outcome: 'not-upheld' }),
    c.close({ at: '2025-05-13T10:00:00+01:00' }),
    c.reopen({ at: '2025-05-20T10:00:00+01:00' }),
    c.issueResponse({ at: '2025-06-02T10:00:00+01:00', outcome: 'upheld' }),
    c.close({ at: '2025-06-03T10:00:00+01:00' }),
  );

  c = commands('c-14');
  add(
    c.receive({ at: '2025-06-23T09:00:00+01:00', channel: 'email', complainant: complainant('member'), businessArea: 'training' }),
    c.acknowledge({ at: '2025-06-24T09:00:00+01:00' }),
  );

  c = commands('c-15');
  add(c.receive({ at: '2025-06-27T17:30:00+01:00', channel: 'email', complainant: complainant('delegate'), businessArea: 'events' }));

  c = commands('c-16');
  add(c.receive({ at: '2025-06-24T09:00:00+01:00', channel: 'post', complainant: complainant('member'), businessArea: 'membership' }));

  c = commands('c-17');
  add(c.receive({ at: '2025-06-18T09:00:00+01:00', channel: 'email', complainant: complainant('other'), businessArea: 'qualifications' }));

  c = commands('c-18');
  add(
    c.receive({ at: '2025-01-09T10:00:00Z', channel: 'telephone', complainant: complainant('delegate'), businessArea: 'training' }),
    c.acknowledge({ at: '2025-01-10T10:00:00Z' }),
    c.requireInvestigation({ at: '2025-01-10T11:00:00Z' }),
    c.assign({ at: '2025-01-10T12:00:00Z', department: 'Training', manager: DANA }),
    c.issueResponse({ at: '2025-01-30T10:00:00Z', outcome: 'not-upheld' }),
    c.close({ at: '2025-01-31T10:00:00Z' }),
    c.declineFurtherCorrespondence({ at: '2025-02-10T10:00:00Z' }),
  );

  c = commands('c-19');
  add(
    c.receive({ at: '2025-03-10T09:00:00Z', channel: 'telephone', complainant: complainant('member'), businessArea: 'awarding-body', regulator: 'qualifications-wales' }),
    c.acknowledge({ at: '2025-03-11T09:00:00Z' }),
    c.requireInvestigation({ at: '2025-03-11T10:00:00Z' }),
    c.assign({ at: '2025-03-11T11:00:00Z', department: 'Awarding Body', manager: SAM }),
    c.issueResponse({ at: '2025-03-28T10:00:00Z', outcome: 'not-upheld' }),
    c.recordRegulatorReferral({ at: '2025-03-31T09:00:00+01:00', regulator: 'qualifications-wales' }),
    c.close({ at: '2025-03-31T10:00:00+01:00' }),
  );

  c = commands('c-20');
  add(
    c.receive({ at: '2025-05-05T10:00:00+01:00', channel: 'post', complainant: complainant('other'), businessArea: 'events' }),
    c.acknowledge({ at: '2025-05-07T10:00:00+01:00' }),
    c.withdraw({ at: '2025-05-09T10:00:00+01:00' }),
  );

  c = commands('c-21');
  add(
    c.receive({ at: '2025-01-01T12:00:00Z', channel: 'email', complainant: complainant('member'), businessArea: 'membership' }),
    c.acknowledge({ at: '2025-01-15T12:00:00Z' }),
    c.assign({ at: '2025-01-15T13:00:00Z', department: 'Membership', manager: PRIYA }),
    c.issueResponse({ at: '2025-01-20T12:00:00Z', outcome: 'upheld', actions: [{ actionId: 'a-1', description: 'Correct the membership record', owner: 'Membership team', dueOn: '2025-02-28' }] }),
    c.close({ at: '2025-01-21T12:00:00Z' }),
    c.completeAction({ at: '2025-03-05T12:00:00Z', actionId: 'a-1' }),
  );

  c = commands('c-22');
  add(
    c.receive({ at: '2025-05-20T09:00:00+01:00', channel: 'telephone', complainant: complainant('delegate'), businessArea: 'qualifications' }),
    c.acknowledge({ at: '2025-05-22T09:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-05-22T10:00:00+01:00' }),
    c.withdraw({ at: '2025-05-28T09:00:00+01:00' }),
    c.close({ at: '2025-05-29T09:00:00+01:00' }),
  );

  c = commands('c-23');
  add(
    c.receive({ at: '2025-06-16T09:00:00+01:00', channel: 'email', complainant: complainant('other'), businessArea: 'training' }),
    c.assign({ at: '2025-06-16T10:00:00+01:00', department: 'Training', manager: DANA }),
    c.acknowledge({ at: '2025-06-20T09:00:00+01:00' }),
    c.requireInvestigation({ at: '2025-06-20T10:00:00+01:00' }),
    c.issueResponse({ at: '2025-06-30T15:00:00+01:00', outcome: 'partially-upheld', actions: [{ actionId: 'a-1', description: 'Update the course materials', owner: 'Training lead', dueOn: '2025-07-31' }] }),
  );

  // received after the report's instant: not in the report at all
  c = commands('c-24');
  add(c.receive({ at: '2025-07-02T09:00:00+01:00', channel: 'email', complainant: complainant('member'), businessArea: 'membership' }));

  return all.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
};

/** The second scenario's instant: Thu 15 January 2026, noon in London (GMT). */
export const REOPENINGS_AS_OF = '2026-01-15T12:00:00Z';

/**
 * A second hand-worked set, for what counts per opening: cases reopened (one over Christmas, one
 * answered and then left overdue for months), open cases stalled after their receipt or their
 * reopening, assessment failures outstanding on a withdrawn and on a closed case, and a complaint by a
 * channel the policy does not list. The expected
 * figures are worked by hand in reopenings.int.spec.ts.
 */
export const reopeningsCommands = (): ComplaintCommand[] => {
  const all: ComplaintCommand[] = [];
  const add = (...cs: ComplaintCommand[]) => all.push(...cs);

  let c = commands('r-01');
  add(
    c.receive({ at: '2025-01-06T10:00:00Z', channel: 'email', complainant: complainant('member'), businessArea: 'membership' }),
    c.acknowledge({ at: '2025-01-07T10:00:00Z' }),
    c.assign({ at: '2025-01-07T11:00:00Z', department: 'Membership', manager: PRIYA }),
    c.requireInvestigation({ at: '2025-01-08T10:00:00Z' }),
    c.issueResponse({ at: '2025-01-20T10:00:00Z', outcome: 'not-upheld' }),
    c.close({ at: '2025-01-21T10:00:00Z' }),
    c.reopen({ at: '2025-02-03T10:00:00Z' }),
    c.requireInvestigation({ at: '2025-02-04T10:00:00Z' }),
  );

  c = commands('r-02');
  add(
    c.receive({ at: '2025-11-03T10:00:00Z', channel: 'post', complainant: complainant('delegate'), businessArea: 'qualifications' }),
    c.acknowledge({ at: '2025-11-04T10:00:00Z' }),
    c.assign({ at: '2025-11-04T11:00:00Z', department: 'Qualifications', manager: TOM }),
    c.requireInvestigation({ at: '2025-11-05T10:00:00Z' }),
    c.issueResponse({ at: '2025-11-20T10:00:00Z', outcome: 'partially-upheld' }),
    c.close({ at: '2025-11-21T10:00:00Z' }),
    c.reopen({ at: '2025-12-25T10:00:00Z' }),
    c.requireInvestigation({ at: '2025-12-29T09:00:00Z' }),
  );

  c = commands('r-03');
  add(
    c.receive({ at: '2025-12-01T09:00:00Z', channel: 'telephone', complainant: complainant('other'), businessArea: 'training' }),
    c.acknowledge({ at: '2025-12-09T09:00:00Z' }),
  );

  c = commands('r-04');
  add(
    c.receive({ at: '2025-09-01T09:00:00+01:00', channel: 'email', complainant: complainant('member'), businessArea: 'events' }),
    c.acknowledge({ at: '2025-09-02T09:00:00+01:00' }),
    c.assign({ at: '2025-09-02T10:00:00+01:00', department: 'Events', manager: OMAR }),
    c.issueResponse({ at: '2025-09-10T09:00:00+01:00', outcome: 'upheld' }),
    c.close({ at: '2025-09-11T09:00:00+01:00' }),
    c.reopen({ at: '2025-12-03T10:00:00Z' }),
  );

  c = commands('r-05');
  add(
    c.receive({ at: '2025-10-06T09:00:00+01:00', channel: 'email', complainant: complainant('delegate'), businessArea: 'awarding-body', regulator: 'ofqual' }),
    c.acknowledge({ at: '2025-10-07T09:00:00+01:00' }),
    c.assign({ at: '2025-10-07T10:00:00+01:00', department: 'Awarding Body', manager: SAM }),
    c.requireInvestigation({ at: '2025-10-08T09:00:00+01:00' }),
    c.recordAssessmentFailure({ at: '2025-10-10T09:00:00+01:00', failureId: 'af-1' }),
    c.withdraw({ at: '2025-10-15T09:00:00+01:00' }),
  );

  c = commands('r-06');
  add(
    c.receive({ at: '2025-11-03T09:00:00Z', channel: 'post', complainant: complainant('member'), businessArea: 'awarding-body', regulator: 'ccea' }),
    c.acknowledge({ at: '2025-11-04T09:00:00Z' }),
    c.assign({ at: '2025-11-04T10:00:00Z', department: 'Awarding Body', manager: SAM }),
    c.issueResponse({ at: '2025-11-14T09:00:00Z', outcome: 'not-upheld' }),
    c.close({ at: '2025-11-17T09:00:00Z' }),
    // found after the close: recorded all the same (C16), and outstanding
    c.recordAssessmentFailure({ at: '2025-12-01T09:00:00Z', failureId: 'af-2', assessment: 'Level 6 Diploma, June sitting' }),
  );

  // by a channel CX097 V4 does not list: recorded and flagged (C1)
  c = commands('r-07');
  add(c.receive({ at: '2026-01-14T15:00:00Z', channel: 'web-form', complainant: complainant('member'), businessArea: 'membership' }));

  return all.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
};

/** A store holding a scenario (default: the first); throws if any command is refused (a scenario must be valid). */
export const scenarioStore = async (scenario: () => ComplaintCommand[] = scenarioCommands): Promise<EventStore> => {
  const store = inMemoryStore();
  const handle = createCommandHandler({ store, clock: () => '2026-07-31T00:00:00Z' });
  for (const command of scenario()) {
    const result = await handle(command)();
    if (E.isLeft(result)) throw new Error(`scenario command ${command.commandId} was refused: ${result.left.message}`);
  }
  return store;
};
