/**
 * What a set of cases adds to the monitoring report, in a form that adds up: every count, each
 * target's working days taken as a histogram (so a median over two sets is the median over both),
 * and the rows and lists in the report's order. The tally of all cases is the sum of the tallies
 * of any split of them (`addTallies`), so the tally of the settled cases (reported-case.ts: no
 * later instant changes them) is saved with the read models, and a report as of a later instant
 * works out only the cases still open and adds the two.
 *
 * @example
 * const open = tallyCases(complaints, reports, asOf);
 * const all = addTallies(settledTally, open);
 * complianceOfTally(all.targets.acknowledgement); // { met: 14, missed: 2, ..., workingDaysTaken: { count: 16, median: 3, p90: 5 } }
 */
import * as E from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import * as t from 'io-ts';
import { complaintStatuses, instantMillis, Regulator, SlaTargetId, type ComplaintStatus, type Instant, type SlaStatus } from '@cim-complaints/core';
import { monthKeyOf, sortedRecord } from '../as-of.js';
import { packColumns, unpackColumns, type Columns } from './columns.js';
import { actionsSummary, type ActionItem, type ActionsSummary } from './actions.js';
import { caseworkSummary, type CaseworkSummary, type OutstandingFailure } from './casework.js';
import { lifecycleCounts, standingOf, type LifecycleCounts, type Standing } from './lifecycle.js';
import { latestOutcome, outcomesSummary, type OutcomeCounts, type OutcomesSummary } from './outcomes.js';
import { channelsOutsidePolicy, RECEIVED_ENTRY_COLUMNS, type ChannelsOutsidePolicy, type ReceivedEntry } from './received.js';
import type { ReportedComplaint, ReportedSla, ReportedTarget } from './reported-case.js';
import type { TargetCompliance } from './sla.js';

/** The targets a report figures, in the policy's order. */
export const SLA_TARGET_IDS = Object.keys(SlaTargetId.keys) as readonly SlaTargetId[];

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
  /** The response target of the current opening (the receipt's, or the latest reopening's). */
  readonly responseStatus: string;
  readonly responseDue: string | null;
  readonly responseWorkingDays: number | null;
  readonly outcome: string | null;
  readonly actionsTotal: number;
  readonly actionsOpen: number;
  readonly reopenings: number;
  readonly regulatorReferrals: string;
  /** The receipt and each reopening: 1 + reopenings. */
  readonly openings: number;
  /** When the current opening began: the receipt, or the latest reopening. */
  readonly openedAt: string;
  /** Every opening's response status, oldest first, joined with `; ` (`met; overdue`). */
  readonly responseByOpening: string;
  /** `yes` when the current opening has stalled (DOMAIN "Stalled"), otherwise `no`. */
  readonly stalled: string;
  /** Assessment failures not yet remediated (C16). */
  readonly outstandingFailures: number;
  /** `yes` when received by a channel the policy does not list (C1), otherwise `no`. */
  readonly channelOutsidePolicy: string;
}

/** One target's statuses counted, and the working days taken by those met or missed as a histogram. */
export interface TargetTally {
  readonly counts: Readonly<Record<SlaStatus, number>>;
  /** Working days taken (as text) → how many targets took them. */
  readonly taken: Readonly<Record<string, number>>;
}

/** One target over the openings that began in a month: met, and met + missed + overdue. */
export interface MonthCount {
  readonly met: number;
  readonly judged: number;
}

/** What a set of cases adds to the report. */
export interface CasesTally {
  readonly lifecycle: LifecycleCounts;
  readonly channelsOutsidePolicy: ChannelsOutsidePolicy;
  readonly targets: Readonly<Record<SlaTargetId, TargetTally>>;
  /** By the month (London) each opening began; months in order. */
  readonly monthly: Readonly<Record<string, Readonly<Record<SlaTargetId, MonthCount>>>>;
  readonly outcomes: OutcomesSummary;
  readonly casework: CaseworkSummary;
  readonly actions: ActionsSummary;
  /** In order of receipt, then complaint id. */
  readonly rows: readonly ComplaintRow[];
}

// ---------------------------------------------------------------------------------------------
// Targets

const SLA_STATUSES: readonly SlaStatus[] = ['pending', 'due-soon', 'overdue', 'met', 'missed', 'not-applicable', 'stopped'];

const noStatuses = (): Record<SlaStatus, number> => ({ pending: 0, 'due-soon': 0, overdue: 0, met: 0, missed: 0, 'not-applicable': 0, stopped: 0 });

const addTarget = (counts: Record<SlaStatus, number>, taken: Record<string, number>, target: ReportedTarget): void => {
  counts[target.status] += 1;
  if ((target.status === 'met' || target.status === 'missed') && target.workingDaysUsed !== null) {
    const days = String(target.workingDaysUsed);
    taken[days] = (taken[days] ?? 0) + 1;
  }
};

/** Counts target reports by status, with the working days taken by those done. */
export const tallyTargets = (targets: Iterable<ReportedTarget>): TargetTally => {
  const counts = noStatuses();
  const taken: Record<string, number> = {};
  for (const target of targets) addTarget(counts, taken, target);
  return { counts, taken };
};

/** The `index`-th (from 0) smallest of the days a histogram holds. */
const nthTaken = (sorted: readonly (readonly [number, number])[], index: number): number => {
  let seen = 0;
  for (const [days, n] of sorted) {
    seen += n;
    if (index < seen) return days;
  }
  return Number.NaN; // not reached: index < the histogram's count
};

/**
 * A target's figures from its tally: the on-time rate over met + missed + overdue, and the median
 * (mean of the middle two for an even count) and 90th percentile (nearest rank) of working days taken.
 */
export const complianceOfTally = ({ counts, taken }: TargetTally): TargetCompliance => {
  const sorted = Object.entries(taken)
    .map(([days, n]) => [Number(days), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((total, [, n]) => total + n, 0);
  const mid = Math.floor(count / 2);
  const judged = counts.met + counts.missed + counts.overdue;
  return {
    met: counts.met,
    missed: counts.missed,
    overdue: counts.overdue,
    pending: counts.pending + counts['due-soon'],
    dueSoon: counts['due-soon'],
    stopped: counts.stopped,
    notApplicable: counts['not-applicable'],
    onTimeRate: judged === 0 ? null : counts.met / judged,
    workingDaysTaken: {
      count,
      median: count === 0 ? null : count % 2 === 1 ? nthTaken(sorted, mid) : (nthTaken(sorted, mid - 1) + nthTaken(sorted, mid)) / 2,
      p90: count === 0 ? null : nthTaken(sorted, Math.max(0, Math.ceil((90 / 100) * count) - 1)),
    },
  };
};

// ---------------------------------------------------------------------------------------------
// Tallying cases

const rowOf = (c: ReportedComplaint, sla: ReportedSla | undefined, actions: readonly ActionItem[]): ComplaintRow => {
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
    openings: 1 + c.reopenings.length,
    openedAt: c.reopenings[c.reopenings.length - 1]?.at ?? c.receivedAt,
    responseByOpening: sla === undefined ? 'unknown' : sla.openings.map((o) => o.targets.response?.status ?? 'unknown').join('; '),
    stalled: sla?.openings[sla.openings.length - 1]?.stall?.stalled === true ? 'yes' : 'no',
    outstandingFailures: c.assessmentFailures.filter((f) => f.remediation === undefined).length,
    channelOutsidePolicy: c.channelOutsidePolicy ? 'yes' : 'no',
  };
};

const noMonth = (): Record<SlaTargetId, MonthCount> => Object.fromEntries(SLA_TARGET_IDS.map((id) => [id, { met: 0, judged: 0 }])) as Record<SlaTargetId, MonthCount>;

/**
 * What complaints standing as of `asOf` (in order of receipt, then id) add to the report, with
 * their SLA reports evaluated as of `asOf` (by complaint id; a complaint without one counts in no
 * target). Every opening's targets count: a reopening's response target with the month it began.
 */
export const tallyCases = (complaints: readonly ReportedComplaint[], reports: Readonly<Record<string, ReportedSla>>, asOf: Instant): CasesTally => {
  const targets = Object.fromEntries(SLA_TARGET_IDS.map((id) => [id, { counts: noStatuses(), taken: {} }])) as Record<SlaTargetId, { counts: Record<SlaStatus, number>; taken: Record<string, number> }>;
  const monthly: Record<string, Record<SlaTargetId, { met: number; judged: number }>> = {};
  for (const complaint of complaints) {
    const report = reports[complaint.complaintId];
    if (report === undefined) continue;
    for (const opening of report.openings) {
      // counted in place: a copy per opening made this quadratic in the complaints of a month
      const month = (monthly[monthKeyOf(opening.openedAt as Instant)] ??= noMonth());
      for (const id of SLA_TARGET_IDS) {
        const target = opening.targets[id];
        if (target === undefined) continue;
        addTarget(targets[id].counts, targets[id].taken, target);
        if (target.status === 'met') month[id].met += 1;
        if (target.status === 'met' || target.status === 'missed' || target.status === 'overdue') month[id].judged += 1;
      }
    }
  }
  const actions = actionsSummary(complaints, asOf);
  const actionsOf = new Map<string, ActionItem[]>();
  for (const item of actions.items) {
    const items = actionsOf.get(item.complaintId);
    if (items === undefined) actionsOf.set(item.complaintId, [item]);
    else items.push(item);
  }
  return {
    lifecycle: lifecycleCounts(complaints),
    channelsOutsidePolicy: channelsOutsidePolicy(complaints),
    targets,
    monthly: sortedRecord(monthly),
    outcomes: outcomesSummary(complaints),
    casework: caseworkSummary(complaints),
    actions,
    rows: complaints.map((c) => rowOf(c, reports[c.complaintId], actionsOf.get(c.complaintId) ?? [])),
  };
};

// ---------------------------------------------------------------------------------------------
// Adding tallies: the same figures, records and order as tallying both sets at once

const addCounts = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): Record<string, number> => {
  const sum: Record<string, number> = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
};

/** Adds records whose keys are fixed (statuses, regulators), keeping `keys`' order. */
const addFixed = <K extends string>(keys: readonly K[], a: Readonly<Record<K, number>>, b: Readonly<Record<K, number>>): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, a[key] + b[key]])) as Record<K, number>;

const addOutcomes = (a: OutcomeCounts, b: OutcomeCounts): OutcomeCounts => ({
  upheld: a.upheld + b.upheld,
  'partially-upheld': a['partially-upheld'] + b['partially-upheld'],
  'not-upheld': a['not-upheld'] + b['not-upheld'],
});

/** Rows of both, in order of receipt, then complaint id (each receipt instant read once, not once per comparison). */
const mergedRows = (a: readonly ComplaintRow[], b: readonly ComplaintRow[]): ComplaintRow[] => {
  if (a.length === 0 || b.length === 0) return [...a, ...b];
  const keyed = (rows: readonly ComplaintRow[]) => rows.map((row) => ({ row, at: instantMillis(row.receivedAt) }));
  const order = (x: { row: ComplaintRow; at: number }, y: { row: ComplaintRow; at: number }) =>
    x.at - y.at || (x.row.complaintId < y.row.complaintId ? -1 : x.row.complaintId > y.row.complaintId ? 1 : 0);
  return merged(keyed(a), keyed(b), order).map(({ row }) => row);
};

/** Two lists each in `order`, as one in `order` (stable: `a`'s first among equals). */
const merged = <A>(a: readonly A[], b: readonly A[], order: (x: A, y: A) => number): A[] => {
  if (b.length === 0) return [...a];
  if (a.length === 0) return [...b];
  const out: A[] = new Array<A>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = order(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
};

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const failureOrder = (a: OutstandingFailure, b: OutstandingFailure): number =>
  instantMillis(a.identifiedAt) - instantMillis(b.identifiedAt) || compare(a.complaintId, b.complaintId) || compare(a.failureId, b.failureId);

const regulators = Object.keys(Regulator.keys) as Regulator[];

/** The tally of two disjoint sets of cases: what `tallyCases` gives for both at once. */
export const addTallies = (a: CasesTally, b: CasesTally): CasesTally => {
  const rows = mergedRows(a.rows, b.rows);
  // actions are listed by their complaint, in the rows' order, each complaint's in its own order
  const rank = new Map(rows.map((row, i) => [row.complaintId, i]));
  const items = [...a.actions.items, ...b.actions.items].sort((x, y) => rank.get(x.complaintId)! - rank.get(y.complaintId)!);
  const monthly: Record<string, Record<SlaTargetId, MonthCount>> = {};
  for (const month of [...new Set([...Object.keys(a.monthly), ...Object.keys(b.monthly)])].sort()) {
    const x = a.monthly[month];
    const y = b.monthly[month];
    monthly[month] =
      x === undefined ? y! : y === undefined ? x : (Object.fromEntries(SLA_TARGET_IDS.map((id) => [id, { met: x[id].met + y[id].met, judged: x[id].judged + y[id].judged }])) as Record<SlaTargetId, MonthCount>);
  }
  const areas: Record<string, OutcomeCounts> = { ...a.outcomes.byBusinessArea };
  for (const [area, counts] of Object.entries(b.outcomes.byBusinessArea)) areas[area] = areas[area] === undefined ? counts : addOutcomes(areas[area], counts);
  const ca = a.casework;
  const cb = b.casework;
  return {
    lifecycle: {
      open: a.lifecycle.open + b.lifecycle.open,
      closed: a.lifecycle.closed + b.lifecycle.closed,
      withdrawn: a.lifecycle.withdrawn + b.lifecycle.withdrawn,
      redirected: a.lifecycle.redirected + b.lifecycle.redirected,
      referredToStudyCentre: a.lifecycle.referredToStudyCentre + b.lifecycle.referredToStudyCentre,
      byStatus: addFixed<ComplaintStatus>(complaintStatuses, a.lifecycle.byStatus, b.lifecycle.byStatus),
    },
    channelsOutsidePolicy: {
      total: a.channelsOutsidePolicy.total + b.channelsOutsidePolicy.total,
      byChannel: sortedRecord(addCounts(a.channelsOutsidePolicy.byChannel, b.channelsOutsidePolicy.byChannel)),
    },
    targets: Object.fromEntries(
      SLA_TARGET_IDS.map((id) => [id, { counts: addFixed(SLA_STATUSES, a.targets[id].counts, b.targets[id].counts), taken: addCounts(a.targets[id].taken, b.targets[id].taken) }]),
    ) as Record<SlaTargetId, TargetTally>,
    monthly,
    outcomes: { ...addOutcomes(a.outcomes, b.outcomes), responsesIssued: a.outcomes.responsesIssued + b.outcomes.responsesIssued, byBusinessArea: sortedRecord(areas) },
    casework: {
      assessmentFailures: {
        identified: ca.assessmentFailures.identified + cb.assessmentFailures.identified,
        remediated: ca.assessmentFailures.remediated + cb.assessmentFailures.remediated,
        outstanding: ca.assessmentFailures.outstanding + cb.assessmentFailures.outstanding,
        outstandingItems: merged(ca.assessmentFailures.outstandingItems, cb.assessmentFailures.outstandingItems, failureOrder),
      },
      regulatorReferrals: addFixed(regulators, ca.regulatorReferrals, cb.regulatorReferrals),
      studyCentres: { referredBack: ca.studyCentres.referredBack + cb.studyCentres.referredBack, escalated: ca.studyCentres.escalated + cb.studyCentres.escalated },
      redirections: { total: ca.redirections.total + cb.redirections.total, to: sortedRecord(addCounts(ca.redirections.to, cb.redirections.to)) },
      reopened: { complaints: ca.reopened.complaints + cb.reopened.complaints, reopenings: ca.reopened.reopenings + cb.reopened.reopenings },
      furtherCorrespondenceDeclined: ca.furtherCorrespondenceDeclined + cb.furtherCorrespondenceDeclined,
    },
    actions: {
      total: a.actions.total + b.actions.total,
      completed: a.actions.completed + b.actions.completed,
      open: a.actions.open + b.actions.open,
      overdue: a.actions.overdue + b.actions.overdue,
      items,
    },
    rows,
  };
};

// ---------------------------------------------------------------------------------------------
// The saved form: the counts as they are (decoded with io-ts), the rows and lists column by column
// (columns.ts: most of a tally, read back on every report).

const ROW_COLUMNS: Columns<ComplaintRow> = [
  ['complaintId', 'text'],
  ...RECEIVED_ENTRY_COLUMNS,
  ['status', 'text'],
  ['standing', 'text'],
  ['department', 'text'],
  ['handler', 'text?'],
  ['acknowledgementStatus', 'text'],
  ['acknowledgementDue', 'text?'],
  ['acknowledgementWorkingDays', 'number?'],
  ['responseStatus', 'text'],
  ['responseDue', 'text?'],
  ['responseWorkingDays', 'number?'],
  ['outcome', 'text?'],
  ['actionsTotal', 'number'],
  ['actionsOpen', 'number'],
  ['reopenings', 'number'],
  ['regulatorReferrals', 'text'],
  ['openings', 'number'],
  ['openedAt', 'text'],
  ['responseByOpening', 'text'],
  ['stalled', 'text'],
  ['outstandingFailures', 'number'],
  ['channelOutsidePolicy', 'text'],
];

const ACTION_COLUMNS: Columns<ActionItem> = [
  ['complaintId', 'text'],
  ['actionId', 'text'],
  ['description', 'text'],
  ['owner', 'text'],
  ['dueOn', 'text?'],
  ['agreedAt', 'text'],
  ['completedAt', 'text?'],
  ['status', 'text'],
  ['overdue', 'flag'],
];

const FAILURE_COLUMNS: Columns<OutstandingFailure> = [
  ['complaintId', 'text'],
  ['status', 'text'],
  ['failureId', 'text'],
  ['assessment', 'text'],
  ['identifiedAt', 'text'],
  ['identifiedOn', 'text'],
];

const Counts = t.record(t.string, t.number);
const fixedCounts = (keys: readonly string[]) => t.type(Object.fromEntries(keys.map((k) => [k, t.number])));
const outcomeCounts = fixedCounts(['upheld', 'partially-upheld', 'not-upheld']);

/** The counts of a tally, as saved. */
const SavedCounts = t.type({
  lifecycle: t.type({ open: t.number, closed: t.number, withdrawn: t.number, redirected: t.number, referredToStudyCentre: t.number, byStatus: fixedCounts(complaintStatuses) }),
  channelsOutsidePolicy: t.type({ total: t.number, byChannel: Counts }),
  targets: t.type(Object.fromEntries(SLA_TARGET_IDS.map((id) => [id, t.type({ counts: fixedCounts(SLA_STATUSES), taken: Counts })]))),
  monthly: t.record(t.string, t.type(Object.fromEntries(SLA_TARGET_IDS.map((id) => [id, t.type({ met: t.number, judged: t.number })])))),
  outcomes: t.intersection([outcomeCounts, t.type({ responsesIssued: t.number, byBusinessArea: t.record(t.string, outcomeCounts) })]),
  casework: t.type({
    assessmentFailures: t.type({ identified: t.number, remediated: t.number, outstanding: t.number }),
    regulatorReferrals: fixedCounts(regulators),
    studyCentres: t.type({ referredBack: t.number, escalated: t.number }),
    redirections: t.type({ total: t.number, to: Counts }),
    reopened: t.type({ complaints: t.number, reopenings: t.number }),
    furtherCorrespondenceDeclined: t.number,
  }),
  actions: t.type({ total: t.number, completed: t.number, open: t.number, overdue: t.number }),
});

/** A tally as plain JSON: `unpackTally` reads exactly it back. */
export const packTally = (tally: CasesTally): unknown => {
  const { rows, ...counts } = tally;
  const { outstandingItems, ...failures } = tally.casework.assessmentFailures;
  const { items, ...actions } = tally.actions;
  return {
    counts: { ...counts, actions, casework: { ...tally.casework, assessmentFailures: failures } },
    rows: packColumns(ROW_COLUMNS, rows),
    actions: packColumns(ACTION_COLUMNS, items),
    failures: packColumns(FAILURE_COLUMNS, outstandingItems),
  };
};

/** A saved tally read back; Left saying what was not as `packTally` writes it. */
export const unpackTally = (saved: unknown): E.Either<string, CasesTally> => {
  if (typeof saved !== 'object' || saved === null) return E.left('not a saved tally');
  const { counts, rows, actions, failures } = saved as Record<string, unknown>;
  const decoded = SavedCounts.decode(counts);
  if (E.isLeft(decoded)) return E.left(`the counts: ${PathReporter.report(decoded).slice(0, 3).join('; ')}`);
  const c = decoded.right as unknown as Omit<CasesTally, 'rows'> & {
    readonly casework: Omit<CaseworkSummary, 'assessmentFailures'> & { readonly assessmentFailures: Omit<CaseworkSummary['assessmentFailures'], 'outstandingItems'> };
    readonly actions: Omit<ActionsSummary, 'items'>;
  };
  const unpackedRows = unpackColumns(ROW_COLUMNS, rows, 'row');
  if (E.isLeft(unpackedRows)) return unpackedRows;
  const unpackedActions = unpackColumns(ACTION_COLUMNS, actions, 'action');
  if (E.isLeft(unpackedActions)) return unpackedActions;
  const unpackedFailures = unpackColumns(FAILURE_COLUMNS, failures, 'assessment failure');
  if (E.isLeft(unpackedFailures)) return unpackedFailures;
  return E.right({
    lifecycle: c.lifecycle,
    channelsOutsidePolicy: c.channelsOutsidePolicy,
    targets: c.targets,
    monthly: c.monthly,
    outcomes: c.outcomes,
    casework: {
      assessmentFailures: { ...c.casework.assessmentFailures, outstandingItems: unpackedFailures.right },
      regulatorReferrals: c.casework.regulatorReferrals,
      studyCentres: c.casework.studyCentres,
      redirections: c.casework.redirections,
      reopened: c.casework.reopened,
      furtherCorrespondenceDeclined: c.casework.furtherCorrespondenceDeclined,
    },
    actions: { ...c.actions, items: unpackedActions.right },
    rows: unpackedRows.right,
  });
};
