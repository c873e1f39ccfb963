/**
 * The four formats agree: every figure of the JSON report is in the Markdown and in the HTML, at the
 * place a reader looks for it (the table under a heading, a row, a column), with the same value;
 * every field of each complaint is in that complaint's CSV row; and a complaint left out because a
 * stored event does not decode is listed with its code, stream, revision and position everywhere.
 * Where each figure is shown is this file's own map, not the renderers' model, so a renderer that
 * drops, moves or mislabels a figure fails here.
 *
 * @example
 * markdownTables(renderMarkdown(report)).get('Service levels'); // { columns: ['Target', 'Met', ...], rows: [['Acknowledgement (5 working days)', '15', ...], ...] }
 */
import { plantableInMemoryStore } from '@cim-complaints/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { CX097_V4, createCommandHandler, createInMemoryCheckpointStore, createPolicyRegistry, type EventStore } from '@cim-complaints/core';
import {
  createProjectionRunner,
  monitoringProjections,
  rebuildReadable,
  renderCsv,
  renderHtml,
  renderJson,
  renderMarkdown,
  reportFromRunner,
  unreadableProblem,
  type MonitoringReport,
  type ReportOptions,
} from '../src/index.js';
import { AS_OF, REOPENINGS_AS_OF, reopeningsCommands, scenarioCommands } from './scenario.js';
import { parseCsv } from './csv-reader.js';

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

// ---------------------------------------------------------------- reading the formats back

/** Every table of a Markdown document by the heading it sits under (a heading with two tables keeps both). */
const markdownTables = (md: string): Map<string, Table[]> => {
  const unescape = (cell: string) =>
    cell
      .trim()
      .replace(/^\*\*(.*)\*\*$/, '$1')
      .replace(/\\(.)/g, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  // a pipe after a backslash is text, not a column separator
  const cells = (line: string): string[] => {
    const out: string[] = [];
    let cell = '';
    for (let i = 1; i < line.length; i += 1) {
      const ch = line[i]!;
      if (ch === '\\') {
        cell += ch + (line[i + 1] ?? '');
        i += 1;
      } else if (ch === '|') {
        out.push(unescape(cell));
        cell = '';
      } else cell += ch;
    }
    return out;
  };
  const tables = new Map<string, Table[]>();
  const lines = md.split('\n');
  let heading = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const h = /^#{1,6} (.*)$/.exec(line);
    if (h !== null) heading = unescape(h[1]!);
    else if (line.startsWith('|') && /^\|( *:?-+:? *\|)+$/.test(lines[i + 1] ?? '')) {
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i += 1) rows.push(cells(lines[i]!));
      tables.set(heading, [...(tables.get(heading) ?? []), { columns: cells(line), rows }]);
    }
  }
  return tables;
};

const textOfHtml = (html: string): string =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Every table of an HTML page (and its tiles, as a one-row table) by the heading it sits under. */
const htmlTables = (html: string): Map<string, Table[]> => {
  const tables = new Map<string, Table[]>();
  const add = (heading: string, table: Table) => tables.set(heading, [...(tables.get(heading) ?? []), table]);
  const cellsOf = (row: string) => [...row.matchAll(/<t([hd])\b[^>]*>([\s\S]*?)<\/t\1>/g)].map((m) => textOfHtml(m[2]!));
  let heading = '';
  for (const m of html.matchAll(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>|<table\b[\s\S]*?<\/table>|<dl\b[^>]*class="tiles"[^>]*>[\s\S]*?<\/dl>/g)) {
    const token = m[0];
    if (m[1] !== undefined) heading = textOfHtml(m[1]);
    else if (token.startsWith('<dl')) {
      const tiles = [...token.matchAll(/<dt\b[^>]*>([\s\S]*?)<\/dt>\s*<dd\b[^>]*>([\s\S]*?)<\/dd>/g)];
      add(heading, { columns: tiles.map((t) => textOfHtml(t[1]!)), rows: [tiles.map((t) => textOfHtml(t[2]!))] });
    } else {
      const head = /<thead\b[^>]*>([\s\S]*?)<\/thead>/.exec(token)?.[1] ?? '';
      const body = /<tbody\b[^>]*>([\s\S]*?)<\/tbody>/.exec(token)?.[1] ?? '';
      add(heading, { columns: cellsOf(head), rows: [...body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => cellsOf(r[1]!)) });
    }
  }
  return tables;
};


// ---------------------------------------------------------------- where each figure is shown

type RowOf = number | string | ((label: string) => boolean);

/** A place in the Markdown and HTML: the table under `table`, the row (index, first cell, or a test of it), the column heading. */
interface Place {
  readonly table: string;
  readonly row: RowOf;
  readonly column: string;
  /** The cell holds this text somewhere (a figure inside a label), instead of being the figure. */
  readonly contains?: string;
}

type Where = { readonly shown: readonly Place[] } | { readonly csv: { readonly complaintId: string; readonly column: string } };

const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
const targetRow = (target: string) => (label: string) => label.toLowerCase().startsWith(target);
const TARGETS = ['acknowledgement', 'response'];
const SLA_COLUMNS: Readonly<Record<string, string>> = {
  met: 'Met',
  missed: 'Missed',
  overdue: 'Overdue',
  pending: 'Pending',
  dueSoon: 'Due soon',
  stopped: 'Stopped',
  notApplicable: 'Not applicable',
  onTimeRate: 'On time',
  'workingDaysTaken.count': 'Done',
  'workingDaysTaken.median': 'Median days',
  'workingDaysTaken.p90': 'P90 days',
};
const SUMMARY: Readonly<Record<string, string>> = {
  'received.total': 'Received',
  open: 'Open',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  redirected: 'Redirected',
  referredToStudyCentre: 'Referred to study centre',
  'caseload.stalled': 'Stalled',
};
const OUTCOMES: Readonly<Record<string, string>> = { upheld: 'Upheld', 'partially-upheld': 'Partially upheld', 'not-upheld': 'Not upheld', responsesIssued: 'Responses issued' };
const ACTIONS: Readonly<Record<string, string>> = { total: 'Total', completed: 'Completed', open: 'Open', overdue: 'Overdue' };
const ROUTES = 'Awarding Body, study centres and other routes';
const ROUTE_ROWS: Readonly<Record<string, string>> = {
  'assessmentFailures.identified': 'Assessment failures identified',
  'assessmentFailures.remediated': 'Assessment failures remediated',
  'assessmentFailures.outstanding': 'Assessment failures outstanding',
  'studyCentres.referredBack': 'Study centre: referred back',
  'studyCentres.escalated': 'Study centre: escalated to CIM',
  'redirections.total': 'Redirected to the Business Centre',
  'reopened.complaints': 'Reopened complaints',
  'reopened.reopenings': 'Reopenings',
  furtherCorrespondenceDeclined: 'Further correspondence declined',
};
const PROBLEM_COLUMNS: Readonly<Record<string, string>> = { complaintId: 'Complaint', code: 'Code', streamId: 'Stream', revision: 'Revision', position: 'Position' };
const CSV_PROBLEM_COLUMNS: Readonly<Record<string, string>> = { code: 'problem', streamId: 'problemStreamId', revision: 'problemRevision', position: 'problemPosition' };

/** The captures of `*` in a dotted pattern, or null when the path does not fit it (keys may hold dots: paths are arrays). */
const fits = (path: readonly string[], pattern: string): string[] | null => {
  const parts = pattern.split('.');
  if (parts.length !== path.length) return null;
  const captures: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    if (parts[i] === '*') captures.push(path[i]!);
    else if (parts[i] !== path[i]) return null;
  }
  return captures;
};

const at = (value: Json, path: readonly string[]): Json => path.reduce<Json>((v, key) => (v as Record<string, Json>)[key] ?? null, value);

/** Where the report shows the value at `path`, or undefined if this map does not know the path. */
const whereShown = (path: readonly string[], r: Json, value: Json): Where | undefined => {
  const dotted = path.join('.');
  const one = (table: string, row: RowOf, column: string): Where => ({ shown: [{ table, row, column }] });
  let m: string[] | null;
  if (SUMMARY[dotted] !== undefined) return one('Summary', 0, SUMMARY[dotted]);
  for (const target of TARGETS) {
    const rest = dotted.startsWith(`${target}.`) ? dotted.slice(target.length + 1) : undefined;
    if (rest !== undefined && SLA_COLUMNS[rest] !== undefined)
      return {
        shown: [
          { table: 'Service levels', row: targetRow(target), column: SLA_COLUMNS[rest] },
          ...(rest === 'onTimeRate' ? [{ table: 'Summary', row: 0, column: `${capital(target)} on time` }] : []),
        ],
      };
    if ((m = fits(path, `monthly.*.${target}.*`)) !== null)
      return one('Monthly trend', at(r, ['monthly', m[0]!, 'month']) as string, `${capital(target)} ${m[1] === 'onTimeRate' ? 'on time' : m[1]}`);
    if ((m = fits(path, `caseload.cases.*.${target}.workingDaysLeft`)) !== null) return one('Open cases', at(r, ['caseload', 'cases', m[0]!, 'complaintId']) as string, `${capital(target)} days left`);
    if ((m = fits(path, `caseload.cases.*.${target}.workingDaysUsed`)) !== null)
      return { csv: { complaintId: at(r, ['caseload', 'cases', m[0]!, 'complaintId']) as string, column: `${target}WorkingDays` } };
  }
  if ((m = fits(path, 'received.byMonth.*')) !== null) return one('Monthly trend', m[0]!, 'Received');
  if ((m = fits(path, 'monthly.*.received')) !== null) return one('Monthly trend', at(r, ['monthly', m[0]!, 'month']) as string, 'Received');
  if ((m = fits(path, 'received.byChannel.*')) !== null) return one('By channel', m[0]!, 'Complaints');
  if (dotted === 'channelsOutsidePolicy.total') return one('By a channel outside the policy', 'All outside the policy', 'Complaints');
  if ((m = fits(path, 'channelsOutsidePolicy.byChannel.*')) !== null) return one('By a channel outside the policy', m[0]!, 'Complaints');
  if ((m = fits(path, 'received.byBusinessArea.*')) !== null) return one('By business area', m[0]!, 'Complaints');
  if ((m = fits(path, 'received.byRelationship.*')) !== null) return one('By complainant relationship', m[0]!, 'Complaints');
  if ((m = fits(path, 'received.byPolicy.*') ?? fits(path, 'policy.complaintsByVersion.*')) !== null) return one('By policy version', m[0]!, 'Complaints');
  if ((m = fits(path, 'byStatus.*')) !== null) return one('By status now', m[0]!, 'Complaints');
  if ((m = fits(path, 'outcomes.*')) !== null && OUTCOMES[m[0]!] !== undefined) return one('Outcomes overall', OUTCOMES[m[0]!]!, 'Complaints');
  if ((m = fits(path, 'outcomes.byBusinessArea.*.*')) !== null) return one('Outcomes by business area', m[0]!, OUTCOMES[m[1]!]!);
  if ((m = fits(path, 'actions.*')) !== null && ACTIONS[m[0]!] !== undefined) return one('Action counts', 0, ACTIONS[m[0]!]!);
  if (ROUTE_ROWS[dotted] !== undefined) return one(ROUTES, ROUTE_ROWS[dotted], 'Count');
  if ((m = fits(path, 'regulatorReferrals.*')) !== null) return one(ROUTES, `Referred to regulator: ${m[0]}`, 'Count');
  if ((m = fits(path, 'redirections.to.*')) !== null) return one(ROUTES, `Redirected to: ${m[0]}`, 'Count');
  if (dotted === 'caseload.total') return one('Open by status', 'All open', 'Complaints');
  if ((m = fits(path, 'caseload.byStatus.*')) !== null) return one('Open by status', m[0]!, 'Complaints');
  if ((m = fits(path, 'caseload.byUrgency.*')) !== null) return one('Open by urgency', m[0]!, 'Complaints');
  if ((m = fits(path, 'complaints.*.*')) !== null) return { csv: { complaintId: at(r, ['complaints', m[0]!, 'complaintId']) as string, column: m[1]! } };
  if ((m = fits(path, 'problems.*.*')) !== null && PROBLEM_COLUMNS[m[1]!] !== undefined) return one('Problems', Number(m[0]), PROBLEM_COLUMNS[m[1]!]!);
  if ((m = fits(path, 'slaTargets.*.workingDays')) !== null) {
    const target = at(r, ['slaTargets', m[0]!, 'id']) as string;
    return {
      shown: [
        { table: 'SLA targets', row: targetRow(target), column: 'Working days' },
        { table: 'Service levels', row: targetRow(target), column: 'Target', contains: `(${String(value)} working day${value === 1 ? '' : 's'})` },
      ],
    };
  }
  return undefined;
};

interface Leaf {
  readonly path: readonly string[];
  readonly value: Json;
}

const leavesOf = (value: Json, path: readonly string[] = []): Leaf[] =>
  value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([key, v]) => leavesOf(v, [...path, key])) : [{ path, value }];

// a figure that can be missing: shown as n/a, so it is checked when null too
const NULLABLE_FIGURES = new Set(['onTimeRate', 'median', 'p90', 'workingDaysLeft']);

/** The leaves the formats must show: every figure, each figure that can be null, each complaint's fields and each problem's place. */
const mustShow = (leaf: Leaf): boolean =>
  typeof leaf.value === 'number' ||
  (leaf.value === null && NULLABLE_FIGURES.has(leaf.path[leaf.path.length - 1]!)) ||
  leaf.path[0] === 'complaints' ||
  (leaf.path[0] === 'problems' && PROBLEM_COLUMNS[leaf.path[2]!] !== undefined);

/** A figure as this test expects to read it: rates as percentages with one decimal, null as n/a. */
const shownAs = (leaf: Leaf): string =>
  leaf.value === null ? 'n/a' : leaf.path[leaf.path.length - 1] === 'onTimeRate' ? `${((leaf.value as number) * 100).toFixed(1)}%` : String(leaf.value);

/** The cell at a place, or a message saying why there is none. */
const cellAt = (tables: Map<string, Table[]>, place: Place): string | { missing: string } => {
  const found = tables.get(place.table) ?? [];
  if (found.length !== 1) return { missing: `${found.length} tables under "${place.table}"` };
  const { columns, rows } = found[0]!;
  const column = columns.indexOf(place.column);
  if (column < 0) return { missing: `no column "${place.column}" in "${place.table}" (columns: ${columns.join(', ')})` };
  const row = typeof place.row === 'number' ? rows[place.row] : rows.find((r) => (typeof place.row === 'string' ? r[0] === place.row : (place.row as (l: string) => boolean)(r[0] ?? '')));
  if (row === undefined) return { missing: `no row ${typeof place.row === 'function' ? 'for the target' : JSON.stringify(place.row)} in "${place.table}"` };
  return row[column] ?? '';
};

/** Each figure the document does not show as the JSON has it: path, expected, found. */
const disagreements = (report: MonitoringReport, document: Map<string, Table[]>): string[] => {
  const json = JSON.parse(renderJson(report)) as Json;
  const out: string[] = [];
  for (const leaf of leavesOf(json).filter(mustShow)) {
    const where = whereShown(leaf.path, json, leaf.value);
    if (where === undefined) out.push(`${leaf.path.join('.')}: this test does not know where it is shown`);
    else if ('shown' in where)
      for (const place of where.shown) {
        const cell = cellAt(document, place);
        const expected = place.contains ?? shownAs(leaf);
        if (typeof cell !== 'string') out.push(`${leaf.path.join('.')} = ${expected}: ${cell.missing}`);
        else if (place.contains === undefined ? cell !== expected : !cell.includes(expected)) out.push(`${leaf.path.join('.')} = ${expected}: "${place.table}" shows ${JSON.stringify(cell)}`);
      }
  }
  return out;
};

/** Each per-complaint value the CSV does not hold in the row of its complaint. */
const csvDisagreements = (report: MonitoringReport): string[] => {
  const json = JSON.parse(renderJson(report)) as Json;
  const [header, ...rows] = parseCsv(renderCsv(report));
  const out: string[] = [];
  for (const leaf of leavesOf(json).filter(mustShow)) {
    const where = whereShown(leaf.path, json, leaf.value);
    if (where === undefined || !('csv' in where)) continue;
    const row = rows.find((r) => r[0] === where.csv.complaintId);
    const column = header!.indexOf(where.csv.column);
    const expected = leaf.value === null ? '' : String(leaf.value);
    if (row === undefined || column < 0) out.push(`${leaf.path.join('.')}: no CSV row ${where.csv.complaintId} or column ${where.csv.column}`);
    else if (row[column] !== expected) out.push(`${leaf.path.join('.')} = ${JSON.stringify(expected)}: CSV has ${JSON.stringify(row[column])}`);
  }
  return out;
};

// ---------------------------------------------------------------- the reports

const scenarioWith = async (plant: (raw: (streamId: string, json: string) => void) => void = () => undefined, scenario = scenarioCommands): Promise<EventStore> => {
  const { store, appendRawForTest } = plantableInMemoryStore();
  const handle = createCommandHandler({ store, clock: () => '2026-07-31T00:00:00Z' });
  for (const command of scenario()) if (E.isLeft(await handle(command)())) throw new Error(`scenario command ${command.commandId} was refused`);
  plant(appendRawForTest);
  return store;
};

const reportOf = async (store: EventStore, asOf: string, options: ReportOptions = {}): Promise<MonitoringReport> => {
  const runner = createProjectionRunner({ store, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
  const rebuilt = await rebuildReadable(runner);
  if (E.isLeft(rebuilt)) throw new Error(rebuilt.left.message);
  const report = reportFromRunner(runner, { ...options, readProblems: rebuilt.right.skipped.map(unreadableProblem) })(asOf);
  if (E.isLeft(report)) throw new Error(report.left.message);
  return report.right;
};

const reports: Record<string, MonitoringReport> = {};

beforeAll(async () => {
  const scenario = await scenarioWith();
  reports['the hand-worked scenario'] = await reportOf(scenario, AS_OF);
  reports['nothing has been received yet'] = await reportOf(scenario, '2024-06-01T12:00:00+01:00');
  reports['no policy was in force'] = await reportOf(scenario, '2023-06-01T12:00:00+01:00');
  // c-04 and c-17 each hold an event that does not decode: both are left out
  reports['stored events do not decode'] = await reportOf(
    await scenarioWith((raw) => {
      raw('complaint-c-04', '{not json');
      raw('complaint-c-17', JSON.stringify({ type: 'ComplaintAcknowledged', data: { complaintId: 'c-17' }, metadata: {} }));
    }),
    AS_OF,
  );
  reports['cases are reopened, stalled and hold outstanding failures'] = await reportOf(await scenarioWith(undefined, reopeningsCommands), REOPENINGS_AS_OF);
});

const FIXTURES = ['the hand-worked scenario', 'nothing has been received yet', 'no policy was in force', 'stored events do not decode', 'cases are reopened, stalled and hold outstanding failures'];
const REOPENED = 'cases are reopened, stalled and hold outstanding failures';

describe('the monitoring report in four formats', () => {
  describe.each(FIXTURES)('when %s', (name) => {
    it('shows every figure of the JSON in the Markdown, in its table, row and column', () => {
      expect(disagreements(reports[name]!, markdownTables(renderMarkdown(reports[name]!)))).toEqual([]);
    });

    it('shows every figure of the JSON in the HTML, in its table, row and column', () => {
      expect(disagreements(reports[name]!, htmlTables(renderHtml(reports[name]!)))).toEqual([]);
    });

    it("holds every field of each complaint in that complaint's CSV row", () => {
      expect(csvDisagreements(reports[name]!)).toEqual([]);
    });
  });

  describe('the service levels of the hand-worked scenario', () => {
    it.each([
      ['Markdown', () => markdownTables(renderMarkdown(reports['the hand-worked scenario']!))],
      ['HTML', () => htmlTables(renderHtml(reports['the hand-worked scenario']!))],
    ])('%s shows stopped and not applicable beside met, missed, overdue and pending', (_, tables) => {
      const r = reports['the hand-worked scenario']!;
      for (const [target, t] of [['acknowledgement', r.acknowledgement], ['response', r.response]] as const) {
        expect(cellAt(tables(), { table: 'Service levels', row: targetRow(target), column: 'Stopped' })).toBe(String(t.stopped));
        expect(cellAt(tables(), { table: 'Service levels', row: targetRow(target), column: 'Not applicable' })).toBe(String(t.notApplicable));
      }
    });

    it('labels each target with the working days the policy value sets, not a number written in a renderer', async () => {
      const quicker = { ...CX097_V4, targets: CX097_V4.targets.map((t) => (t.id === 'acknowledgement' ? { ...t, workingDays: 3 } : { ...t, workingDays: 15 })) };
      const r = await reportOf(await scenarioWith(), AS_OF, { registry: createPolicyRegistry([quicker]) });
      for (const tables of [markdownTables(renderMarkdown(r)), htmlTables(renderHtml(r))]) {
        expect(cellAt(tables, { table: 'Service levels', row: targetRow('acknowledgement'), column: 'Target' })).toBe('Acknowledgement (3 working days)');
        expect(cellAt(tables, { table: 'Service levels', row: targetRow('response'), column: 'Target' })).toBe('Response (15 working days)');
      }
      expect(disagreements(r, markdownTables(renderMarkdown(r)))).toEqual([]);
      expect(disagreements(r, htmlTables(renderHtml(r)))).toEqual([]);
    });
  });

  describe('when cases are reopened, stalled and hold outstanding failures', () => {
    const tablesOf = (format: string) =>
      format === 'Markdown' ? markdownTables(renderMarkdown(reports[REOPENED]!)) : htmlTables(renderHtml(reports[REOPENED]!));
    const rowsOf = (table: Table) => table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])));

    it.each(['Markdown', 'HTML'])('%s lists every outstanding assessment failure with its complaint, status, failure and identified date', (format) => {
      const table = tablesOf(format).get('Outstanding assessment failures')![0]!;
      expect(rowsOf(table)).toEqual(
        reports[REOPENED]!.assessmentFailures.outstandingItems.map((f) => ({ Complaint: f.complaintId, Status: f.status, Failure: f.failureId, Assessment: f.assessment, Identified: f.identifiedOn })),
      );
      expect(table.rows.map((r) => r[1])).toEqual(['withdrawn', 'closed']);
    });

    it.each(['Markdown', 'HTML'])('%s shows the stalled cases first in the open caseload, with the opening each is in', (format) => {
      const cases = rowsOf(tablesOf(format).get('Open cases')![0]!);
      expect(cases.map((c) => [c['Complaint'], c['Opening'], c['Urgency']])).toEqual([
        ['r-03', 'received 2025-12-01', 'stalled (no decision by 2025-12-31)'],
        ['r-04', 'reopened 2025-12-03', 'stalled (no decision by 2026-01-05)'],
        ['r-01', 'reopened 2025-02-03', 'overdue'],
        ['r-07', 'received 2026-01-14', 'pending'],
        ['r-02', 'reopened 2025-12-25', 'pending'],
      ]);
    });

    it('holds each complaint’s openings and its response in each opening in the CSV', () => {
      const [header, ...rows] = parseCsv(renderCsv(reports[REOPENED]!));
      const r01 = rows.find((r) => r[0] === 'r-01')!;
      const field = (name: string) => r01[header!.indexOf(name)];
      expect([field('openings'), field('openedAt'), field('responseStatus'), field('responseByOpening'), field('stalled')]).toEqual(['2', '2025-02-03T10:00:00Z', 'overdue', 'met; overdue', 'no']);
    });
  });

  describe('when stored events do not decode', () => {
    const problems = () => reports['stored events do not decode']!.problems;

    it('lists each in the JSON with its code, stream, revision and position', () => {
      expect(problems()).toEqual([
        expect.objectContaining({ complaintId: 'c-04', code: 'unreadable-event', streamId: 'complaint-c-04', revision: expect.any(Number), position: expect.stringMatching(/^\d+$/) }),
        expect.objectContaining({ complaintId: 'c-17', code: 'unreadable-event', streamId: 'complaint-c-17', revision: expect.any(Number), position: expect.stringMatching(/^\d+$/) }),
      ]);
    });

    it.each([
      ['Markdown', () => markdownTables(renderMarkdown(reports['stored events do not decode']!))],
      ['HTML', () => htmlTables(renderHtml(reports['stored events do not decode']!))],
    ])('%s lists each under Problems with the same code, stream, revision and position', (_, tables) => {
      const table = tables().get('Problems')![0]!;
      expect(table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, row[i]])))).toEqual(
        problems().map((p) => expect.objectContaining({ Complaint: p.complaintId, Code: p.code, Stream: p.streamId, Revision: String(p.revision), Position: p.position })),
      );
    });

    it.each([
      ['Markdown', () => renderMarkdown(reports['stored events do not decode']!)],
      ['HTML', () => textOfHtml(renderHtml(reports['stored events do not decode']!))],
    ])('%s warns before any figure that two complaints are left out', (_, text) => {
      expect(text().slice(0, text().indexOf('Summary'))).toMatch(/2 complaints are left out of this report/);
    });

    it('gives each left-out complaint a CSV row of its own, with the problem in the problem columns', () => {
      const [header, ...rows] = parseCsv(renderCsv(reports['stored events do not decode']!));
      for (const p of problems()) {
        const row = rows.find((r) => r[0] === p.complaintId)!;
        expect(Object.fromEntries(Object.entries(CSV_PROBLEM_COLUMNS).map(([, column]) => [column, row[header!.indexOf(column)]]))).toEqual({
          problem: p.code,
          problemStreamId: p.streamId,
          problemRevision: String(p.revision),
          problemPosition: p.position,
        });
      }
      expect(rows).toHaveLength(reports['stored events do not decode']!.complaints.length + 2);
    });
  });

  describe('when nothing is wrong', () => {
    it.each([
      ['Markdown', () => renderMarkdown(reports['the hand-worked scenario']!), /\n## Problems\n\n_None: every complaint was read and judged\._\n/],
      ['HTML', () => renderHtml(reports['the hand-worked scenario']!), /<h2>Problems<\/h2>(\s*<div[^>]*>)*\s*<p class="empty">None: every complaint was read and judged\.<\/p>/],
    ])('%s still has a Problems section, saying there are none', (_, render, section) => {
      expect(render()).toMatch(section);
    });
  });

  it('checks the figures against this file’s own map: a report built today has no figure the map does not know', () => {
    const json = JSON.parse(renderJson(reports['the hand-worked scenario']!)) as Json;
    expect(leavesOf(json).filter((l) => mustShow(l) && whereShown(l.path, json, l.value) === undefined).map((l) => l.path.join('.'))).toEqual([]);
  });

  it('the map finds a figure that is missing: a Markdown table without its Stopped column fails', () => {
    const r = reports['the hand-worked scenario']!;
    const tables = markdownTables(renderMarkdown(r));
    const sla = tables.get('Service levels')![0]!;
    const without = new Map(tables).set('Service levels', [{ columns: sla.columns.filter((c) => c !== 'Stopped'), rows: sla.rows.map((row) => row.filter((_, i) => sla.columns[i] !== 'Stopped')) }]);
    expect(disagreements(r, without)).toEqual([expect.stringContaining('acknowledgement.stopped'), expect.stringContaining('response.stopped')]);
  });
});
