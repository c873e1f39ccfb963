/**
 * C12, C13: the SLA engine's verdicts as findings, per opening. A target is `missed` when it was
 * done after its due day, or (the engine's `stopped` after the due day) never done before the
 * opening ended; `overdue` when it is still not done past its due day; an opening `stalled` has
 * neither an investigation decision nor a response past the policy's stall limit. Each finding
 * names the opening's start, the event that did the target (if any) and the one that ended it.
 *
 * @example
 * deadlineFindings(record, slaReport);
 * // [{ code: 'acknowledgement-missed', clause: 'C12', opening: 0, dates: { dueDate: '2025-06-09', doneAt: '2025-06-10T10:00:00+01:00', ... } }]
 */
import type { EventType } from '../complaint/events.js';
import type { SlaTargetId } from '../policy/policy.js';
import type { SlaOpeningReport, SlaReport, SlaTargetReport } from '../sla/evaluate.js';
import { finding, findingCatalogue, type Finding, type FindingCode, type FindingEvent } from './findings.js';
import { isEarlier, type CaseRecord } from './record.js';

const CODES: Record<SlaTargetId, { readonly missed: FindingCode; readonly overdue: FindingCode; readonly doneBy: EventType }> = {
  acknowledgement: { missed: 'acknowledgement-missed', overdue: 'acknowledgement-overdue', doneBy: 'ComplaintAcknowledged' },
  response: { missed: 'response-missed', overdue: 'response-overdue', doneBy: 'ResponseIssued' },
};

/** The first event of a type recorded in an opening, as the SLA facts take it. */
const firstIn = (record: CaseRecord, opening: number, type: EventType): FindingEvent | undefined => record.steps.find((s) => s.opening === opening && s.event.type === type)?.ref;

/** The receipt, or the reopening that began opening `n`. */
const openedBy = (record: CaseRecord, n: number): FindingEvent | undefined =>
  n === 0 ? record.receipt.ref : record.steps.find((s) => s.event.type === 'ComplaintReopened' && s.opening === n)?.ref;

/** The event that ended an opening, as the report gives its instant. */
const endOf = (record: CaseRecord, opening: number, o: SlaOpeningReport): FindingEvent | undefined =>
  o.ended === null ? undefined : record.steps.find((s) => s.opening === opening && s.ref.at === o.ended!.at && ['ComplaintClosed', 'ComplaintWithdrawn', 'ComplaintRedirected', 'ComplaintReferredToStudyCentre'].includes(s.event.type))?.ref;

const openingName = (o: SlaOpeningReport, n: number): string => (n === 0 ? `received ${o.openedAt}` : `reopened ${o.openedAt}`);

/** One target's finding, if it was missed or is overdue. */
const targetFinding = (record: CaseRecord, o: SlaOpeningReport, n: number, t: SlaTargetReport): Finding[] => {
  const codes = CODES[t.target];
  if (t.dueAt === null || t.dueDate === null) return [];
  const id = record.receipt.event.data.complaintId;
  const done = t.doneAt === null ? undefined : firstIn(record, n, codes.doneBy);
  const dates = { startedAt: t.startedAt ?? undefined, dueDate: t.dueDate, dueAt: t.dueAt, doneAt: t.doneAt ?? undefined, endedAt: t.status === 'stopped' ? o.ended?.at : undefined };
  const due = `its due day ${t.dueDate} (${t.workingDaysAllowed} working days from ${t.effectiveStartDate ?? t.startDate})`;
  // the event that ended the opening matters only to a target it stopped
  const base = { at: t.dueAt, dates, events: [openedBy(record, n), done, t.status === 'stopped' ? endOf(record, n, o) : undefined], opening: n };
  const of = `the ${t.target} of the opening ${openingName(o, n)}`;
  switch (t.status) {
    case 'missed':
      return [finding(codes.missed, id, { ...base, message: `${of} was done at ${t.doneAt}, after ${due} (${findingCatalogue[codes.missed].clause})` })];
    case 'overdue':
      return [finding(codes.overdue, id, { ...base, message: `${of} is still not done, past ${due}; ${t.workingDaysUsed ?? '?'} working days used (${findingCatalogue[codes.overdue].clause})` })];
    case 'stopped':
      // ended after the due day without the target done: the deadline passed while the case was open
      return o.ended !== null && isEarlier(t.dueAt, o.ended.at)
        ? [finding(codes.missed, id, { ...base, message: `${of} was never done: ${due} passed before the case was ${o.ended.how} at ${o.ended.at} (${findingCatalogue[codes.missed].clause})` })]
        : [];
    case 'pending':
    case 'due-soon':
    case 'met':
    case 'not-applicable':
      return [];
  }
};

/** One opening's stall, if it has stalled. */
const stallFinding = (record: CaseRecord, o: SlaOpeningReport, n: number): Finding[] => {
  if (o.stall === null || !o.stall.stalled) return [];
  return [
    finding('stalled', record.receipt.event.data.complaintId, {
      message: `the opening ${openingName(o, n)} has had neither an investigation decision nor a response by ${o.stall.limitDate}, ${o.stall.workingDays} working days on (C13)`,
      at: o.stall.limitAt,
      dates: { openedAt: o.openedAt, limitDate: o.stall.limitDate, limitAt: o.stall.limitAt },
      events: [openedBy(record, n)],
      opening: n,
    }),
  ];
};

/** Every target missed or overdue, and every stalled opening, of an SLA report (C12, C13). */
export const deadlineFindings = (record: CaseRecord, report: SlaReport): Finding[] =>
  report.openings.flatMap((o, n) => [...Object.values(o.targets).flatMap((t) => (t === undefined ? [] : targetFinding(record, o, n, t))), ...stallFinding(record, o, n)]);
