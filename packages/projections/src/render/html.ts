/**
 * The report as one self-contained HTML page: inline CSS and inline SVG charts, no script, no
 * network (a Content-Security-Policy forbids every fetch), so it opens offline from a file or an
 * email attachment. Charts: complaints received per month, SLA compliance per target, outcomes,
 * and the open caseload by status. Every bar is an SVG `rect.bar` carrying `data-key` and
 * `data-value`, so tests and assistive tools can read the figures behind the picture.
 *
 * @example
 * writeFileSync('monitoring.html', renderHtml(report));
 */
import type { MonitoringReport } from '../report.js';
import type { TargetCompliance } from '../read-models/sla.js';
import { formatNumber, formatRate } from './format.js';

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly colour: string;
}

const COLOURS = {
  primary: '#2f5d8a',
  met: '#2e7d32',
  missed: '#c62828',
  overdue: '#ef6c00',
  pending: '#607d8b',
  upheld: '#c62828',
  partial: '#f9a825',
  notUpheld: '#2e7d32',
};

/** A vertical bar chart as inline SVG. */
export const barChart = (id: string, title: string, bars: readonly Bar[]): string => {
  const left = 64; // room for the first label, rotated to the left
  const width = Math.max(320, left + 16 + bars.length * 44);
  const height = 220;
  const top = 20;
  const bottom = 70;
  const plot = height - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - left - 16) / Math.max(1, bars.length);
  const barWidth = Math.min(36, slot * 0.7);
  const parts = bars.map((b, i) => {
    const h = (b.value / max) * plot;
    const x = left + i * slot + (slot - barWidth) / 2;
    const y = top + plot - h;
    return [
      `<rect class="bar" data-key="${escapeHtml(b.key)}" data-value="${b.value}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${b.colour}"><title>${escapeHtml(b.label)}: ${b.value}</title></rect>`,
      `<text class="value" x="${(x + barWidth / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${b.value}</text>`,
      `<text class="label" x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 14}" text-anchor="end" transform="rotate(-35 ${(x + barWidth / 2).toFixed(1)} ${height - bottom + 14})">${escapeHtml(b.label)}</text>`,
    ].join('');
  });
  return [
    `<figure><figcaption>${escapeHtml(title)}</figcaption>`,
    `<svg id="${escapeHtml(id)}" class="chart" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<line class="axis" x1="${left - 4}" y1="${top + plot}" x2="${width - 8}" y2="${top + plot}" stroke="#444"/>`,
    bars.length === 0 ? `<text class="empty" x="${width / 2}" y="${top + plot / 2}" text-anchor="middle">No data</text>` : parts.join(''),
    `</svg></figure>`,
  ].join('');
};

const slaBars = (name: string, short: string, t: TargetCompliance): Bar[] => [
  { key: `${name}-met`, label: `${short}: met`, value: t.met, colour: COLOURS.met },
  { key: `${name}-missed`, label: `${short}: missed`, value: t.missed, colour: COLOURS.missed },
  { key: `${name}-overdue`, label: `${short}: overdue`, value: t.overdue, colour: COLOURS.overdue },
  { key: `${name}-pending`, label: `${short}: pending`, value: t.pending, colour: COLOURS.pending },
];

const OPEN_STATUSES = ['received', 'acknowledged', 'under-investigation', 'responded'] as const;

/** The bars of each chart, in order: what the page draws. */
export const chartData = (r: MonitoringReport) => ({
  receivedByMonth: Object.entries(r.received.byMonth).map(([month, n]): Bar => ({ key: month, label: month, value: n, colour: COLOURS.primary })),
  slaCompliance: [...slaBars('acknowledgement', 'ack', r.acknowledgement), ...slaBars('response', 'resp', r.response)],
  outcomes: [
    { key: 'upheld', label: 'upheld', value: r.outcomes.upheld, colour: COLOURS.upheld },
    { key: 'partially-upheld', label: 'partially upheld', value: r.outcomes['partially-upheld'], colour: COLOURS.partial },
    { key: 'not-upheld', label: 'not upheld', value: r.outcomes['not-upheld'], colour: COLOURS.notUpheld },
  ] as Bar[],
  caseloadByStatus: OPEN_STATUSES.map((s): Bar => ({ key: s, label: s, value: r.caseload.byStatus[s] ?? 0, colour: COLOURS.primary })),
});

const table = (headers: readonly string[], rows: readonly (readonly unknown[])[], cls = ''): string =>
  `<table${cls === '' ? '' : ` class="${cls}"`}><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

const slaRow = (name: string, t: TargetCompliance) => [
  name,
  t.met,
  t.missed,
  t.overdue,
  t.pending,
  t.dueSoon,
  formatRate(t.onTimeRate),
  formatNumber(t.workingDaysTaken.median),
  formatNumber(t.workingDaysTaken.p90),
];

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:24px;color:#1d1d1d;background:#fff}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#555}.warning{background:#fff3e0;border-left:4px solid #ef6c00;padding:8px 12px;margin:12px 0}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.tile{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:110px}
.tile b{display:block;font-size:1.6em}.charts{display:flex;flex-wrap:wrap;gap:24px}figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:11px;fill:#333}table{border-collapse:collapse;margin:8px 0;font-size:.9em}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
th{background:#f4f6f8}.urgent td{background:#fff3e0}
`;

/** The report as a self-contained HTML page. */
export const renderHtml = (r: MonitoringReport): string => {
  const charts = chartData(r);
  const policy =
    r.policy === null
      ? `<p class="warning">No policy was in force at this instant.</p>`
      : `<p class="meta">Policy ${escapeHtml(r.policy.reference)} ${escapeHtml(r.policy.version)}, ${escapeHtml(r.policy.title)}; next review due ${escapeHtml(r.policy.nextReviewDue)}.</p>${
          r.policy.reviewOverdue ? `<p class="warning" id="review-overdue">The policy is past its next-review date (${escapeHtml(r.policy.nextReviewDue)}).</p>` : ''
        }`;
  const tiles = [
    ['Received', r.received.total],
    ['Open', r.open],
    ['Closed', r.closed],
    ['Withdrawn', r.withdrawn],
    ['Redirected', r.redirected],
    ['Referred to study centre', r.referredToStudyCentre],
    ['Acknowledged on time', formatRate(r.acknowledgement.onTimeRate)],
    ['Responded on time', formatRate(r.response.onTimeRate)],
  ]
    .map(([label, value]) => `<div class="tile"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`)
    .join('');
  const caseRows = r.caseload.cases.map((c) => [
    c.complaintId,
    c.status,
    c.businessArea,
    c.handler?.name ?? 'unassigned',
    `${c.acknowledgement.status}${c.acknowledgement.dueDate === null ? '' : ` (due ${c.acknowledgement.dueDate})`}`,
    `${c.response.status}${c.response.dueDate === null ? '' : ` (due ${c.response.dueDate})`}`,
    c.urgency,
  ]);
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Complaints monitoring report as of ${escapeHtml(r.asOf)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Complaints monitoring report</h1>
<p class="meta">As of <time datetime="${escapeHtml(r.asOf)}">${escapeHtml(r.asOf)}</time></p>
${policy}
<div class="tiles">${tiles}</div>
<h2>Charts</h2>
<div class="charts">
${barChart('chart-received-by-month', 'Complaints received per month', charts.receivedByMonth)}
${barChart('chart-sla-compliance', 'SLA compliance (pending includes due soon)', charts.slaCompliance)}
${barChart('chart-outcomes', 'Outcomes of investigations', charts.outcomes)}
${barChart('chart-caseload-by-status', 'Open caseload by status', charts.caseloadByStatus)}
</div>
<h2>Service levels</h2>
<p>On-time rate = met / (met + missed + overdue).</p>
${table(['Target', 'Met', 'Missed', 'Overdue', 'Pending', 'Due soon', 'On time', 'Median working days', 'P90 working days'], [slaRow('Acknowledgement', r.acknowledgement), slaRow('Response', r.response)])}
<h2>Open caseload</h2>
${caseRows.length === 0 ? '<p>No open complaints.</p>' : table(['Complaint', 'Status', 'Area', 'Handler', 'Acknowledgement', 'Response', 'Urgency'], caseRows, 'caseload')}
<h2>Outcomes by business area</h2>
${table(['Business area', 'Upheld', 'Partially upheld', 'Not upheld'], Object.entries(r.outcomes.byBusinessArea).map(([area, o]) => [area, o.upheld, o['partially-upheld'], o['not-upheld']]))}
<h2>Actions</h2>
<p>${r.actions.total} actions: ${r.actions.completed} completed, ${r.actions.open} open, of which ${r.actions.overdue} overdue.</p>
${table(['Complaint', 'Action', 'Description', 'Owner', 'Due', 'Status'], r.actions.items.map((a) => [a.complaintId, a.actionId, a.description, a.owner, a.dueOn ?? '', a.status === 'completed' ? 'completed' : a.overdue ? 'overdue' : 'open']))}
<h2>Awarding Body, study centres and other routes</h2>
${table(
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
)}
${r.problems.length === 0 ? '' : `<h2>Problems</h2>${table(['Complaint', 'Code', 'Message'], r.problems.map((p) => [p.complaintId, p.code, p.message]))}`}
</body>
</html>
`;
};
