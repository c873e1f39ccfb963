/**
 * What the monitoring report reads of one case: the fields of core's `Complaint` and `SlaReport`
 * its figures, rows and lists use, and nothing else. Every read model of the report takes these
 * shapes, so it can be fed either the domain's own values (a case folded and evaluated as of an
 * instant) or a case's settled view saved with the read models.
 *
 * A case is settled once nothing about it can change with time: it is no longer open, every
 * target of every opening is done or will never run (met, missed, stopped, not applicable), no
 * opening can stall, and every agreed action is completed. From its last event on, its view is the
 * same as of any later instant, so a report can use the view kept from an earlier run instead of
 * folding its events and running the SLA engine again.
 *
 * @example
 * const view = settledView(complaint, slaReport); // undefined while the case is open
 * isSettled(view.complaint, view.sla); // true
 */
import * as E from 'fp-ts/lib/Either.js';
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

// ---------------------------------------------------------------------------------------------
// The packed form of a settled view: positional arrays, a third of the JSON, since every report
// reads every settled case's view back. `unpackView` reads exactly what `packView` writes.

type Packed = readonly unknown[];

const packTargets = (targets: Partial<Record<SlaTargetId, ReportedTarget>>): Packed =>
  (Object.entries(targets) as [SlaTargetId, ReportedTarget | undefined][]).flatMap(([id, t]) => (t === undefined ? [] : [[id, t.status, t.dueDate, t.workingDaysUsed, t.workingDaysLeft]]));

const sameTargets = (a: Partial<Record<SlaTargetId, ReportedTarget>>, b: Partial<Record<SlaTargetId, ReportedTarget>>): boolean =>
  JSON.stringify(packTargets(a)) === JSON.stringify(packTargets(b));

/** A settled view as positional arrays (plain JSON). */
export const packView = ({ complaint: c, sla }: SettledView): Packed => {
  const last = sla.openings[sla.openings.length - 1];
  return [
    [
      c.status,
      c.complaintId,
      c.policy,
      c.receivedAt,
      c.channel,
      c.channelOutsidePolicy ? 1 : 0,
      c.businessArea,
      c.department,
      c.escalatedFromStudyCentre ? 1 : 0,
      c.redirectedTo ?? null,
      c.resolution ?? null,
      c.complainant.relationship,
      c.handler === undefined ? null : [c.handler.department, c.handler.manager.id, c.handler.manager.name],
      c.responses.map((r) => r.outcome),
      c.actions.map((a) => [a.actionId, a.description, a.owner, a.dueOn ?? null, a.agreedAt, a.completedAt ?? null]),
      c.reopenings.map((r) => r.at),
      c.regulatorReferrals.map((r) => r.regulator),
      c.assessmentFailures.map((f) => [f.failureId, f.assessment, f.identifiedAt, f.remediation === undefined ? 0 : 1]),
      c.furtherCorrespondenceDeclined === undefined ? 0 : 1,
    ],
    sla.openings.map((o) => [o.openedAt, o.stall === null ? null : [o.stall.stalled ? 1 : 0, o.stall.limitDate], packTargets(o.targets)]),
    // the current targets are mostly the last opening's: 0 says so
    last !== undefined && sameTargets(sla.targets, last.targets) ? 0 : packTargets(sla.targets),
  ];
};

const isArray = Array.isArray as (u: unknown) => u is unknown[];

class Unpacking extends Error {}

// readers that throw Unpacking, naming what was not as saved; built field by field (a view is
// read back for every settled case on every report, so no spreads or intermediate arrays)
const text = (u: unknown, what: string): string => {
  if (typeof u !== 'string') throw new Unpacking(what);
  return u;
};
const textOrNull = (u: unknown, what: string): string | null => (u === null ? null : text(u, what));
const numberOrNull = (u: unknown, what: string): number | null => {
  if (u !== null && typeof u !== 'number') throw new Unpacking(what);
  return u;
};
const list = (u: unknown, what: string): unknown[] => {
  if (!isArray(u)) throw new Unpacking(what);
  return u;
};
const tuple = (u: unknown, length: number, what: string): unknown[] => {
  if (!isArray(u) || u.length !== length) throw new Unpacking(what);
  return u;
};

const unpackTargets = (u: unknown): Partial<Record<SlaTargetId, ReportedTarget>> => {
  const targets: Partial<Record<SlaTargetId, ReportedTarget>> = {};
  for (const item of list(u, 'targets')) {
    const t = tuple(item, 5, 'a target');
    targets[text(t[0], 'a target') as SlaTargetId] = {
      status: text(t[1], 'a target') as SlaStatus,
      dueDate: textOrNull(t[2], 'a target'),
      workingDaysUsed: numberOrNull(t[3], 'a target'),
      workingDaysLeft: numberOrNull(t[4], 'a target'),
    };
  }
  return targets;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ReportedAction = ReportedComplaint['actions'][number];
type ReportedFailure = ReportedComplaint['assessmentFailures'][number];

const unpackComplaint = (u: unknown): ReportedComplaint => {
  const f = tuple(u, 19, 'a complaint');
  const c: Mutable<ReportedComplaint> = {
    status: text(f[0], 'a status') as ReportedComplaint['status'],
    complaintId: text(f[1], 'a complaint id') as ReportedComplaint['complaintId'],
    policy: text(f[2], 'a policy'),
    receivedAt: text(f[3], 'a receipt instant') as ReportedComplaint['receivedAt'],
    channel: text(f[4], 'a channel'),
    channelOutsidePolicy: f[5] === 1,
    businessArea: text(f[6], 'a business area'),
    department: text(f[7], 'a department'),
    escalatedFromStudyCentre: f[8] === 1,
    complainant: { relationship: text(f[11], 'a relationship') as ReportedComplaint['complainant']['relationship'] },
    responses: list(f[13], 'outcomes').map((o) => ({ outcome: text(o, 'an outcome') as ReportedComplaint['responses'][number]['outcome'] })),
    actions: list(f[14], 'actions').map((item) => {
      const a = tuple(item, 6, 'an action');
      const action: Mutable<ReportedAction> = { actionId: text(a[0], 'an action'), description: text(a[1], 'an action'), owner: text(a[2], 'an action'), agreedAt: text(a[4], 'an action') as ReportedAction['agreedAt'] };
      if (a[3] !== null) action.dueOn = text(a[3], 'an action') as NonNullable<ReportedAction['dueOn']>;
      if (a[5] !== null) action.completedAt = text(a[5], 'an action') as NonNullable<ReportedAction['completedAt']>;
      return action;
    }),
    reopenings: list(f[15], 'reopenings').map((at) => ({ at: text(at, 'a reopening') as ReportedComplaint['reopenings'][number]['at'] })),
    regulatorReferrals: list(f[16], 'referrals').map((r) => ({ regulator: text(r, 'a referral') as ReportedComplaint['regulatorReferrals'][number]['regulator'] })),
    assessmentFailures: list(f[17], 'assessment failures').map((item) => {
      const a = tuple(item, 4, 'an assessment failure');
      const failure: Mutable<ReportedFailure> = { failureId: text(a[0], 'an assessment failure'), assessment: text(a[1], 'an assessment failure'), identifiedAt: text(a[2], 'an assessment failure') as ReportedFailure['identifiedAt'] };
      if (a[3] === 1) failure.remediation = true;
      return failure;
    }),
  };
  const redirectedTo = textOrNull(f[9], 'a redirection');
  if (redirectedTo !== null) c.redirectedTo = redirectedTo;
  const resolution = textOrNull(f[10], 'a resolution');
  if (resolution !== null) c.resolution = resolution as NonNullable<ReportedComplaint['resolution']>;
  if (f[12] !== null) {
    const h = tuple(f[12], 3, 'a handler');
    c.handler = { department: text(h[0], 'a handler'), manager: { id: text(h[1], 'a handler'), name: text(h[2], 'a handler') } };
  }
  if (f[18] === 1) c.furtherCorrespondenceDeclined = true;
  return c;
};

/** Reads a packed view back; Left naming what was not as `packView` writes it. */
export const unpackView = (packed: unknown): E.Either<string, SettledView> => {
  try {
    const [c, openings, current] = tuple(packed, 3, 'a view');
    const complaint = unpackComplaint(c);
    const unpackedOpenings = list(openings, 'openings').map((item) => {
      const o = tuple(item, 3, 'an opening');
      const stall = o[1] === null ? null : tuple(o[1], 2, 'a stall');
      return {
        openedAt: text(o[0], 'an opening'),
        stall: stall === null ? null : { stalled: stall[0] === 1, limitDate: text(stall[1], 'a stall') },
        targets: unpackTargets(o[2]),
      };
    });
    const last = unpackedOpenings[unpackedOpenings.length - 1];
    if (current === 0 && last === undefined) throw new Unpacking('the current targets');
    return E.right({ complaint, sla: { targets: current === 0 ? last!.targets : unpackTargets(current), openings: unpackedOpenings } });
  } catch (error) {
    if (error instanceof Unpacking) return E.left(`${error.message} is not as saved`);
    throw error;
  }
};
