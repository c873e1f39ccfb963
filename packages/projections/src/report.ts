/**
 * The monitoring report (C11): one JSON document as of an instant, from the read models. Every
 * time-dependent judgement (SLA status, overdue actions, policy review) is made at `asOf`, and
 * events that happened after `asOf` are left out, so a report can be re-run for any past moment.
 *
 * `reportTables(report)` turns the report into one table model (sections of headed tables, rows of
 * cells with their text and value, target labels from the policy value's SLA target definitions);
 * the Markdown, CSV and HTML renderers only format that model.
 *
 * @example
 * const report = buildReport({ received, caseFiles }, '2025-06-30T17:00:00+01:00');
 * // Right({ asOf, policy: { reference: 'CX097', version: 'V4', reviewOverdue: true, ... }, received: { total: 24, ... }, ... })
 * reportTables(report.right).sections.find((s) => s.id === 'service-levels')!.tables[0]!.rows[0]!.cells[0]!.text;
 * // 'Acknowledgement (5 working days)'
 */
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import {
  Instant,
  SlaTargetId,
  complaintStatuses,
  defaultPolicyRegistry,
  instantMillis,
  londonDateOf,
  type SlaTargetDefinition,
} from '@cim-complaints/core';
import { monthKeyOf } from './as-of.js';
import type { ActionsSummary } from './read-models/actions.js';
import { readAllCaseFiles, streamProblemsOf, type CaseFilesState } from './read-models/case-files.js';
import type { CaseworkSummary } from './read-models/casework.js';
import { openCaseload, type Caseload, type TargetStanding } from './read-models/caseload.js';
import type { LifecycleCounts } from './read-models/lifecycle.js';
import type { OutcomesSummary } from './read-models/outcomes.js';
import { policyInForce, type PolicyInForce } from './read-models/policy.js';
import { receivedSummary, type ChannelsOutsidePolicy, type ReceivedState, type ReceivedSummary } from './read-models/received.js';
import { ownPolicies, reportedCasesAsOf, type SlaOptions, type SlaProblem, type TargetCompliance } from './read-models/sla.js';
import { addTallies, complianceOfTally, SLA_TARGET_IDS, tallyCases, type CasesTally, type ComplaintRow, type MonthCount } from './read-models/tally.js';
import { formatNumber, formatRate } from './render/format.js';

/** The read models a report is built from: the states of `receivedProjection` and `caseFilesProjection`. */
export interface MonitoringModels {
  readonly received: ReceivedState;
  readonly caseFiles: CaseFilesState;
}

export interface ReportOptions extends SlaOptions {
  /** Problems found while reading the store (unreadable events), listed first under `problems`. */
  readonly readProblems?: readonly SlaProblem[];
}

/** One target's figures over the complaints received in a month: the on-time rate and what it is over. */
export interface MonthCompliance {
  readonly met: number;
  /** met + missed + overdue: the targets the rate is over. */
  readonly judged: number;
  /** met / judged; `null` when nothing was judged. */
  readonly onTimeRate: number | null;
}

/** One month (London) of the trend: complaints received in it, and how they stand against each target as of `asOf`. */
export interface MonthTrend extends Record<SlaTargetId, MonthCompliance> {
  /** The month, `YYYY-MM`, in London time. */
  readonly month: string;
  /** Complaints received in the month. */
  readonly received: number;
  /** The acknowledgement target (C12) over the month's complaints. */
  readonly acknowledgement: MonthCompliance;
  /** The response target (C12) over the month's complaints. */
  readonly response: MonthCompliance;
}

export interface MonitoringReport extends Omit<LifecycleCounts, 'byStatus'>, CaseworkSummary {
  readonly asOf: string;
  readonly policy: (PolicyInForce & { readonly complaintsByVersion: Record<string, number> }) | null;
  /** The SLA targets of the policy in force, as its policy value defines them; `[]` when none is in force. */
  readonly slaTargets: readonly SlaTargetDefinition[];
  readonly received: ReceivedSummary;
  /** C1: complaints received by a channel their policy does not list (recorded, not refused). */
  readonly channelsOutsidePolicy: ChannelsOutsidePolicy;
  readonly acknowledgement: TargetCompliance;
  readonly response: TargetCompliance;
  /** Every month from the first complaint's to the month of `asOf`, months without complaints included. */
  readonly monthly: readonly MonthTrend[];
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
  /** `damaged-read-models`: saved read models that do not read back (`report --rebuild` builds them again). */
  readonly code: 'invalid-instant' | 'damaged-read-models';
  readonly message: string;
}

const nextMonth = (month: string): string => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
};

// by the month each opening began: a receipt's targets stay with the month that brought the
// complaint in, a reopening's response target with the month of the reopening
const monthlyTrend = (byMonth: Readonly<Record<string, number>>, counted: CasesTally['monthly'], asOf: Instant): MonthTrend[] => {
  const months = Object.keys(byMonth).sort();
  if (months.length === 0) return [];
  const last = [monthKeyOf(asOf), months[months.length - 1]!].sort()[1]!;
  const monthCompliance = (count: MonthCount | undefined): MonthCompliance => {
    const met = count?.met ?? 0;
    const judged = count?.judged ?? 0;
    return { met, judged, onTimeRate: judged === 0 ? null : met / judged };
  };
  const trend: MonthTrend[] = [];
  for (let month = months[0]!; month <= last; month = nextMonth(month)) {
    const inMonth = counted[month];
    trend.push({ month, received: byMonth[month] ?? 0, acknowledgement: monthCompliance(inMonth?.acknowledgement), response: monthCompliance(inMonth?.response) });
  }
  return trend;
};

/** Builds the monitoring report as of an instant; Left if `asOf` is not an ISO instant with offset. */
export const buildReport = (models: MonitoringModels, asOf: string, options: ReportOptions = {}): E.Either<ReportError, MonitoringReport> => {
  if (!Instant.is(asOf)) return E.left({ _tag: 'ReportError', code: 'invalid-instant', message: `asOf: expected an ISO-8601 instant with offset, got ${JSON.stringify(asOf)}` });
  const registry = options.registry ?? defaultPolicyRegistry;
  // settled cases saved summed hold as of their last events and after, under this library's policies:
  // then only the other cases are worked out, and the two tallies added
  const settled = models.caseFiles.settled;
  const summed = settled !== undefined && ownPolicies(options) && instantMillis(asOf) >= settled.latestMs ? settled.tally : undefined;
  const files = summed === undefined ? readAllCaseFiles(models.caseFiles) : E.right(models.caseFiles.files);
  if (E.isLeft(files)) return E.left({ _tag: 'ReportError', code: 'damaged-read-models', message: files.left });
  const { complaints, reports, problems } = reportedCasesAsOf({ files: files.right }, asOf, options);
  const worked = tallyCases(complaints, reports, asOf);
  const tally = summed === undefined ? worked : addTallies(summed, worked);
  // a stream that is not one history is left out of every figure and named, as replay names it
  const broken = streamProblemsOf(models.caseFiles);
  const received = receivedSummary(models.received, asOf, new Set(broken.map((p) => p.complaintId)));
  const policy = policyInForce(registry, asOf);
  const slaTargets = O.match(() => [], (p: { readonly targets: readonly SlaTargetDefinition[] }) => p.targets)(registry.inForceAt(asOf));
  const { lifecycle, casework } = tally;
  return E.right({
    asOf,
    policy: policy === null ? null : { ...policy, complaintsByVersion: received.byPolicy },
    slaTargets,
    received,
    channelsOutsidePolicy: tally.channelsOutsidePolicy,
    acknowledgement: complianceOfTally(tally.targets.acknowledgement),
    response: complianceOfTally(tally.targets.response),
    monthly: monthlyTrend(received.byMonth, tally.monthly, asOf),
    outcomes: tally.outcomes,
    actions: tally.actions,
    open: lifecycle.open,
    closed: lifecycle.closed,
    withdrawn: lifecycle.withdrawn,
    redirected: lifecycle.redirected,
    referredToStudyCentre: lifecycle.referredToStudyCentre,
    byStatus: lifecycle.byStatus,
    assessmentFailures: casework.assessmentFailures,
    regulatorReferrals: casework.regulatorReferrals,
    studyCentres: casework.studyCentres,
    redirections: casework.redirections,
    reopened: casework.reopened,
    furtherCorrespondenceDeclined: casework.furtherCorrespondenceDeclined,
    // a settled case is never open: the open caseload is the worked-out cases'
    caseload: openCaseload(complaints, reports),
    complaints: tally.rows,
    problems: [
      ...(options.readProblems ?? []),
      ...broken.map((p) => ({ complaintId: p.complaintId, code: p.kind, message: p.message, streamId: p.streamId, revision: p.revision, position: p.position })),
      ...problems,
    ],
  });
};

// ---------------------------------------------------------------------------------------------
// The table model: what every format shows, in order. Renderers only format it.

/** One cell: the text Markdown and HTML print, and the value behind it (what CSV writes and charts draw). */
export interface ReportCell {
  readonly text: string;
  readonly value: string | number | null;
}

export interface ReportColumn {
  /** The report field the column holds, relative to its row (`met`, `acknowledgement.onTimeRate`); the CSV header. */
  readonly key: string;
  readonly heading: string;
  /** Figures: aligned right. */
  readonly numeric: boolean;
}

export interface ReportRow {
  /** What the row is about: a month, a status, a target id, a complaint id, an index. */
  readonly key: string;
  readonly cells: readonly ReportCell[];
  /** `total`: sums rows above or beside it; `alert`: needs attention now (overdue). */
  readonly tone?: 'total' | 'alert';
}

export interface ReportTable {
  /** Unique in the report. */
  readonly id: string;
  /** Unique in the report, so a reader (or a test) can name any table by its heading. */
  readonly heading: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly ReportRow[];
  /** Said instead of an empty table. */
  readonly empty: string;
}

export interface ReportSection {
  readonly id: string;
  readonly heading: string;
  /** Plain-text paragraphs that say how to read the tables. */
  readonly notes: readonly string[];
  /** A table whose heading is the section's is not headed again. */
  readonly tables: readonly ReportTable[];
}

export interface ReportNotice {
  readonly id: string;
  readonly text: string;
}

export interface ReportTables {
  readonly title: string;
  readonly asOf: string;
  /** The policy in force, in words. */
  readonly policy: string;
  /** What a reader must know before any figure: a policy past review, complaints left out. */
  readonly warnings: readonly ReportNotice[];
  /** The headline figures (one row); its heading is `Summary`. */
  readonly summary: ReportTable;
  readonly sections: readonly ReportSection[];
  /** One row per complaint, the ones left out for a problem too: the CSV. Not shown by Markdown or HTML. */
  readonly complaints: ReportTable;
}

const column = (key: string, heading: string, numeric = false): ReportColumn => ({ key, heading, numeric });
const figure = (value: number | null): ReportCell => ({ text: formatNumber(value), value });
const rate = (value: number | null): ReportCell => ({ text: formatRate(value), value });
const text = (value: string | null, absent = ''): ReportCell => ({ text: value ?? absent, value });
const row = (key: string, cells: readonly ReportCell[], tone?: ReportRow['tone']): ReportRow => (tone === undefined ? { key, cells } : { key, cells, tone });
const table = (id: string, heading: string, columns: readonly ReportColumn[], rows: readonly ReportRow[], empty = 'None.'): ReportTable => ({ id, heading, columns, rows, empty });
const section = (id: string, heading: string, tables: readonly ReportTable[], notes: readonly string[] = []): ReportSection => ({ id, heading, notes, tables });


/** `acknowledgement` → `Acknowledgement`. */
export const targetName = (id: SlaTargetId): string => `${id.charAt(0).toUpperCase()}${id.slice(1)}`;

/** A target as the policy in force sets it: `Acknowledgement (5 working days)`; the bare name when that policy does not set it. */
export const targetLabel = (id: SlaTargetId, targets: readonly SlaTargetDefinition[]): string => {
  const target = targets.find((t) => t.id === id);
  return target === undefined ? targetName(id) : `${targetName(id)} (${target.workingDays} working day${target.workingDays === 1 ? '' : 's'})`;
};

const countsTable = (id: string, heading: string, label: string, record: Readonly<Record<string, number>>, empty = 'No complaints.'): ReportTable =>
  table(id, heading, [column('key', label), column('count', 'Complaints', true)], Object.entries(record).map(([key, n]) => row(key, [text(key), figure(n)])), empty);

const summaryTable = (r: MonitoringReport): ReportTable =>
  table(
    'summary',
    'Summary',
    [
      column('received.total', 'Received', true),
      column('open', 'Open', true),
      column('closed', 'Closed', true),
      column('withdrawn', 'Withdrawn', true),
      column('redirected', 'Redirected', true),
      column('referredToStudyCentre', 'Referred to study centre', true),
      column('caseload.stalled', 'Stalled', true),
      ...SLA_TARGET_IDS.map((id) => column(`${id}.onTimeRate`, `${targetName(id)} on time`, true)),
    ],
    [
      row('all', [
        figure(r.received.total),
        figure(r.open),
        figure(r.closed),
        figure(r.withdrawn),
        figure(r.redirected),
        figure(r.referredToStudyCentre),
        figure(r.caseload.stalled),
        ...SLA_TARGET_IDS.map((id) => rate(r[id].onTimeRate)),
      ]),
    ],
  );

const serviceLevels = (r: MonitoringReport): ReportSection =>
  section(
    'service-levels',
    'Service levels',
    [
      table(
        'sla',
        'Service levels',
        [
          column('target', 'Target'),
          column('met', 'Met', true),
          column('missed', 'Missed', true),
          column('overdue', 'Overdue', true),
          column('pending', 'Pending', true),
          column('dueSoon', 'Due soon', true),
          column('stopped', 'Stopped', true),
          column('notApplicable', 'Not applicable', true),
          column('onTimeRate', 'On time', true),
          column('workingDaysTaken.count', 'Done', true),
          column('workingDaysTaken.median', 'Median days', true),
          column('workingDaysTaken.p90', 'P90 days', true),
        ],
        SLA_TARGET_IDS.map((id) => {
          const t = r[id];
          return row(id, [
            text(targetLabel(id, r.slaTargets)),
            figure(t.met),
            figure(t.missed),
            figure(t.overdue),
            figure(t.pending),
            figure(t.dueSoon),
            figure(t.stopped),
            figure(t.notApplicable),
            rate(t.onTimeRate),
            figure(t.workingDaysTaken.count),
            figure(t.workingDaysTaken.median),
            figure(t.workingDaysTaken.p90),
          ]);
        }),
      ),
    ],
    [
      'On-time rate = met / (met + missed + overdue). Pending includes due soon. Stopped: the case ended before the target was done. Done: targets met or missed; median and P90 working days taken are over those.',
      'Targets are counted per opening: a reopened case counts its reopening’s response target as well as its receipt’s; the acknowledgement is the receipt’s only.',
      `Each complaint is judged under the policy version recorded at its receipt; the working days in the labels are the policy in force's.`,
    ],
  );

const monthlyTrendSection = (r: MonitoringReport): ReportSection =>
  section(
    'trend',
    'Monthly trend',
    [
      table(
        'trend',
        'Monthly trend',
        [
          column('month', 'Month'),
          column('received', 'Received', true),
          ...SLA_TARGET_IDS.flatMap((id) => [
            column(`${id}.met`, `${targetName(id)} met`, true),
            column(`${id}.judged`, `${targetName(id)} judged`, true),
            column(`${id}.onTimeRate`, `${targetName(id)} on time`, true),
          ]),
        ],
        r.monthly.map((m) => row(m.month, [text(m.month), figure(m.received), ...SLA_TARGET_IDS.flatMap((id) => [figure(m[id].met), figure(m[id].judged), rate(m[id].onTimeRate)])])),
        'No complaints.',
      ),
    ],
    [
      'Received: by the month each complaint was received (London time). Targets: by the month their opening began, the receipt’s or a reopening’s; SLA statuses as of the report’s instant. Judged = met + missed + overdue: what the on-time rate is over.',
    ],
  );

const receivedSection = (r: MonitoringReport): ReportSection =>
  section('received', 'Received', [
    countsTable('received-by-channel', 'By channel', 'Channel', r.received.byChannel),
    table(
      'received-outside-policy',
      'By a channel outside the policy',
      [column('channel', 'Channel'), column('count', 'Complaints', true)],
      [
        ...Object.entries(r.channelsOutsidePolicy.byChannel).map(([channel, n]) => row(channel, [text(channel), figure(n)])),
        row('total', [text('All outside the policy'), figure(r.channelsOutsidePolicy.total)], 'total'),
      ],
    ),
    countsTable('received-by-business-area', 'By business area', 'Business area', r.received.byBusinessArea),
    countsTable('received-by-relationship', 'By complainant relationship', 'Relationship', r.received.byRelationship),
    countsTable('received-by-policy', 'By policy version', 'Policy version', r.received.byPolicy),
    countsTable('by-status', 'By status now', 'Status', r.byStatus),
  ], ['By a channel outside the policy: complaints recorded although their policy does not list the channel they came by (C1).']);

const OUTCOME_HEADINGS = { upheld: 'Upheld', 'partially-upheld': 'Partially upheld', 'not-upheld': 'Not upheld' } as const;
const OUTCOMES = Object.keys(OUTCOME_HEADINGS) as (keyof typeof OUTCOME_HEADINGS)[];

const outcomesSection = (r: MonitoringReport): ReportSection =>
  section(
    'outcomes',
    'Outcomes',
    [
      table(
        'outcomes',
        'Outcomes overall',
        [column('outcome', 'Outcome'), column('count', 'Complaints', true)],
        [...OUTCOMES.map((o) => row(o, [text(OUTCOME_HEADINGS[o]), figure(r.outcomes[o])])), row('responsesIssued', [text('Responses issued'), figure(r.outcomes.responsesIssued)], 'total')],
      ),
      table(
        'outcomes-by-business-area',
        'Outcomes by business area',
        [column('businessArea', 'Business area'), ...OUTCOMES.map((o) => column(o, OUTCOME_HEADINGS[o], true))],
        Object.entries(r.outcomes.byBusinessArea).map(([area, o]) => row(area, [text(area), ...OUTCOMES.map((k) => figure(o[k]))])),
        'No complaint has been answered.',
      ),
    ],
    ['Each answered complaint counts once, by its latest response; responses issued counts every response, a reopened case answered again included.'],
  );

const actionsSection = (r: MonitoringReport): ReportSection =>
  section('actions', 'Actions', [
    table(
      'action-counts',
      'Action counts',
      [column('total', 'Total', true), column('completed', 'Completed', true), column('open', 'Open', true), column('overdue', 'Overdue', true)],
      [row('all', [figure(r.actions.total), figure(r.actions.completed), figure(r.actions.open), figure(r.actions.overdue)])],
    ),
    table(
      'action-items',
      'Action items',
      [column('complaintId', 'Complaint'), column('actionId', 'Action'), column('description', 'Description'), column('owner', 'Owner'), column('dueOn', 'Due'), column('status', 'Status'), column('completedAt', 'Completed')],
      r.actions.items.map((a, i) =>
        row(
          String(i),
          [text(a.complaintId), text(a.actionId), text(a.description), text(a.owner), text(a.dueOn), text(a.status === 'completed' ? 'completed' : a.overdue ? 'overdue' : 'open'), text(a.completedAt)],
          a.status === 'open' && a.overdue ? 'alert' : undefined,
        ),
      ),
      'No actions.',
    ),
  ], ['Overdue actions are open ones past their due date (London).']);

// the domain's own order of statuses
const byDomainOrder = <V>(record: Readonly<Partial<Record<string, V>>>): [string, V][] =>
  Object.entries(record)
    .filter((e): e is [string, V] => e[1] !== undefined)
    .sort(([a], [b]) => rankOf(a) - rankOf(b));
const rankOf = (status: string): number => {
  const i = (complaintStatuses as readonly string[]).indexOf(status);
  return i < 0 ? complaintStatuses.length : i;
};

// the status with its due date, the way a handler says it: `overdue (due 2025-06-17)`
const standing = (t: TargetStanding): ReportCell => ({ text: t.dueDate === null ? t.status : `${t.status} (due ${t.dueDate})`, value: t.status });

const caseloadSection = (r: MonitoringReport): ReportSection =>
  section('caseload', 'Open caseload', [
    table(
      'caseload-by-status',
      'Open by status',
      [column('status', 'Status'), column('count', 'Complaints', true)],
      [...byDomainOrder(r.caseload.byStatus).map(([status, n]) => row(status, [text(status), figure(n)])), row('total', [text('All open'), figure(r.caseload.total)], 'total')],
    ),
    countsTable('caseload-by-urgency', 'Open by urgency', 'Urgency', r.caseload.byUrgency as Record<string, number>, 'No open complaints.'),
    table(
      'caseload',
      'Open cases',
      [
        column('complaintId', 'Complaint'),
        column('status', 'Status'),
        column('businessArea', 'Business area'),
        column('handler', 'Handler'),
        column('openedAt', 'Opening'),
        ...SLA_TARGET_IDS.flatMap((id) => [column(`${id}.status`, targetName(id)), column(`${id}.workingDaysLeft`, `${targetName(id)} days left`, true)]),
        column('urgency', 'Urgency'),
      ],
      r.caseload.cases.map((c) =>
        row(
          c.complaintId,
          [
            text(c.complaintId),
            text(c.status),
            text(c.businessArea),
            text(c.handler?.name ?? null, 'unassigned'),
            { text: `${c.reopened ? 'reopened' : 'received'} ${londonDateOf(c.openedAt as Instant)}`, value: c.openedAt },
            ...SLA_TARGET_IDS.flatMap((id) => [standing(c[id]), figure(c[id].workingDaysLeft)]),
            { text: c.stalled && c.stallLimit !== null ? `stalled (no decision by ${c.stallLimit})` : c.urgency, value: c.urgency },
          ],
          c.urgency === 'overdue' || c.urgency === 'stalled' ? 'alert' : undefined,
        ),
      ),
      'No open complaints.',
    ),
  ], [
    'Most urgent first: stalled, overdue, SLA unknown, due soon, pending, then the rest; days left are working days, negative when over. Targets are the current opening’s: the receipt’s, or the latest reopening’s (the acknowledgement is always the receipt’s).',
    'Stalled: neither an investigation decision nor a response in the current opening by the end of the policy’s stall limit in working days after its receipt or reopening.',
  ]);

const routesSection = (r: MonitoringReport): ReportSection =>
  section('routes', 'Awarding Body, study centres and other routes', [
    table(
      'routes',
      'Awarding Body, study centres and other routes',
      [column('measure', 'Measure'), column('count', 'Count', true)],
      [
        ['assessmentFailures.identified', 'Assessment failures identified', r.assessmentFailures.identified],
        ['assessmentFailures.remediated', 'Assessment failures remediated', r.assessmentFailures.remediated],
        ['assessmentFailures.outstanding', 'Assessment failures outstanding', r.assessmentFailures.outstanding],
        ...Object.entries(r.regulatorReferrals).map(([reg, n]): [string, string, number] => [`regulatorReferrals.${reg}`, `Referred to regulator: ${reg}`, n]),
        ['studyCentres.referredBack', 'Study centre: referred back', r.studyCentres.referredBack],
        ['studyCentres.escalated', 'Study centre: escalated to CIM', r.studyCentres.escalated],
        ['redirections.total', 'Redirected to the Business Centre', r.redirections.total],
        ...Object.entries(r.redirections.to).map(([to, n]): [string, string, number] => [`redirections.to.${to}`, `Redirected to: ${to}`, n]),
        ['reopened.complaints', 'Reopened complaints', r.reopened.complaints],
        ['reopened.reopenings', 'Reopenings', r.reopened.reopenings],
        ['furtherCorrespondenceDeclined', 'Further correspondence declined', r.furtherCorrespondenceDeclined],
      ].map(([key, label, n]) => row(key as string, [text(label as string), figure(n as number)])),
    ),
    table(
      'outstanding-failures',
      'Outstanding assessment failures',
      [column('complaintId', 'Complaint'), column('status', 'Status'), column('failureId', 'Failure'), column('assessment', 'Assessment'), column('identifiedOn', 'Identified')],
      r.assessmentFailures.outstandingItems.map((f) =>
        row(`${f.complaintId}/${f.failureId}`, [text(f.complaintId), text(f.status), text(f.failureId), text(f.assessment), { text: f.identifiedOn, value: f.identifiedAt }]),
      ),
      'None: every assessment failure identified has been remediated.',
    ),
  ], ['Outstanding assessment failures are listed whatever the complaint’s status: a withdrawn or closed case leaves the open caseload, but its failure must still be corrected (C16).']);

const policySection = (r: MonitoringReport): ReportSection =>
  section('policy', 'Policy', [
    table(
      'policy',
      'Policy in force',
      [column('field', 'Field'), column('value', 'Value')],
      r.policy === null
        ? []
        : [
            ['reference', 'Reference', r.policy.reference],
            ['version', 'Version', r.policy.version],
            ['title', 'Title', r.policy.title],
            ['owner', 'Owner', r.policy.owner],
            ['reviewed', 'Reviewed', r.policy.reviewed],
            ['effectiveFrom', 'Effective from', r.policy.effectiveFrom],
            ['nextReviewDue', 'Next review due', r.policy.nextReviewDue],
            ['reviewOverdue', 'Review overdue', r.policy.reviewOverdue ? 'yes' : 'no'],
          ].map(([key, label, value]) => row(key!, [text(label!), text(value!)])),
      'No policy was in force at this instant.',
    ),
    table(
      'sla-targets',
      'SLA targets',
      [column('id', 'Target'), column('workingDays', 'Working days', true), column('startsFrom', 'Counted from'), column('appliesWhen', 'Applies'), column('metBy', 'Met by')],
      r.slaTargets.map((t) => row(t.id, [text(targetName(t.id)), figure(t.workingDays), text(t.startsFrom), text(t.appliesWhen), text(t.metBy)])),
      'No policy was in force at this instant.',
    ),
  ]);

const problemsSection = (r: MonitoringReport): ReportSection =>
  section(
    'problems',
    'Problems',
    [
      table(
        'problems',
        'Problems',
        [column('complaintId', 'Complaint'), column('code', 'Code'), column('streamId', 'Stream'), column('revision', 'Revision', true), column('position', 'Position', true), column('message', 'Message')],
        r.problems.map((p, i) => row(String(i), [text(p.complaintId), text(p.code), text(p.streamId ?? null), p.revision === undefined ? text(null) : figure(p.revision), text(p.position ?? null), text(p.message)], 'alert')),
        'None: every complaint was read and judged.',
      ),
    ],
    r.problems.length === 0 ? [] : ['unreadable-event: a stored event of the complaint does not decode, so the complaint is left out of every figure. Any other code: the SLA could not be evaluated, so the complaint counts in no SLA figure.'],
  );

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const warningsOf = (r: MonitoringReport): ReportNotice[] => {
  const unreadable = new Set(r.problems.filter((p) => p.code === 'unreadable-event').map((p) => p.complaintId));
  const unjudged = new Set(r.problems.filter((p) => p.code !== 'unreadable-event').map((p) => p.complaintId));
  return [
    ...(r.policy?.reviewOverdue === true ? [{ id: 'review-overdue', text: `The policy is past its next-review date (${r.policy.nextReviewDue}).` }] : []),
    ...(unreadable.size === 0
      ? []
      : [{ id: 'unreadable-events', text: `${plural(unreadable.size, 'complaint is', 'complaints are')} left out of this report: a stored event does not decode (see Problems).` }]),
    ...(unjudged.size === 0 ? [] : [{ id: 'sla-problems', text: `${plural(unjudged.size, 'complaint', 'complaints')} could not be judged against the SLA targets and count in no SLA figure (see Problems).` }]),
  ];
};

/** The CSV's columns, in order: every field of a complaint row, then where a problem with it was found. */
export const COMPLAINT_COLUMNS: readonly (keyof ComplaintRow)[] = [
  'complaintId',
  'receivedAt',
  'month',
  'channel',
  'businessArea',
  'relationship',
  'policy',
  'status',
  'standing',
  'department',
  'handler',
  'acknowledgementStatus',
  'acknowledgementDue',
  'acknowledgementWorkingDays',
  'responseStatus',
  'responseDue',
  'responseWorkingDays',
  'outcome',
  'actionsTotal',
  'actionsOpen',
  'reopenings',
  'regulatorReferrals',
  'openings',
  'openedAt',
  'responseByOpening',
  'stalled',
  'outstandingFailures',
  'channelOutsidePolicy',
];

const NUMERIC_COMPLAINT_COLUMNS = new Set<keyof ComplaintRow>(['acknowledgementWorkingDays', 'responseWorkingDays', 'actionsTotal', 'actionsOpen', 'reopenings', 'openings', 'outstandingFailures']);

/** The problem columns after the complaint's own (several problems of one complaint: joined with `; `). */
export const PROBLEM_COLUMNS = ['problem', 'problemStreamId', 'problemRevision', 'problemPosition'] as const;

const problemCells = (problems: readonly SlaProblem[]): ReportCell[] => {
  const joined = (values: readonly (string | number | undefined)[]): ReportCell => {
    const present = values.filter((v): v is string | number => v !== undefined);
    return present.length === 0 ? text(null) : present.length === 1 && typeof present[0] === 'number' ? figure(present[0]) : text(present.join('; '));
  };
  return [joined(problems.map((p) => p.code)), joined(problems.map((p) => p.streamId)), joined(problems.map((p) => p.revision)), joined(problems.map((p) => p.position))];
};

const complaintsTable = (r: MonitoringReport): ReportTable => {
  const problemsOf = new Map<string, SlaProblem[]>();
  for (const p of r.problems) problemsOf.set(p.complaintId, [...(problemsOf.get(p.complaintId) ?? []), p]);
  const cellOf = (value: string | number | null): ReportCell => (typeof value === 'number' ? figure(value) : text(value));
  const reported = new Set(r.complaints.map((c) => c.complaintId));
  return table(
    'complaints',
    'Complaints',
    [...COMPLAINT_COLUMNS.map((key) => column(key, key, NUMERIC_COMPLAINT_COLUMNS.has(key))), ...PROBLEM_COLUMNS.map((key) => column(key, key, key === 'problemRevision'))],
    [
      ...r.complaints.map((c) => row(c.complaintId, [...COMPLAINT_COLUMNS.map((key) => cellOf(c[key])), ...problemCells(problemsOf.get(c.complaintId) ?? [])])),
      // left out of the report: only the id and what went wrong
      ...[...problemsOf]
        .filter(([id]) => !reported.has(id))
        .map(([id, problems]) => row(id, [text(id), ...COMPLAINT_COLUMNS.slice(1).map(() => text(null)), ...problemCells(problems)], 'alert')),
    ],
    'No complaints.',
  );
};

/** The report as one table model, in reading order: what Markdown and HTML show, and the complaint rows CSV writes. */
export const reportTables = (r: MonitoringReport): ReportTables => {
  let complaints: ReportTable | undefined;
  return {
    title: 'Complaints monitoring report',
    asOf: r.asOf,
    policy: r.policy === null ? 'none in force at this instant' : `${r.policy.reference} ${r.policy.version} (${r.policy.title}); next review due ${r.policy.nextReviewDue}`,
    warnings: warningsOf(r),
    summary: summaryTable(r),
    sections: [serviceLevels(r), monthlyTrendSection(r), receivedSection(r), outcomesSection(r), actionsSection(r), caseloadSection(r), routesSection(r), policySection(r), problemsSection(r)],
    // a row per complaint, which only CSV writes: built when first read
    get complaints() {
      return (complaints ??= complaintsTable(r));
    },
  };
};

/** Every table of the model, the summary first (the complaints table, CSV's, is not among them). */
export const tablesOf = (model: ReportTables): readonly ReportTable[] => [model.summary, ...model.sections.flatMap((s) => s.tables)];
