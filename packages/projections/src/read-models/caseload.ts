/**
 * The open caseload as of an instant: every open complaint with its handler and both targets'
 * status in its current opening, most urgent first (stalled, overdue, then due soon, then by the
 * earliest due date), so a manager sees what is stuck, due soon or overdue today.
 *
 * Stalled (DOMAIN "Stalled"): the current opening (the receipt, or the latest reopening) has
 * neither an investigation decision nor a response `policy.stalledAfterWorkingDays` working days
 * after its effective day. Core's SLA engine says so (`SlaOpeningReport.stall`); this module does
 * no working-day arithmetic.
 *
 * @example
 * openCaseload(complaintsAsOf(caseFiles, asOf), slaReports(caseFiles, asOf).reports).cases[0];
 * // { complaintId: 'c-07', urgency: 'overdue', handler: { name: 'Priya Shah', ... }, acknowledgement: { status: 'met', ... }, response: { status: 'overdue', dueDate: '2025-06-30', workingDaysLeft: -2 } }
 */
import { isOpenCase, type ComplaintStatus, type SlaStatus, type SlaTargetId } from '@cim-complaints/core';
import type { ReportedComplaint, ReportedSla } from './reported-case.js';

export interface TargetStanding {
  readonly status: SlaStatus | 'unknown';
  readonly dueDate: string | null;
  readonly workingDaysUsed: number | null;
  readonly workingDaysLeft: number | null;
}

/** How urgent an open case is: a target's status, `unknown` (the SLA could not be evaluated) or `stalled`. */
export type Urgency = SlaStatus | 'unknown' | 'stalled';

export interface CaseloadEntry {
  readonly complaintId: string;
  readonly status: ComplaintStatus;
  readonly receivedAt: string;
  /** When the current opening began: the receipt, or the latest reopening. */
  readonly openedAt: string;
  readonly reopened: boolean;
  readonly businessArea: string;
  readonly department: string;
  readonly handler: { readonly id: string; readonly name: string; readonly department: string } | null;
  readonly acknowledgement: TargetStanding;
  /** The current opening's response target. */
  readonly response: TargetStanding;
  /** The last working day the current opening may go without an investigation decision or a response, while it may still stall. */
  readonly stallLimit: string | null;
  readonly stalled: boolean;
  /** `stalled` when stalled, otherwise the more urgent of the two targets' statuses. */
  readonly urgency: Urgency;
}

export interface Caseload {
  readonly total: number;
  /** Open cases that have stalled. */
  readonly stalled: number;
  readonly byStatus: Partial<Record<ComplaintStatus, number>>;
  readonly byUrgency: Partial<Record<Urgency, number>>;
  readonly cases: readonly CaseloadEntry[];
}

// most urgent first: a stalled case has had no decision for weeks; 'unknown' (the SLA could not be evaluated) is shown near the top to be looked at
const URGENCY: readonly Urgency[] = ['stalled', 'overdue', 'unknown', 'due-soon', 'pending', 'missed', 'met', 'stopped', 'not-applicable'];
const rank = (s: Urgency): number => URGENCY.indexOf(s);

const standingOf = (report: ReportedSla | undefined, target: SlaTargetId): TargetStanding => {
  const t = report?.targets[target];
  return t === undefined
    ? { status: 'unknown', dueDate: null, workingDaysUsed: null, workingDaysLeft: null }
    : { status: t.status, dueDate: t.dueDate, workingDaysUsed: t.workingDaysUsed, workingDaysLeft: t.workingDaysLeft };
};

// the due date that matters next: of a target still running
const nextDue = (e: CaseloadEntry): string => {
  const running = [e.acknowledgement, e.response].filter((t) => t.status === 'overdue' || t.status === 'due-soon' || t.status === 'pending');
  return running.map((t) => t.dueDate ?? '9999-12-31').sort()[0] ?? '9999-12-31';
};

/** The open complaints with their handlers and targets, most urgent first. */
export const openCaseload = (complaints: readonly ReportedComplaint[], reports: Readonly<Record<string, ReportedSla>>): Caseload => {
  const cases = complaints.filter(isOpenCase).map((c): CaseloadEntry => {
    const report = reports[c.complaintId];
    const current = report?.openings[report.openings.length - 1];
    const acknowledgement = standingOf(report, 'acknowledgement');
    const response = standingOf(report, 'response');
    const stalled = current?.stall?.stalled === true;
    const reopening = c.reopenings[c.reopenings.length - 1];
    return {
      complaintId: c.complaintId,
      status: c.status,
      receivedAt: c.receivedAt,
      openedAt: reopening?.at ?? c.receivedAt,
      reopened: reopening !== undefined,
      businessArea: c.businessArea,
      department: c.department,
      handler: c.handler === undefined ? null : { id: c.handler.manager.id, name: c.handler.manager.name, department: c.handler.department },
      acknowledgement,
      response,
      stallLimit: current?.stall?.limitDate ?? null,
      stalled,
      urgency: stalled ? 'stalled' : rank(acknowledgement.status) <= rank(response.status) ? acknowledgement.status : response.status,
    };
  });
  // each case's next due date worked out once, not in every comparison
  const due = new Map(cases.map((e) => [e, nextDue(e)]));
  cases.sort((a, b) => rank(a.urgency) - rank(b.urgency) || (due.get(a)! < due.get(b)! ? -1 : due.get(a)! > due.get(b)! ? 1 : 0) || (a.complaintId < b.complaintId ? -1 : 1));
  const byStatus: Partial<Record<ComplaintStatus, number>> = {};
  const byUrgency: Partial<Record<Urgency, number>> = {};
  for (const e of cases) {
    byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
    byUrgency[e.urgency] = (byUrgency[e.urgency] ?? 0) + 1;
  }
  return { total: cases.length, stalled: cases.filter((e) => e.stalled).length, byStatus, byUrgency, cases };
};
