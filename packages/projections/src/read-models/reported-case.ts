/**
 * What the monitoring report reads of one case: the fields of core's `Complaint` and `SlaReport`
 * its figures, rows and lists use, and nothing else. Every read model of the report takes these
 * shapes, so it can be fed either the domain's own values (a case folded and evaluated as of an
 * instant) or a case's settled view.
 *
 * A case is settled once nothing about it can change with time: it is no longer open, every
 * target of every opening is done or will never run (met, missed, stopped, not applicable), no
 * opening can stall, and every agreed action is completed. From its last event on, its view is the
 * same as of any later instant, so a report can use the view worked out once instead of folding
 * its events and running the SLA engine again, and the settled cases can be saved summed (tally.ts).
 *
 * @example
 * const view = settledView(complaint, slaReport); // undefined while the case is open
 * isSettled(view.complaint, view.sla); // true
 */
import { isOpenCase, type Complaint, type SlaReport, type SlaStatus, type SlaTargetId, type SlaTargetReport } from '@cim-complaints/core';

type Item<A> = A extends readonly (infer T)[] ? T : never;

/** A target as the report reads it. */
export type ReportedTarget = Pick<SlaTargetReport, 'status' | 'dueDate' | 'workingDaysUsed' | 'workingDaysLeft'>;

/** A case's SLA as the report reads it: core's `SlaReport` is one. */
export interface ReportedSla {
  readonly targets: Partial<Record<SlaTargetId, ReportedTarget>>;
  readonly openings: readonly {
    readonly openedAt: string;
    readonly stall: { readonly stalled: boolean; readonly limitDate: string } | null;
    readonly targets: Partial<Record<SlaTargetId, ReportedTarget>>;
  }[];
}

type Action = Item<Complaint['actions']>;
type AssessmentFailure = Item<Complaint['assessmentFailures']>;

/** A complaint as the report reads it: core's `Complaint` is one. */
export interface ReportedComplaint
  extends Pick<
    Complaint,
    | 'status'
    | 'complaintId'
    | 'policy'
    | 'receivedAt'
    | 'channel'
    | 'channelOutsidePolicy'
    | 'businessArea'
    | 'department'
    | 'escalatedFromStudyCentre'
    | 'redirectedTo'
    | 'resolution'
  > {
  readonly complainant: Pick<Complaint['complainant'], 'relationship'>;
  readonly handler?: { readonly department: string; readonly manager: { readonly id: string; readonly name: string } };
  readonly responses: readonly Pick<Item<Complaint['responses']>, 'outcome'>[];
  readonly actions: readonly Pick<Action, 'actionId' | 'description' | 'owner' | 'dueOn' | 'agreedAt' | 'completedAt'>[];
  readonly reopenings: readonly Pick<Item<Complaint['reopenings']>, 'at'>[];
  readonly regulatorReferrals: readonly Pick<Item<Complaint['regulatorReferrals']>, 'regulator'>[];
  /** `remediation` only says whether there is one. */
  readonly assessmentFailures: readonly (Pick<AssessmentFailure, 'failureId' | 'assessment' | 'identifiedAt'> & { readonly remediation?: unknown })[];
  /** Only whether a decision to decline further correspondence stands. */
  readonly furtherCorrespondenceDeclined?: unknown;
}

/** A settled case as the report reads it, whatever the instant after its last event. */
export interface SettledView {
  readonly complaint: ReportedComplaint;
  readonly sla: ReportedSla;
}

// statuses that no later instant changes
const DONE: ReadonlySet<SlaStatus> = new Set<SlaStatus>(['met', 'missed', 'stopped', 'not-applicable']);

const targetsDone = (targets: Partial<Record<SlaTargetId, ReportedTarget>>): boolean => Object.values(targets).every((t) => t === undefined || DONE.has(t.status));

/** Whether nothing the report reads of the case can change with time (see the module's comment). */
export const isSettled = (complaint: ReportedComplaint, sla: ReportedSla): boolean =>
  !isOpenCase(complaint) &&
  complaint.actions.every((a) => a.completedAt !== undefined) &&
  targetsDone(sla.targets) &&
  sla.openings.every((o) => o.stall === null && targetsDone(o.targets));

const slimTarget = (t: ReportedTarget): ReportedTarget => ({ status: t.status, dueDate: t.dueDate, workingDaysUsed: t.workingDaysUsed, workingDaysLeft: t.workingDaysLeft });

const slimTargets = (targets: Partial<Record<SlaTargetId, ReportedTarget>>): Partial<Record<SlaTargetId, ReportedTarget>> => {
  const slim: Partial<Record<SlaTargetId, ReportedTarget>> = {};
  for (const [id, t] of Object.entries(targets) as [SlaTargetId, ReportedTarget | undefined][]) if (t !== undefined) slim[id] = slimTarget(t);
  return slim;
};

/** Only what the report reads of a complaint (a copy a fraction of the size, for saving). */
export const reportedComplaintOf = (c: ReportedComplaint): ReportedComplaint => ({
  status: c.status,
  complaintId: c.complaintId,
  policy: c.policy,
  receivedAt: c.receivedAt,
  channel: c.channel,
  channelOutsidePolicy: c.channelOutsidePolicy,
  businessArea: c.businessArea,
  department: c.department,
  escalatedFromStudyCentre: c.escalatedFromStudyCentre,
  ...(c.redirectedTo === undefined ? {} : { redirectedTo: c.redirectedTo }),
  ...(c.resolution === undefined ? {} : { resolution: c.resolution }),
  complainant: { relationship: c.complainant.relationship },
  ...(c.handler === undefined ? {} : { handler: { department: c.handler.department, manager: { id: c.handler.manager.id, name: c.handler.manager.name } } }),
  responses: c.responses.map((r) => ({ outcome: r.outcome })),
  actions: c.actions.map((a) => ({
    actionId: a.actionId,
    description: a.description,
    owner: a.owner,
    ...(a.dueOn === undefined ? {} : { dueOn: a.dueOn }),
    agreedAt: a.agreedAt,
    ...(a.completedAt === undefined ? {} : { completedAt: a.completedAt }),
  })),
  reopenings: c.reopenings.map((r) => ({ at: r.at })),
  regulatorReferrals: c.regulatorReferrals.map((r) => ({ regulator: r.regulator })),
  assessmentFailures: c.assessmentFailures.map((f) => ({
    failureId: f.failureId,
    assessment: f.assessment,
    identifiedAt: f.identifiedAt,
    ...(f.remediation === undefined ? {} : { remediation: true }),
  })),
  ...(c.furtherCorrespondenceDeclined === undefined ? {} : { furtherCorrespondenceDeclined: true }),
});

/** Only what the report reads of an SLA report. */
export const reportedSlaOf = (r: ReportedSla): ReportedSla => ({
  targets: slimTargets(r.targets),
  openings: r.openings.map((o) => ({
    openedAt: o.openedAt,
    stall: o.stall === null ? null : { stalled: o.stall.stalled, limitDate: o.stall.limitDate },
    targets: slimTargets(o.targets),
  })),
});

/** The case's view to keep, when it is settled; `undefined` while anything about it can still change with time. */
export const settledView = (complaint: ReportedComplaint, sla: SlaReport | ReportedSla): SettledView | undefined =>
  isSettled(complaint, sla) ? { complaint: reportedComplaintOf(complaint), sla: reportedSlaOf(sla) } : undefined;
