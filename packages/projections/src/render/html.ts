/**
 * The report as one self-contained HTML page: the report's table model (`reportTables`)
 * formatted, with inline CSS and inline SVG charts drawn from the same model, no script, no
 * network (a Content-Security-Policy forbids every fetch), so it opens offline from a file or an
 * email attachment. Charts: a monthly trend (complaints received per month as bars, each target's
 * on-time rate as a line, on a count axis and a percentage axis with gridlines), SLA status per
 * target (stacked), outcomes and the open caseload by status (horizontal bars, so no label is cut).
 * Every bar is an SVG `rect.bar` and every trend point a `circle.point`, each carrying `data-key`
 * and `data-value`, so tests and assistive tools can read the figures behind the picture; the
 * tables below give every figure as text.
 *
 * @example
 * writeFileSync('monitoring.html', renderHtml(report));
 */
import { reportTables, tablesOf, type MonitoringReport, type ReportCell, type ReportRow, type ReportSection, type ReportTable, type ReportTables } from '../report.js';

/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface Bar {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly colour: string;
}

/** One line of the trend chart: a rate (0 to 1) per month, `null` where nothing was judged. */
export interface TrendLine {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  readonly points: readonly { readonly key: string; readonly value: number | null }[];
}

/** What the page draws, in order, all read from the table model. */
export interface ChartData {
  /** Complaints received per month (bars) and each target's on-time rate (lines), the last 24 months at most. */
  readonly trend: { readonly bars: readonly Bar[]; readonly lines: readonly TrendLine[]; readonly months: number };
  /** Per target, its complaints by SLA status. */
  readonly slaCompliance: readonly { readonly key: string; readonly label: string; readonly segments: readonly Bar[] }[];
  readonly outcomes: readonly Bar[];
  readonly caseloadByStatus: readonly Bar[];
}

const COLOURS = {
  received: '#9fbddc',
  lines: ['#1b6b3a', '#8e24aa', '#c75b00'],
  met: '#2e7d32',
  missed: '#c62828',
  overdue: '#ef6c00',
  pending: '#5c8bb8',
  stopped: '#9e9e9e',
  notApplicable: '#d9dde1',
  upheld: '#c62828',
  'partially-upheld': '#f2a900',
  'not-upheld': '#2e7d32',
  caseload: '#2f5d8a',
} as const;

const SLA_SEGMENTS = ['met', 'missed', 'overdue', 'pending', 'stopped', 'notApplicable'] as const;
const OUTCOME_KEYS = ['upheld', 'partially-upheld', 'not-upheld'] as const;
const TREND_MONTHS = 24;

const tableIn = (model: ReportTables, id: string): ReportTable | undefined => tablesOf(model).find((t) => t.id === id);

const cellIn = (t: ReportTable, row: ReportRow, key: string): ReportCell | undefined => row.cells[t.columns.findIndex((c) => c.key === key)];

const numberIn = (t: ReportTable, row: ReportRow, key: string): number | null => {
  const value = cellIn(t, row, key)?.value;
  return typeof value === 'number' ? value : null;
};

const headingIn = (t: ReportTable, key: string): string => t.columns.find((c) => c.key === key)?.heading ?? key;

/** The bars and lines of each chart, read from the table model. */
export const chartData = (model: ReportTables): ChartData => {
  const trend = tableIn(model, 'trend');
  const months = trend?.rows.slice(-TREND_MONTHS) ?? [];
  const rateKeys = trend?.columns.filter((c) => c.key.endsWith('.onTimeRate')).map((c) => c.key) ?? [];
  const sla = tableIn(model, 'sla');
  const outcomes = tableIn(model, 'outcomes');
  const caseload = tableIn(model, 'caseload-by-status');
  return {
    trend: {
      months: trend?.rows.length ?? 0,
      bars: trend === undefined ? [] : months.map((row) => ({ key: row.key, label: row.key, value: numberIn(trend, row, 'received') ?? 0, colour: COLOURS.received })),
      lines:
        trend === undefined
          ? []
          : rateKeys.map((key, i) => ({
              key: key.replace(/\.onTimeRate$/, ''),
              label: headingIn(trend, key),
              colour: COLOURS.lines[i % COLOURS.lines.length]!,
              points: months.map((row) => ({ key: row.key, value: numberIn(trend, row, key) })),
            })),
    },
    slaCompliance:
      sla === undefined
        ? []
        : sla.rows.map((row) => ({
            key: row.key,
            label: row.cells[0]?.text ?? row.key,
            segments: SLA_SEGMENTS.map((s) => ({ key: `${row.key}-${s}`, label: headingIn(sla, s), value: numberIn(sla, row, s) ?? 0, colour: COLOURS[s] })),
          })),
    outcomes:
      outcomes === undefined
        ? []
        : outcomes.rows
            .filter((row) => (OUTCOME_KEYS as readonly string[]).includes(row.key))
            .map((row) => ({ key: row.key, label: row.cells[0]?.text ?? row.key, value: numberIn(outcomes, row, 'count') ?? 0, colour: COLOURS[row.key as (typeof OUTCOME_KEYS)[number]] })),
    caseloadByStatus:
      caseload === undefined
        ? []
        : caseload.rows.filter((row) => row.tone !== 'total').map((row) => ({ key: row.key, label: row.cells[0]?.text ?? row.key, value: numberIn(caseload, row, 'count') ?? 0, colour: COLOURS.caseload })),
  };
};

// ------------------------------------------------------------------------------------ charts

const n1 = (x: number): string => String(Math.round(x * 10) / 10);

/** A whole step (1, 2 or 5 times a power of ten) so that `intervals` of it reach `max`. */
const niceStep = (max: number, intervals: number): number => {
  const raw = Math.max(1, max) / intervals;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return Math.max(1, [1, 2, 5, 10].map((s) => s * magnitude).find((s) => s >= raw)!);
};

// an estimate of a 12px label's width, so the label column is wide enough for the longest one
const labelWidth = (label: string): number => label.length * 6.8;

const svgOpen = (id: string, title: string, width: number, height: number): string =>
  `<svg id="${escapeHtml(id)}" class="chart" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`;

const legend = (items: readonly { readonly label: string; readonly colour: string; readonly line?: boolean }[]): string =>
  `<ul class="legend">${items.map((i) => `<li><span class="${i.line === true ? 'key line' : 'key'}" style="background:${i.colour}"></span>${escapeHtml(i.label)}</li>`).join('')}</ul>`;

const figure = (title: string, svg: string, after = '', wide = false): string =>
  `<figure class="${wide ? 'card wide' : 'card'}"><figcaption>${escapeHtml(title)}</figcaption>${svg}${after}</figure>`;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Received per month as bars on a count axis, each target's on-time rate as a line on a 0 to 100% axis; the two share gridlines. */
const trendChart = (id: string, title: string, data: ChartData['trend']): string => {
  const width = 1100;
  const height = 300;
  const [left, right, top, bottom] = [48, 56, 28, 46];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const intervals = 4;
  const step = niceStep(Math.max(0, ...data.bars.map((b) => b.value)), intervals);
  const max = step * intervals;
  const y = (value: number) => top + plotH - (value / max) * plotH;
  const yRate = (rate: number) => top + plotH - rate * plotH;
  const slot = plotW / Math.max(1, data.bars.length);
  const barW = Math.min(40, slot * 0.62);
  const x = (i: number) => left + i * slot + slot / 2;
  const every = Math.ceil(data.bars.length / 16);
  const grid = Array.from({ length: intervals + 1 }, (_, i) => {
    const gy = n1(top + plotH - (i / intervals) * plotH);
    return [
      `<line class="${i === 0 ? 'axis' : 'grid'}" x1="${left}" y1="${gy}" x2="${width - right}" y2="${gy}"/>`,
      `<text class="tick" x="${left - 8}" y="${gy}" dy="4" text-anchor="end">${i * step}</text>`,
      `<text class="tick" x="${width - right + 8}" y="${gy}" dy="4">${(i * 100) / intervals}%</text>`,
    ].join('');
  }).join('');
  const bars = data.bars
    .map((b, i) => {
      const by = y(b.value);
      const [year, month] = b.key.split('-');
      const name = MONTH_NAMES[Number(month) - 1] ?? b.key;
      const labelled = i % every === 0;
      return [
        `<rect class="bar" data-key="${escapeHtml(b.key)}" data-value="${b.value}" x="${n1(x(i) - barW / 2)}" y="${n1(by)}" width="${n1(barW)}" height="${n1(top + plotH - by)}" fill="${b.colour}"><title>${escapeHtml(b.label)}: ${b.value} received</title></rect>`,
        labelled ? `<text class="tick" x="${n1(x(i))}" y="${top + plotH + 16}" text-anchor="middle">${escapeHtml(name)}</text>` : '',
        labelled && (i === 0 || month === '01') ? `<text class="tick year" x="${n1(x(i))}" y="${top + plotH + 31}" text-anchor="middle">${escapeHtml(year)}</text>` : '',
      ].join('');
    })
    .join('');
  // inside a bar tall enough to hold it, so it keeps clear of the rate points above; over a short one
  const values = data.bars
    .map((b, i) => {
      if (b.value === 0 || slot < 18) return '';
      const by = y(b.value);
      const inside = top + plotH - by >= 22;
      return `<text class="${inside ? 'inside' : 'value halo'}" x="${n1(x(i))}" y="${n1(inside ? by + 15 : by - 6)}" text-anchor="middle">${b.value}</text>`;
    })
    .join('');
  const lines = data.lines
    .map((line) => {
      let d = '';
      let drawing = false;
      line.points.forEach((p, i) => {
        if (p.value === null) drawing = false;
        else {
          d += `${drawing ? 'L' : 'M'}${n1(x(i))} ${n1(yRate(p.value))}`;
          drawing = true;
        }
      });
      const points = line.points
        .map((p, i) =>
          p.value === null
            ? ''
            : `<circle class="point" data-key="${escapeHtml(`${line.key}-${p.key}`)}" data-value="${p.value}" cx="${n1(x(i))}" cy="${n1(yRate(p.value))}" r="4" fill="#fff" stroke="${line.colour}" stroke-width="2"><title>${escapeHtml(line.label)}, ${escapeHtml(p.key)}: ${(p.value * 100).toFixed(1)}%</title></circle>`,
        )
        .join('');
      return `<path class="line" d="${d}" fill="none" stroke="${line.colour}" stroke-width="2.5" stroke-linejoin="round"/>${points}`;
    })
    .join('');
  const svg = [
    svgOpen(id, title, width, height),
    `<text class="axis-title" x="4" y="14">Received</text>`,
    `<text class="axis-title" x="${width - 4}" y="14" text-anchor="end">On time</text>`,
    grid,
    data.bars.length === 0 ? `<text class="empty" x="${width / 2}" y="${top + plotH / 2}" text-anchor="middle">No complaints</text>` : bars + lines + values,
    `</svg>`,
  ].join('');
  return figure(title, svg, legend([{ label: 'Received', colour: COLOURS.received }, ...data.lines.map((l) => ({ label: l.label, colour: l.colour, line: true }))]), true);
};

/** Each row a horizontal bar split by status, labelled above, on one count axis with gridlines. */
const stackedChart = (id: string, title: string, rows: ChartData['slaCompliance']): string => {
  const width = 1100;
  const [left, right, top] = [16, 24, 8];
  const rowH = 58;
  const barH = 28;
  const height = top + rows.length * rowH + 30;
  const plotW = width - left - right;
  const intervals = 5;
  const step = niceStep(Math.max(0, ...rows.map((r) => r.segments.reduce((sum, s) => sum + s.value, 0))), intervals);
  const max = step * intervals;
  const axisY = top + rows.length * rowH;
  const grid = Array.from({ length: intervals + 1 }, (_, i) => {
    const gx = n1(left + (i / intervals) * plotW);
    return `<line class="${i === 0 ? 'axis' : 'grid'}" x1="${gx}" y1="${top}" x2="${gx}" y2="${axisY}"/><text class="tick" x="${gx}" y="${axisY + 16}" text-anchor="middle">${i * step}</text>`;
  }).join('');
  const body = rows
    .map((r, i) => {
      const by = top + i * rowH + 22;
      let offset = left;
      const segments = r.segments
        .map((s) => {
          const w = (s.value / max) * plotW;
          const sx = offset;
          offset += w;
          return [
            `<rect class="bar" data-key="${escapeHtml(s.key)}" data-value="${s.value}" x="${n1(sx)}" y="${by}" width="${n1(w)}" height="${barH}" fill="${s.colour}"><title>${escapeHtml(r.label)}, ${escapeHtml(s.label)}: ${s.value}</title></rect>`,
            w >= 22 ? `<text class="${s.colour === COLOURS.notApplicable ? 'inside dark' : 'inside'}" x="${n1(sx + w / 2)}" y="${by + barH / 2}" dy="4" text-anchor="middle">${s.value}</text>` : '',
          ].join('');
        })
        .join('');
      const none = r.segments.every((seg) => seg.value === 0) ? `<text class="empty" x="${left + 6}" y="${by + barH / 2}" dy="4">No complaints</text>` : '';
      return `<text class="label" x="${left}" y="${by - 7}">${escapeHtml(r.label)}</text>${segments}${none}`;
    })
    .join('');
  const svg = `${svgOpen(id, title, width, height)}${grid}${rows.length === 0 ? '' : body}</svg>`;
  return figure(title, svg, legend(rows[0]?.segments.map((s) => ({ label: s.label, colour: s.colour })) ?? []), true);
};

/** Horizontal bars with their labels to the left (as wide as the longest), values at the ends, gridlines behind. */
const horizontalChart = (id: string, title: string, bars: readonly Bar[]): string => {
  const width = 540;
  const left = Math.max(72, Math.ceil(Math.max(0, ...bars.map((b) => labelWidth(b.label))) + 16));
  const [right, top] = [36, 8];
  const rowH = 34;
  const barH = 22;
  const height = top + Math.max(1, bars.length) * rowH + 28;
  const plotW = width - left - right;
  const intervals = 4;
  const step = niceStep(Math.max(0, ...bars.map((b) => b.value)), intervals);
  const max = step * intervals;
  const axisY = top + Math.max(1, bars.length) * rowH;
  const grid = Array.from({ length: intervals + 1 }, (_, i) => {
    const gx = n1(left + (i / intervals) * plotW);
    return `<line class="${i === 0 ? 'axis' : 'grid'}" x1="${gx}" y1="${top}" x2="${gx}" y2="${axisY}"/><text class="tick" x="${gx}" y="${axisY + 16}" text-anchor="middle">${i * step}</text>`;
  }).join('');
  const body = bars
    .map((b, i) => {
      const by = top + i * rowH + (rowH - barH) / 2;
      const w = (b.value / max) * plotW;
      return [
        `<text class="label" x="${left - 8}" y="${n1(by + barH / 2)}" dy="4" text-anchor="end">${escapeHtml(b.label)}</text>`,
        `<rect class="bar" data-key="${escapeHtml(b.key)}" data-value="${b.value}" x="${left}" y="${n1(by)}" width="${n1(w)}" height="${barH}" fill="${b.colour}"><title>${escapeHtml(b.label)}: ${b.value}</title></rect>`,
        `<text class="value" x="${n1(left + w + 6)}" y="${n1(by + barH / 2)}" dy="4">${b.value}</text>`,
      ].join('');
    })
    .join('');
  const empty = `<text class="empty" x="${left + plotW / 2}" y="${top + rowH / 2}" dy="4" text-anchor="middle">None</text>`;
  return figure(title, `${svgOpen(id, title, width, height)}${grid}${bars.length === 0 ? empty : body}</svg>`);
};

// ------------------------------------------------------------------------------------ tables

// free text may wrap; codes, dates and figures stay on one line (a status must not break at its hyphen)
const WRAPPING = new Set(['description', 'message', 'value', 'owner']);

const cellHtml = (tag: 'td' | 'th', cell: ReportCell, numeric: boolean, wraps: boolean, scope = ''): string => {
  const classes = [numeric ? 'num' : '', wraps ? 'wrap' : ''].filter((c) => c !== '').join(' ');
  return `<${tag}${scope}${classes === '' ? '' : ` class="${classes}"`}>${escapeHtml(cell.text)}</${tag}>`;
};

const tableHtml = (t: ReportTable): string =>
  t.rows.length === 0
    ? `<p class="empty">${escapeHtml(t.empty)}</p>`
    : `<table class="${escapeHtml(t.id)}"><thead><tr>${t.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.heading)}</th>`).join('')}</tr></thead><tbody>${t.rows
        .map(
          (row) =>
            `<tr${row.tone === undefined ? '' : ` class="${row.tone}"`}>${row.cells
              .map((cell, i) =>
                i === 0 && !t.columns[0]!.numeric
                  ? cellHtml('th', cell, false, false, ' scope="row"')
                  : cellHtml('td', cell, t.columns[i]?.numeric ?? false, WRAPPING.has(t.columns[i]?.key ?? '')),
              )
              .join('')}</tr>`,
        )
        .join('')}</tbody></table>`;

const sectionHtml = (s: ReportSection): string =>
  [
    `<section id="${escapeHtml(s.id)}">`,
    `<h2>${escapeHtml(s.heading)}</h2>`,
    ...s.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`),
    `<div class="tables">`,
    ...s.tables.map((t) => `<div class="table${t.columns.length > 4 ? ' wide' : ''}">${t.heading === s.heading ? '' : `<h3>${escapeHtml(t.heading)}</h3>`}${tableHtml(t)}</div>`),
    `</div>`,
    `</section>`,
  ].join('\n');

const tilesHtml = (t: ReportTable): string =>
  `<dl class="tiles">${t.columns.map((c, i) => `<div class="tile"><dt>${escapeHtml(c.heading)}</dt><dd>${escapeHtml(t.rows[0]?.cells[i]?.text ?? '')}</dd></div>`).join('')}</dl>`;

const STYLE = `
:root{--ink:#1d2733;--muted:#5b6775;--line:#dfe4ea;--soft:#f5f7fa;--accent:#2f5d8a}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:var(--ink);background:#fff;line-height:1.45}
main,header{max-width:1240px;margin:0 auto;padding:0 24px}
header{padding-top:24px}
h1{font-size:1.7em;margin:0 0 4px}
h2{font-size:1.25em;margin:32px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:1em;margin:0 0 6px;color:var(--muted)}
.meta{color:var(--muted);margin:0 0 8px}
.warning{background:#fff4e5;border-left:4px solid #ef6c00;padding:8px 12px;margin:8px 0}
.note{color:var(--muted);font-size:.9em;margin:4px 0 10px;max-width:80ch}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:12px;margin:0}
.tile{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--soft)}
.tile dt{color:var(--muted);font-size:.85em}
.tile dd{margin:2px 0 0;font-size:1.7em;font-weight:650;font-variant-numeric:tabular-nums}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.card{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fff}
.card.wide{grid-column:1/-1}
figcaption{font-weight:600;margin-bottom:6px}
svg.chart{display:block;width:100%;height:auto}
svg text{font-size:12px;fill:#333}
svg .tick{fill:#5b6775}svg .axis-title{fill:#5b6775;font-weight:600}
svg .grid{stroke:#e6e9ee;stroke-width:1}svg .axis{stroke:#8a95a1;stroke-width:1}
svg .value{font-weight:600}svg .inside{fill:#fff;font-weight:600}svg .inside.dark{fill:#333}
svg .halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg .label{fill:#1d2733}svg .empty{fill:#8a95a1}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;padding:0;margin:8px 0 0;font-size:.85em;color:var(--muted)}
.legend .key{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
.legend .key.line{height:4px;border-radius:2px;vertical-align:3px;width:16px}
.tables{display:flex;flex-wrap:wrap;gap:18px 36px;align-items:flex-start}
.table.wide{flex-basis:100%}
.table{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;font-size:.9em}
table.caseload,table.trend{font-size:.85em}
table.caseload th,table.caseload td{padding:5px 6px}
body{padding-bottom:32px}
th,td{border-bottom:1px solid var(--line);padding:5px 9px;text-align:left;vertical-align:top}
tbody th,tbody td{white-space:nowrap}tbody td.wrap{white-space:normal;min-width:12em}
thead th{background:var(--soft);border-bottom:2px solid var(--line);font-weight:600}
tbody th{font-weight:500}
.num{text-align:right;font-variant-numeric:tabular-nums}
tr.total th,tr.total td{font-weight:700;border-top:2px solid var(--line)}
tr.alert th,tr.alert td{background:#fff4e5}
p.empty{color:var(--muted);font-style:italic;margin:4px 0}
@media (max-width:900px){.charts{grid-template-columns:1fr}}
@media print{.card,.tile{break-inside:avoid}}
`;

/** The table model as a self-contained HTML page. */
export const htmlOf = (m: ReportTables): string => {
  const charts = chartData(m);
  const trendTitle = charts.trend.months > TREND_MONTHS ? `Complaints received and on time, last ${TREND_MONTHS} months` : 'Complaints received and on time, per month';
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.title)} as of ${escapeHtml(m.asOf)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(m.title)}</h1>
<p class="meta">As of <time datetime="${escapeHtml(m.asOf)}">${escapeHtml(m.asOf)}</time>. Policy: ${escapeHtml(m.policy)}.</p>
${m.warnings.map((w) => `<p class="warning" id="${escapeHtml(w.id)}"><strong>Warning:</strong> ${escapeHtml(w.text)}</p>`).join('\n')}
</header>
<main>
<section id="summary">
<h2>${escapeHtml(m.summary.heading)}</h2>
${tilesHtml(m.summary)}
</section>
<section id="charts">
<h2>Charts</h2>
<div class="charts">
${trendChart('chart-monthly-trend', trendTitle, charts.trend)}
${stackedChart('chart-sla-compliance', 'SLA status by target (pending includes due soon)', charts.slaCompliance)}
${horizontalChart('chart-outcomes', 'Outcomes of investigations', charts.outcomes)}
${horizontalChart('chart-caseload-by-status', 'Open caseload by status', charts.caseloadByStatus)}
</div>
</section>
${m.sections.map(sectionHtml).join('\n')}
</main>
</body>
</html>
`;
};

/** The report as a self-contained HTML page. */
export const renderHtml = (r: MonitoringReport): string => htmlOf(reportTables(r));
