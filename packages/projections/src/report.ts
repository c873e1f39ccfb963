/**
 * The monitoring report (C11): one JSON document as of an instant, from the read models. Every
 * time-dependent judgement (SLA status, overdue actions, policy review) is made at `asOf`, and
 * events that happened after `asOf` are left out, so a report can be re-run for any past moment.
 *
 * @example
 * const report = buildReport({ received, caseFiles }, '2025-06-30T17:00:00+01:00');
 * // Right({ asOf, policy: { reference: 'CX097', version: 'V4', reviewOverdue: true, ... }, received: { total: 24, ... }, ... })
 */
import * as E from 'fp-ts/lib/Either.js';
import { Instant, defaultPolicyRegistry, type Complaint, type SlaReport, type SlaTargetId } from '@cim-complaints/core';
import { monthKeyOf } from './as-of.js';
import { actionsSummary, type ActionItem, type ActionsSummary } from './read-models/actions.js';
import { complaintsAsOf, type CaseFilesState } from './read-models/case-files.js';
import { caseworkSummary, type CaseworkSummary } from './read-models/casework.js';
import { openCaseload, type Caseload } from './read-models/caseload.js';
import { lifecycleCounts, standingOf, type LifecycleCounts, type Standing } from './read-models/lifecycle.js';
import { latestOutcome, outcomesSummary, type OutcomesSummary } from './read-models/outcomes.js';
import { policyInForce, type PolicyInForce } from './read-models/policy.js';
import { receivedSummary, type ReceivedEntry, type ReceivedState, type ReceivedSummary } from './read-models/received.js';
import { slaReports, targetCompliance, type SlaOptions, type SlaProblem, type TargetCompliance } from './read-models/sla.js';

/** The read models a report is built from: the states of `receivedProjection` and `caseFilesProjection`. */
export interface MonitoringModels {
  readonly received: ReceivedState;
  readonly caseFiles: CaseFilesState;
}

export interface ReportOptions extends SlaOptions {
  /** Problems found while reading the store (unreadable events), listed first under `problems`. */
  readonly readProblems?: readonly SlaProblem[];
}

/** One complaint as a flat row (the CSV renderer writes one per complaint). */
export interface ComplaintRow extends ReceivedEntry {
  readonly complaintId: string;
  readonly status: string;
  readonly standing: Standing;
  readonly department: string;
  readonly handler: string | null;
  readonly acknowledgementStatus: string;
  readonly acknowledgementDue: string | null;
  readonly acknowledgementWorkingDays: number | null;
  readonly responseStatus: string;
  readonly responseDue: string | null;
  readonly responseWorkingDays: number | null;
  readonly outcome: string | null;
  readonly actionsTotal: number;
  readonly actionsOpen: number;
  readonly reopenings: number;
  readonly regulatorReferrals: string;
}

export interface MonitoringReport extends Omit<LifecycleCounts, 'byStatus'>, CaseworkSummary {
  readonly asOf: string;
  readonly policy: (PolicyInForce & { readonly complaintsByVersion: Record<string, number> }) | null;
  readonly received: ReceivedSummary;
  readonly acknowledgement: TargetCompliance;
  readonly response: TargetCompliance;
  readonly outcomes: OutcomesSummary;
  readonly actions: ActionsSummary;
  /** Every complaint received by `asOf`, by the domain's status. */
  readonly byStatus: LifecycleCounts['byStatus'];
  readonly referredToStudyCentre: number;
  readonly caseload: Caseload;
  readonly complaints: readonly ComplaintRow[];
  /** Complaints whose SLA could not be evaluated; they count nowhere in `acknowledgement`/`response`. */
  readonly problems: readonly SlaProblem[];
}

export interface ReportError {
  readonly _tag: 'ReportError';
  readonly code: 'invalid-instant';
  readonly message: string;
}

const rowOf = (c: Complaint, sla: SlaReport | undefined, actions: readonly ActionItem[]): ComplaintRow => {
  const target = (id: SlaTargetId) => sla?.targets[id];
  return {
    complaintId: c.complaintId,
    receivedAt: c.receivedAt,
    month: monthKeyOf(c.receivedAt),
    channel: c.channel,
    businessArea: c.businessArea,
    relationship: c.complainant.relationship,
    policy: c.policy,
    status: c.status,
    standing: standingOf(c),
    department: c.department,
    handler: c.handler?.manager.name ?? null,
    acknowledgementStatus: target('acknowledgement')?.status ?? 'unknown',
    acknowledgementDue: target('acknowledgement')?.dueDate ?? null,
    acknowledgementWorkingDays: target('acknowledgement')?.workingDaysUsed ?? null,
    responseStatus: target('response')?.status ?? 'unknown',
    responseDue: target('response')?.dueDate ?? null,
    responseWorkingDays: target('response')?.workingDaysUsed ?? null,
    outcome: latestOutcome(c) ?? null,
    actionsTotal: actions.length,
    actionsOpen: actions.filter((a) => a.status === 'open').length,
    reopenings: c.reopenings.length,
    regulatorReferrals: c.regulatorReferrals.map((r) => r.regulator).join(' '),
  };
};

/** Builds the monitoring report as of an instant; Left if `asOf` is not an ISO instant with offset. */
export const buildReport = (models: MonitoringModels, asOf: string, options: ReportOptions = {}): E.Either<ReportError, MonitoringReport> => {
  if (!Instant.is(asOf)) return E.left({ _tag: 'ReportError', code: 'invalid-instant', message: `asOf: expected an ISO-8601 instant with offset, got ${JSON.stringify(asOf)}` });
  const registry = options.registry ?? defaultPolicyRegistry;
  const complaints = complaintsAsOf(models.caseFiles, asOf);
  const received = receivedSummary(models.received, asOf);
  const { reports, problems } = slaReports(models.caseFiles, asOf, options);
  const lifecycle = lifecycleCounts(complaints);
  const actions = actionsSummary(complaints, asOf);
  const policy = policyInForce(registry, asOf);
  const actionsOf = new Map<string, ActionItem[]>();
  for (const item of actions.items) actionsOf.set(item.complaintId, [...(actionsOf.get(item.complaintId) ?? []), item]);
  return E.right({
    asOf,
    policy: policy === null ? null : { ...policy, complaintsByVersion: received.byPolicy },
    received,
    acknowledgement: targetCompliance(reports, 'acknowledgement'),
    response: targetCompliance(reports, 'response'),
    outcomes: outcomesSummary(complaints),
    actions,
    open: lifecycle.open,
    closed: lifecycle.closed,
    withdrawn: lifecycle.withdrawn,
    redirected: lifecycle.redirected,
    referredToStudyCentre: lifecycle.referredToStudyCentre,
    byStatus: lifecycle.byStatus,
    ...caseworkSummary(complaints),
    caseload: openCaseload(complaints, reports),
    complaints: complaints.map((c) => rowOf(c, reports[c.complaintId], actionsOf.get(c.complaintId) ?? [])),
    problems: [...(options.readProblems ?? []), ...problems],
  });
};
