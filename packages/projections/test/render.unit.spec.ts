import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  buildReport,
  chartData,
  createInMemoryCheckpointStore,
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
  type MonitoringReport,
} from '../src/index.js';
import { AS_OF, scenarioStore } from './scenario.js';

let report: MonitoringReport;

beforeAll(async () => {
  const runner = createProjectionRunner({ store: await scenarioStore(), projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  if (E.isLeft(await runner.rebuild())) throw new Error('rebuild failed');
  const built = buildReport(monitoringModels(runner), AS_OF);
  if (E.isLeft(built)) throw new Error(built.left.message);
  report = built.right;
});

/** A minimal RFC 4180 reader, to check what the writer wrote reads back field for field. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += ch;
  }
  return rows;
};

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
        handler: '',
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
      for (const heading of ['# Complaints monitoring report', '## Summary', '## Received', '## Service levels', '## Outcomes', '## Actions', '## Open caseload', '## Awarding Body, study centres and other routes'])
        expect(md).toContain(`${heading}\n`);
      expect(md).toContain('| 23 | 9 | 9 | 3 | 1 | 1 |');
      expect(md).toContain('| Acknowledgement (5 working days) | 15 | 3 | 1 | 2 | 1 | 2 | 0 | 78.9% | 2 | 6 |');
      expect(md).toContain('| Response (20 working days) | 7 | 1 | 2 | 2 | 1 | 1 | 10 | 70.0% | 15.5 | 21 |');
      expect(md).toContain('**review overdue**');
      expect(md).toContain('5 actions: 3 completed, 2 open, of which 1 overdue.');
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

    it('draws one bar per figure in each of the four charts', () => {
      const html = renderHtml(report);
      const charts = chartData(report);
      const barsIn = (id: string) => {
        const svg = html.slice(html.indexOf(`<svg id="${id}"`), html.indexOf('</svg>', html.indexOf(`<svg id="${id}"`)));
        return [...svg.matchAll(/<rect class="bar" data-key="([^"]*)" data-value="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
      };
      expect(barsIn('chart-received-by-month')).toEqual([['2025-01', 2], ['2025-03', 1], ['2025-04', 2], ['2025-05', 4], ['2025-06', 14]]);
      expect(barsIn('chart-sla-compliance')).toEqual(charts.slaCompliance.map((b) => [b.key, b.value]));
      expect(barsIn('chart-sla-compliance').slice(0, 4)).toEqual([['acknowledgement-met', 15], ['acknowledgement-missed', 3], ['acknowledgement-overdue', 1], ['acknowledgement-pending', 2]]);
      expect(barsIn('chart-outcomes')).toEqual([['upheld', 4], ['partially-upheld', 2], ['not-upheld', 4]]);
      expect(barsIn('chart-caseload-by-status')).toEqual([['received', 3], ['acknowledged', 1], ['under-investigation', 4], ['responded', 1]]);
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
