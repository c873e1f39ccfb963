import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryCheckpointStore } from '@cim-complaints/core';
import {
  buildReport,
  chartData,
  createProjectionRunner,
  CSV_COLUMNS,
  csvField,
  escapeHtml,
  escapeMarkdown,
  monitoringModels,
  monitoringProjections,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  reportTables,
  tablesOf,
  type MonitoringReport,
} from '../src/index.js';
import { AS_OF, scenarioStore } from './scenario.js';
import { parseCsv } from './csv-reader.js';

let report: MonitoringReport;

beforeAll(async () => {
  const runner = createProjectionRunner({ store: await scenarioStore(), projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  if (E.isLeft(await runner.rebuild())) throw new Error('rebuild failed');
  const built = buildReport(monitoringModels(runner), AS_OF);
  if (E.isLeft(built)) throw new Error(built.left.message);
  report = built.right;
});


describe('reportTables', () => {
  it('names every table by a heading and an id no other table has', () => {
    const tables = tablesOf(reportTables(report));
    expect(new Set(tables.map((t) => t.heading)).size).toBe(tables.length);
    expect(new Set(tables.map((t) => t.id)).size).toBe(tables.length);
  });

  it('gives every row one cell per column', () => {
    const model = reportTables(report);
    for (const t of [...tablesOf(model), model.complaints]) for (const row of t.rows) expect(row.cells.length, `${t.id} ${row.key}`).toBe(t.columns.length);
  });

  it('labels the targets from the policy value and shows each figure as text beside its value', () => {
    const sla = tablesOf(reportTables(report)).find((t) => t.id === 'sla')!;
    expect(sla.rows.map((r) => r.cells[0]!.text)).toEqual(['Acknowledgement (5 working days)', 'Response (20 working days)']);
    expect(sla.rows[0]!.cells[sla.columns.findIndex((c) => c.key === 'onTimeRate')]).toEqual({ text: '78.9%', value: 15 / 19 });
  });

  it('warns of a policy past its review date before any figure', () => {
    expect(reportTables(report).warnings).toEqual([{ id: 'review-overdue', text: 'The policy is past its next-review date (2025-01-31).' }]);
  });

  it('trends every month from the first complaint to the month of the report, empty months too', () => {
    expect(report.monthly.map((m) => [m.month, m.received])).toEqual([['2025-01', 2], ['2025-02', 0], ['2025-03', 1], ['2025-04', 2], ['2025-05', 4], ['2025-06', 14], ['2025-07', 0]]);
    expect(report.monthly[5]).toEqual({ month: '2025-06', received: 14, acknowledgement: { met: 7, judged: 10, onTimeRate: 0.7 }, response: { met: 3, judged: 4, onTimeRate: 0.75 } });
    expect(report.monthly[1]!.acknowledgement).toEqual({ met: 0, judged: 0, onTimeRate: null });
  });
});

describe('renderers', () => {
  describe('JSON', () => {
    it('is the report itself', () => {
      expect(JSON.parse(renderJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
    });
  });

  describe('CSV', () => {
    it('quotes only what RFC 4180 requires and doubles quotes', () => {
      expect(csvField('plain')).toBe('plain');
      expect(csvField('a,b')).toBe('"a,b"');
      expect(csvField('say "hi"')).toBe('"say ""hi"""');
      expect(csvField('two\nlines')).toBe('"two\nlines"');
      expect(csvField(null)).toBe('');
      expect(csvField(19)).toBe('19');
    });

    it('writes a header and one CRLF-ended row per complaint that read back to the report rows', () => {
      const text = renderCsv(report);
      expect(text.endsWith('\r\n')).toBe(true);
      const rows = parseCsv(text);
      expect(rows[0]).toEqual([...CSV_COLUMNS]);
      expect(rows.length).toBe(1 + 23);
      const c12 = rows.find((r) => r[0] === 'c-12')!;
      expect(Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, c12[i]]))).toMatchObject({
        acknowledgementStatus: 'met',
        responseStatus: 'missed',
        responseWorkingDays: '21',
        outcome: 'partially-upheld',
        handler: 'Tom Reid',
        openings: '1',
        responseByOpening: 'missed',
        stalled: 'no',
      });
    });

    it('keeps a handler name with a comma and quotes in one field', () => {
      const odd = { ...report, complaints: [{ ...report.complaints[0]!, handler: 'Shah, Priya "PS"' }] };
      const rows = parseCsv(renderCsv(odd));
      expect(rows[1]![CSV_COLUMNS.indexOf('handler')]).toBe('Shah, Priya "PS"');
      expect(rows[1]!.length).toBe(CSV_COLUMNS.length);
    });
  });

  describe('Markdown', () => {
    it('has every section with the headline figures', () => {
      const md = renderMarkdown(report);
      for (const heading of ['# Complaints monitoring report', '## Summary', '## Service levels', '## Monthly trend', '## Received', '## Outcomes', '## Actions', '## Open caseload', '## Awarding Body, study centres and other routes', '## Policy', '## Problems'])
        expect(md).toContain(`${heading}\n`);
      expect(md).toContain('| 23 | 9 | 9 | 3 | 1 | 1 | 0 | 78.9% | 70.0% |');
      expect(md).toContain('| Acknowledgement (5 working days) | 15 | 3 | 1 | 2 | 1 | 2 | 0 | 78.9% | 18 | 2 | 6 |');
      // not applicable: 10 complaints never investigated, and c-13's reopening
      expect(md).toContain('| Response (20 working days) | 7 | 1 | 2 | 2 | 1 | 1 | 11 | 70.0% | 8 | 15.5 | 21 |');
      expect(md).toContain('**Warning:** The policy is past its next-review date (2025-01-31).');
      expect(md).toContain('| 2025-06 | 14 | 7 | 10 | 70.0% | 3 | 4 | 75.0% |');
      expect(md).toContain('### Action counts\n\n| Total | Completed | Open | Overdue |\n| ---: | ---: | ---: | ---: |\n| 5 | 3 | 2 | 1 |');
      expect(md).toContain('## Problems\n\n_None: every complaint was read and judged._\n');
    });

    it('escapes pipes in cells', () => {
      const odd = { ...report, actions: { ...report.actions, items: [{ ...report.actions.items[0]!, description: 'refund | apologise' }] } };
      expect(renderMarkdown(odd)).toContain('refund \\| apologise');
    });
  });

  describe('HTML', () => {
    it('is self-contained: no scripts, no external references, a CSP that forbids fetching', () => {
      const html = renderHtml(report);
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i);
      expect(html.match(/https?:\/\/[^"\s<]*/g)?.filter((u) => u !== 'http://www.w3.org/2000/svg') ?? []).toEqual([]);
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    });

    it('draws one bar per figure in each of the four charts, read from the table model', () => {
      const html = renderHtml(report);
      const charts = chartData(reportTables(report));
      const marksIn = (id: string, mark = 'rect class="bar"') => {
        const start = html.indexOf(`<svg id="${id}"`);
        const svg = html.slice(start, html.indexOf('</svg>', start));
        return [...svg.matchAll(new RegExp(`<${mark} data-key="([^"]*)" data-value="([-\\d.e]+)"`, 'g'))].map((m) => [m[1], Number(m[2])]);
      };
      expect(marksIn('chart-monthly-trend')).toEqual([['2025-01', 2], ['2025-02', 0], ['2025-03', 1], ['2025-04', 2], ['2025-05', 4], ['2025-06', 14], ['2025-07', 0]]);
      expect(marksIn('chart-monthly-trend', 'circle class="point"').filter(([k]) => String(k).startsWith('acknowledgement-'))).toEqual([
        ['acknowledgement-2025-01', 0.5],
        ['acknowledgement-2025-03', 1],
        ['acknowledgement-2025-04', 1],
        ['acknowledgement-2025-05', 1],
        ['acknowledgement-2025-06', 0.7],
      ]);
      expect(marksIn('chart-sla-compliance')).toEqual(charts.slaCompliance.flatMap((t) => t.segments.map((b) => [b.key, b.value])));
      expect(marksIn('chart-sla-compliance').slice(0, 6)).toEqual([['acknowledgement-met', 15], ['acknowledgement-missed', 3], ['acknowledgement-overdue', 1], ['acknowledgement-pending', 2], ['acknowledgement-stopped', 2], ['acknowledgement-notApplicable', 0]]);
      expect(marksIn('chart-outcomes')).toEqual([['upheld', 4], ['partially-upheld', 2], ['not-upheld', 4]]);
      expect(marksIn('chart-caseload-by-status')).toEqual([['received', 3], ['acknowledged', 1], ['under-investigation', 4], ['responded', 1]]);
    });

    it('labels the SLA chart with the policy\'s targets and draws no label it has to rotate', () => {
      const html = renderHtml(report);
      expect(html).toContain('>Acknowledgement (5 working days)</text>');
      expect(html).not.toContain('rotate(');
    });

    it('shows the SLA table with stopped and not applicable, as Markdown does', () => {
      const html = renderHtml(report);
      expect(html).toContain('<th scope="col" class="num">Stopped</th><th scope="col" class="num">Not applicable</th>');
    });

    it('escapes text from the events', () => {
      expect(escapeHtml(`<b>"Tom" & 'Jerry'</b>`)).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;');
      const odd = { ...report, actions: { ...report.actions, items: [{ ...report.actions.items[0]!, owner: '<script>alert(1)</script>' }] } };
      expect(renderHtml(odd)).not.toContain('<script>');
    });
  });
});

describe('renderers given hostile text from the events', () => {
  describe('when a CSV text cell begins with a character a spreadsheet reads as a formula', () => {
    const payloads = ['=HYPERLINK("http://evil.example","open")', '+1+cmd', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'];

    it.each(payloads)('prefixes %j with a single quote', (payload) => {
      expect(csvField(payload).replace(/^"/, '')).toMatch(/^'/);
    });

    it.each(payloads)('reads %j back, neutralised, as one field', (payload) => {
      const odd = { ...report, complaints: [{ ...report.complaints[0]!, businessArea: payload, handler: payload }] };
      const row = parseCsv(renderCsv(odd))[1]!;
      expect(row.length).toBe(CSV_COLUMNS.length);
      expect(row[CSV_COLUMNS.indexOf('businessArea')]).toBe(`'${payload}`);
      expect(row[CSV_COLUMNS.indexOf('handler')]).toBe(`'${payload}`);
    });

    it('quotes after prefixing, as RFC 4180 requires', () => {
      expect(csvField('=1+1')).toBe("'=1+1");
      expect(csvField('=SUM(A1,A2)')).toBe(`"'=SUM(A1,A2)"`);
      expect(csvField('\r=1')).toBe(`"'\r=1"`);
      expect(csvField('-3')).toBe("'-3");
    });

    it('leaves text with those characters further in alone', () => {
      expect(csvField('a=b')).toBe('a=b');
      expect(csvField('2025-06-30')).toBe('2025-06-30');
    });

    it('leaves numbers as numbers, negative ones too', () => {
      expect(csvField(-3)).toBe('-3');
      const odd = { ...report, complaints: [{ ...report.complaints[0]!, actionsOpen: -1 }] };
      expect(parseCsv(renderCsv(odd))[1]![CSV_COLUMNS.indexOf('actionsOpen')]).toBe('-1');
    });
  });

  describe('when a problem names a hostile stream', () => {
    const stream = 'complaint-<img src=x onerror=alert(1)>|[x](javascript:1)';
    const odd = (): MonitoringReport => ({
      ...report,
      problems: [{ complaintId: '=HYPERLINK("http://evil.example")', code: 'unreadable-event', message: `stored event ${stream}@2 does not decode`, streamId: stream, revision: 2, position: '-41' }],
    });

    it('HTML shows it as text', () => {
      const html = renderHtml(odd());
      expect(html).not.toMatch(/<img/i);
      expect(html).toContain('complaint-&lt;img src=x onerror=alert(1)&gt;|[x](javascript:1)');
    });

    it('Markdown shows it as text in one cell', () => {
      const md = renderMarkdown(odd());
      const row = md.split('\n').find((line) => line.startsWith('| =HYPERLINK'))!;
      expect(row).toContain('complaint-&lt;img src=x onerror=alert(1)&gt;\\|\\[x\\](javascript:1)');
      expect([...row.matchAll(/\\.|\|/g)].filter(([m]) => m === '|')).toHaveLength(7);
    });

    it('CSV neutralises it in the row of the left-out complaint', () => {
      const rows = parseCsv(renderCsv(odd()));
      const row = rows.find((r) => r[0] === `'=HYPERLINK("http://evil.example")`)!;
      expect(row.length).toBe(CSV_COLUMNS.length);
      expect(row.slice(-4)).toEqual(['unreadable-event', stream, '2', "'-41"]);
    });
  });

  describe('when Markdown data holds HTML, table, link or heading syntax', () => {
    const script = '<script>alert(1)</script>';
    const img = '<img src=x onerror=alert(1)>';
    const link = '[x](javascript:alert(1))';
    const area = `${script} | ${link}`;
    let md: string;

    beforeAll(() => {
      const [first] = report.caseload.cases;
      const odd: MonitoringReport = {
        ...report,
        policy: { ...report.policy!, title: `${script}\n# Injected heading\n${link}` },
        received: { ...report.received, byBusinessArea: { [area]: 1 } },
        outcomes: { ...report.outcomes, byBusinessArea: { [area]: { upheld: 1, 'partially-upheld': 0, 'not-upheld': 0 } } },
        caseload: {
          ...report.caseload,
          cases: [{ ...first!, complaintId: `c-${img}`, businessArea: area, handler: { id: 'm-1', department: 'x', name: `${img} back\\slash\n| forged | row |` } }],
        },
      };
      md = renderMarkdown(odd);
    });

    /** The table's column separators: pipes that no backslash escapes. */
    const separators = (line: string) => [...line.matchAll(/\\.|\|/g)].filter(([m]) => m === '|').length;

    it('escapes HTML as entities, Markdown punctuation with a backslash and line breaks as spaces', () => {
      expect(escapeMarkdown('a & <b> `c` *d* _e_ [f](g) ~h~ i|j \\k\r\nl\nm')).toBe('a &amp; &lt;b&gt; \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\~h\\~ i\\|j \\\\k l m');
      expect(escapeMarkdown('c-12, 2025-06-30 (due)')).toBe('c-12, 2025-06-30 (due)');
    });

    it('writes no raw HTML tag, only entities', () => {
      expect(md).not.toMatch(/<\s*\/?\s*(script|img)/i);
      expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    });

    it('writes no live link: the brackets are escaped', () => {
      expect(md).not.toMatch(/(?<!\\)\]\(/);
      expect(md).toContain('\\[x\\](javascript:alert(1))');
    });

    it('keeps every table row to its header’s columns and starts no row or heading of its own', () => {
      const tables = md.trimEnd().split('\n\n').filter((block) => block.startsWith('|'));
      for (const lines of tables.map((t) => t.split('\n'))) expect(lines.map(separators), lines.join('\n')).toEqual(lines.map(() => separators(lines[0]!)));
      expect(md).not.toMatch(/^\| forged/m);
      expect(md).not.toMatch(/^# Injected/m);
      expect(md).toContain('back\\\\slash \\| forged \\| row \\|');
    });
  });
});
