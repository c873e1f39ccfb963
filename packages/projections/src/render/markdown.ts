/**
 * The report as Markdown: headline figures, then a table per section, for a monthly paper to
 * the Quality and Complaints Manager or a pull request comment. Every piece of text from the events
 * goes through `escapeMarkdown`, so it prints literally: no HTML, link, emphasis or table cell of
 * its own.
 *
 * @example
 * writeFileSync('monitoring.md', renderMarkdown(report));
 */
import type { MonitoringReport } from '../report.js';
import type { TargetCompliance } from '../read-models/sla.js';
import { formatNumber, formatRate } from './format.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from the events, made to print literally in Markdown: `&`, `<` and `>` become entities (no
 * raw HTML, no `<autolink>`), the inline punctuation `\` `` ` `` `*` `_` `[` `]` `~` `|` is
 * backslash-escaped (no code span, emphasis, link, image or extra table cell) and a line break
 * becomes a space (none can end a table row or start a heading or list).
 */
export const escapeMarkdown = (value: unknown): string =>
  String(value ?? '')
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[&<>\\`*_[\]~|]/g, (c) => ENTITIES[c] ?? `\\${c}`);

/** Markdown the renderer writes itself, which a table prints as it is. */
class Markup {
  constructor(readonly markdown: string) {}
}

// everything else in a cell is data
const cell = (value: unknown): string => (value instanceof Markup ? value.markdown : escapeMarkdown(value));

const table = (headers: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

const counts = (label: string, record: Readonly<Record<string, number>>): string =>
  Object.keys(record).length === 0 ? `_No complaints._` : table([label, 'Complaints'], Object.entries(record));

const slaRow = (name: string, t: TargetCompliance) => [
  name,
  t.met,
  t.missed,
  t.overdue,
  t.pending,
  t.dueSoon,
  t.stopped,
  t.notApplicable,
  formatRate(t.onTimeRate),
  formatNumber(t.workingDaysTaken.median),
  formatNumber(t.workingDaysTaken.p90),
];

/** The report as a Markdown document. */
export const renderMarkdown = (r: MonitoringReport): string => {
  const policy =
    r.policy === null
      ? '_No policy was in force at this instant._'
      : `${escapeMarkdown(r.policy.reference)} ${escapeMarkdown(r.policy.version)} (${escapeMarkdown(r.policy.title)}); next review due ${escapeMarkdown(r.policy.nextReviewDue)}${r.policy.reviewOverdue ? ' — **review overdue**' : ''}.`;
  const sections = [
    `# Complaints monitoring report`,
    `As of ${escapeMarkdown(r.asOf)}. Policy: ${policy}`,
    `## Summary`,
    table(
      ['Received', 'Open', 'Closed', 'Withdrawn', 'Redirected', 'Referred to study centre'],
      [[r.received.total, r.open, r.closed, r.withdrawn, r.redirected, r.referredToStudyCentre]],
    ),
    `## Received`,
    `### By month`,
    counts('Month', r.received.byMonth),
    `### By channel`,
    counts('Channel', r.received.byChannel),
    `### By business area`,
    counts('Business area', r.received.byBusinessArea),
    `### By complainant relationship`,
    counts('Relationship', r.received.byRelationship),
    `## Service levels`,
    `On-time rate = met / (met + missed + overdue). Pending includes due soon. Working days taken are over targets done (met or missed).`,
    table(
      ['Target', 'Met', 'Missed', 'Overdue', 'Pending', 'Due soon', 'Stopped', 'Not applicable', 'On time', 'Median days', 'P90 days'],
      [slaRow('Acknowledgement (5 working days)', r.acknowledgement), slaRow('Response (20 working days)', r.response)],
    ),
    `## Outcomes`,
    table(
      ['Business area', 'Upheld', 'Partially upheld', 'Not upheld'],
      [
        ...Object.entries(r.outcomes.byBusinessArea).map(([area, o]) => [area, o.upheld, o['partially-upheld'], o['not-upheld']]),
        [new Markup('**All**'), r.outcomes.upheld, r.outcomes['partially-upheld'], r.outcomes['not-upheld']],
      ],
    ),
    `## Actions`,
    `${r.actions.total} actions: ${r.actions.completed} completed, ${r.actions.open} open, of which ${r.actions.overdue} overdue.`,
    r.actions.items.length === 0
      ? '_No actions._'
      : table(
          ['Complaint', 'Action', 'Description', 'Owner', 'Due', 'Status'],
          r.actions.items.map((a) => [a.complaintId, a.actionId, a.description, a.owner, a.dueOn ?? '', a.status === 'completed' ? `completed ${a.completedAt}` : a.overdue ? 'overdue' : 'open']),
        ),
    `## Open caseload`,
    r.caseload.cases.length === 0
      ? '_No open complaints._'
      : table(
          ['Complaint', 'Status', 'Area', 'Handler', 'Acknowledgement', 'Response', 'Urgency'],
          r.caseload.cases.map((c) => [
            c.complaintId,
            c.status,
            c.businessArea,
            c.handler?.name ?? 'unassigned',
            `${c.acknowledgement.status}${c.acknowledgement.dueDate === null ? '' : ` (due ${c.acknowledgement.dueDate})`}`,
            `${c.response.status}${c.response.dueDate === null ? '' : ` (due ${c.response.dueDate})`}`,
            c.urgency,
          ]),
        ),
    `## Awarding Body, study centres and other routes`,
    table(
      ['Measure', 'Count'],
      [
        ['Assessment failures identified', r.assessmentFailures.identified],
        ['Assessment failures remediated', r.assessmentFailures.remediated],
        ...Object.entries(r.regulatorReferrals).map(([reg, n]) => [`Referred to regulator: ${reg}`, n]),
        ['Study centre: referred back', r.studyCentres.referredBack],
        ['Study centre: escalated to CIM', r.studyCentres.escalated],
        ['Redirected to the Business Centre', r.redirected],
        ['Reopened', r.reopened.complaints],
        ['Further correspondence declined', r.furtherCorrespondenceDeclined],
      ],
    ),
    ...(r.problems.length === 0 ? [] : [`## Problems`, table(['Complaint', 'Code', 'Message'], r.problems.map((p) => [p.complaintId, p.code, p.message]))]),
  ];
  return `${sections.join('\n\n')}\n`;
};
