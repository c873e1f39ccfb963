/**
 * The invariants the decider enforces, read off a folded state: what must hold of any case the
 * decider accepted, and (the business-time law) of that case as it stood at any instant, folded
 * from the events with `at` at or before it. Each broken invariant is one sentence naming the
 * instants involved; an empty list means the state is lawful.
 *
 * Same-instant steps are recorded in either order, so where an order is only known by recording
 * (a letter at the very instant of a close), the checks accept both.
 *
 * @example
 * invariantsBroken(fold(historyAsOf(history, asOf))); // [] for every accepted history and instant
 */
import { instantMillis, isInForceAt, latestReopening, samePersonal, type Complaint, type ComplaintState, type Instant, type Personal } from '@cim-complaints/core';

const ms = (at: string): number => instantMillis(at);
const after = (a: string, b: string): boolean => ms(a) > ms(b);
/** Strictly between two instants; `until` undefined is the open end. */
const strictlyWithin = (at: string, from: string, until: string | undefined): boolean => after(at, from) && (until === undefined || after(until, at));

/** Every dated thing on the case, named, for the receipt check. */
const datedSteps = (c: Complaint): [string, Instant][] => [
  ...(c.acknowledgedAt === undefined ? [] : [['the acknowledgement', c.acknowledgedAt] as [string, Instant]]),
  ...c.assignments.map((a): [string, Instant] => [`the assignment to ${a.manager.id}`, a.assignedAt]),
  ...(c.investigation === undefined ? [] : [['the investigation decision', c.investigation.requiredAt] as [string, Instant]]),
  ...c.responses.map((r): [string, Instant] => ['a response', r.respondedAt]),
  ...c.thirdParties.map((a): [string, Instant] => [`${a.party.name}'s authorisation`, a.authorisedAt]),
  ...c.correspondence.map((l): [string, Instant] => ['a letter', l.at]),
  ...c.assessmentFailures.map((f): [string, Instant] => [`failure ${f.failureId}`, f.identifiedAt]),
  ...(c.withdrawnAt === undefined ? [] : [['the withdrawal', c.withdrawnAt] as [string, Instant]]),
  ...c.closures.map((k): [string, Instant] => ['a close', k.at]),
  ...c.reopenings.map((r): [string, Instant] => ['a reopening', r.at]),
  ...c.declines.map((d): [string, Instant] => ['a decline', d.at]),
  ...c.regulatorReferrals.map((r): [string, Instant] => [`the referral to ${r.regulator}`, r.at]),
];

const afterReceipt = (c: Complaint): string[] =>
  datedSteps(c)
    .filter(([, at]) => after(c.receivedAt, at))
    .map(([what, at]) => `${what} at ${at} precedes the receipt at ${c.receivedAt}`);

/** Whether an authorisation of the party was in force at the instant (C4). */
const authorisedAt = (c: Complaint, partyName: Personal | undefined, at: Instant): boolean =>
  partyName !== undefined && c.thirdParties.some((a) => samePersonal(a.party.name, partyName) && isInForceAt(at)(a));

const lettersToThirdParties = (c: Complaint): string[] => [
  ...(c.acknowledgedAt !== undefined && c.acknowledgedTo?.to === 'third-party' && !authorisedAt(c, c.acknowledgedTo.partyName, c.acknowledgedAt)
    ? [`the acknowledgement at ${c.acknowledgedAt} went to ${c.acknowledgedTo.partyName}, not authorised then`]
    : []),
  ...c.responses
    .filter((r) => r.addressee.to === 'third-party' && !authorisedAt(c, r.addressee.partyName, r.respondedAt))
    .map((r) => `the response at ${r.respondedAt} went to ${r.addressee.partyName}, not authorised then`),
  ...c.correspondence
    .filter((l) => l.direction === 'outbound' && l.party === 'third-party' && !authorisedAt(c, l.partyName, l.at))
    .map((l) => `a letter at ${l.at} went to ${l.partyName}, not authorised then`),
];

const authorisationsApart = (c: Complaint): string[] =>
  c.thirdParties.flatMap((a, i) => [
    ...(a.withdrawnAt !== undefined && after(a.authorisedAt, a.withdrawnAt) ? [`${a.party.name}'s authorisation at ${a.authorisedAt} was withdrawn earlier, at ${a.withdrawnAt}`] : []),
    ...c.thirdParties
      .slice(i + 1)
      .filter((b) => samePersonal(b.party.name, a.party.name))
      .filter((b) => (a.withdrawnAt === undefined || after(a.withdrawnAt, b.authorisedAt)) && (b.withdrawnAt === undefined || after(b.withdrawnAt, a.authorisedAt)))
      .map((b) => `${a.party.name} holds two authorisations in force together (from ${a.authorisedAt} and ${b.authorisedAt})`),
  ]);

const responsesFollowWhatTheyNeed = (c: Complaint): string[] =>
  c.responses.flatMap((r) => [
    ...(c.acknowledgedAt === undefined ? [`a response at ${r.respondedAt} without an acknowledgement`] : after(c.acknowledgedAt, r.respondedAt) ? [`a response at ${r.respondedAt} precedes the acknowledgement at ${c.acknowledgedAt}`] : []),
    ...(r.handler === undefined ? [`a response at ${r.respondedAt} without a handler`] : after(r.handler.assignedAt, r.respondedAt) ? [`a response at ${r.respondedAt} precedes its handler's assignment at ${r.handler.assignedAt}`] : []),
  ]);

const currentOpeningInOrder = (c: Complaint): string[] => {
  const opened = latestReopening(c);
  const problems: string[] = [];
  if (c.response !== undefined && c.investigation !== undefined && after(c.investigation.requiredAt, c.response.respondedAt)) {
    problems.push(`the response at ${c.response.respondedAt} precedes this opening's investigation decision at ${c.investigation.requiredAt}`);
  }
  if (opened !== undefined) {
    if (c.response !== undefined && after(opened, c.response.respondedAt)) problems.push(`this opening's response at ${c.response.respondedAt} precedes its reopening at ${opened}`);
    if (c.investigation !== undefined && after(opened, c.investigation.requiredAt)) problems.push(`this opening's investigation decision at ${c.investigation.requiredAt} precedes its reopening at ${opened}`);
  }
  return problems;
};

/** Closes and reopenings alternate in time, and the status agrees with the last of them. */
const openingsAlternate = (c: Complaint): string[] => {
  const problems: string[] = [];
  const closed = c.status === 'closed';
  if (c.closures.length !== c.reopenings.length + (closed ? 1 : 0)) problems.push(`${c.closures.length} closes and ${c.reopenings.length} reopenings on a case that is ${c.status}`);
  if (closed && c.closedAt !== c.closures[c.closures.length - 1]?.at) problems.push(`closed at ${c.closedAt}, but the last close was at ${c.closures[c.closures.length - 1]?.at}`);
  c.reopenings.forEach((r, i) => {
    const closure = c.closures[i];
    if (closure !== undefined && after(closure.at, r.at)) problems.push(`the reopening at ${r.at} precedes the close at ${closure.at}`);
    const next = c.closures[i + 1];
    if (next !== undefined && after(r.at, next.at)) problems.push(`the close at ${next.at} precedes the reopening at ${r.at}`);
  });
  return problems;
};

const closesFollowWhatTheyNeed = (c: Complaint): string[] => {
  const problems: string[] = [];
  if (c.status === 'closed' && c.closedAt !== undefined) {
    if (c.resolution === 'responded' && (c.response === undefined || after(c.response.respondedAt, c.closedAt))) problems.push(`closed as responded at ${c.closedAt} without a response before it`);
    if (c.resolution === 'withdrawn' && (c.withdrawnAt === undefined || after(c.withdrawnAt, c.closedAt))) problems.push(`closed as withdrawn at ${c.closedAt} without a withdrawal before it`);
  }
  // C16: every failure found before a close was remediated by it (one found at its very instant may be recorded after it)
  for (const closure of c.closures) {
    for (const f of c.assessmentFailures) {
      if (!after(closure.at, f.identifiedAt)) continue;
      if (f.remediation === undefined || after(f.remediation.at, closure.at)) problems.push(`the close at ${closure.at} left failure ${f.failureId} (found ${f.identifiedAt}) unremediated`);
    }
  }
  return problems;
};

/** Steps that need an open case, none strictly inside a closed period or after the withdrawal. */
const openCaseStepsWhileOpen = (c: Complaint): string[] => {
  const steps: [string, Instant][] = [
    ...(c.acknowledgedAt === undefined ? [] : [['the acknowledgement', c.acknowledgedAt] as [string, Instant]]),
    ...c.assignments.map((a): [string, Instant] => ['an assignment', a.assignedAt]),
    ...(c.investigation === undefined ? [] : [['the investigation decision', c.investigation.requiredAt] as [string, Instant]]),
    ...c.responses.map((r): [string, Instant] => ['a response', r.respondedAt]),
  ];
  const closedPeriods = c.closures.map((k, i) => [k.at, c.reopenings[i]?.at] as const);
  const withdrawal = c.withdrawnAt;
  const withdrawnUntil = withdrawal === undefined ? undefined : c.reopenings.find((r) => !after(withdrawal, r.at))?.at;
  return steps.flatMap(([what, at]) => [
    ...closedPeriods.filter(([from, until]) => strictlyWithin(at, from, until)).map(([from]) => `${what} at ${at} falls after the close at ${from}`),
    ...(withdrawal !== undefined && strictlyWithin(at, withdrawal, withdrawnUntil) ? [`${what} at ${at} falls after the withdrawal at ${withdrawal}`] : []),
  ]);
};

/** C17: letters flagged after closure exactly when they fall in a closed period; nothing sent while declined. */
const correspondenceByClosure = (c: Complaint): string[] => {
  const closedPeriods = c.closures.map((k, i) => [k.at, c.reopenings[i]?.at] as const);
  const inClosed = (at: string) => closedPeriods.some(([from, until]) => !after(from, at) && (until === undefined || !after(at, until)));
  const strictlyInClosed = (at: string) => closedPeriods.some(([from, until]) => strictlyWithin(at, from, until));
  return [
    ...c.correspondence.filter((l) => l.afterClosure && !inClosed(l.at)).map((l) => `a letter at ${l.at} is flagged after closure, but the case was open`),
    ...c.correspondence.filter((l) => !l.afterClosure && strictlyInClosed(l.at)).map((l) => `a letter at ${l.at} is not flagged after closure, but the case was closed`),
    ...c.declines.flatMap((d) => {
      const lifted = c.reopenings[d.opening]?.at;
      return [
        ...(!inClosed(d.at) ? [`the decline at ${d.at} was taken on an open case`] : []),
        ...(lifted !== undefined && after(d.at, lifted) ? [`the reopening at ${lifted} precedes the decline at ${d.at} it lifted`] : []),
        ...c.correspondence.filter((l) => l.direction === 'outbound' && strictlyWithin(l.at, d.at, lifted)).map((l) => `a letter was sent at ${l.at}, after the decline at ${d.at}`),
      ];
    }),
    ...(c.furtherCorrespondenceDeclined !== undefined && (c.status !== 'closed' || c.resolution !== 'responded') ? ['further correspondence is declined on a case not closed with a response'] : []),
  ];
};

const remediationsAndActions = (c: Complaint): string[] => [
  ...c.assessmentFailures
    .filter((f) => f.remediation !== undefined && after(f.identifiedAt, f.remediation.at))
    .map((f) => `failure ${f.failureId} was remediated at ${f.remediation!.at}, before it was found at ${f.identifiedAt}`),
  ...c.actions.filter((a) => a.completedAt !== undefined && after(a.agreedAt, a.completedAt)).map((a) => `action ${a.actionId} was completed at ${a.completedAt}, before it was agreed at ${a.agreedAt}`),
];

const referrals = (c: Complaint): string[] =>
  c.regulatorReferrals.flatMap((r) => [
    ...(r.regulator !== c.regulator ? [`referred to ${r.regulator}, but the complaint answers to ${c.regulator ?? 'no regulator'}`] : []),
    ...(c.responses.some((x) => !after(x.respondedAt, r.at)) ? [] : [`the referral at ${r.at} precedes every response`]),
  ]);

/** Every invariant the decider enforces that the state breaks, one sentence each; `[]` when lawful. */
export const invariantsBroken = (state: ComplaintState): string[] => {
  if (state.status === 'none') return [];
  return [
    ...afterReceipt(state),
    ...lettersToThirdParties(state),
    ...authorisationsApart(state),
    ...responsesFollowWhatTheyNeed(state),
    ...currentOpeningInOrder(state),
    ...openingsAlternate(state),
    ...closesFollowWhatTheyNeed(state),
    ...openCaseStepsWhileOpen(state),
    ...correspondenceByClosure(state),
    ...remediationsAndActions(state),
    ...referrals(state),
  ];
};
