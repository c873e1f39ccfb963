/**
 * The report's complaints as CSV (RFC 4180): the complaints table of the report's table model,
 * one row per complaint (those left out for an unreadable event too, with only their id and the
 * problem), a header row of column keys, CRLF line ends, and any field holding a comma, a double
 * quote or a line break quoted with its quotes doubled. A text field that begins with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a leading `'` first (OWASP's defence against CSV
 * formula injection), so a spreadsheet shows it as text instead of running it; numbers, negative
 * ones too, are written as they are.
 *
 * @example
 * renderCsv(report).split('\r\n')[0]; // 'complaintId,receivedAt,month,channel,...,problem,problemStreamId,problemRevision,problemPosition'
 */
import { COMPLAINT_COLUMNS, PROBLEM_COLUMNS, reportTables, type MonitoringReport, type ReportTable } from '../report.js';

/** The columns, in order: each complaint's fields, then the problem found with it, if any. */
export const CSV_COLUMNS: readonly string[] = [...COMPLAINT_COLUMNS, ...PROBLEM_COLUMNS];

/** Text a spreadsheet would read as a formula gets a leading `'`, so it shows as text (OWASP). */
const neutraliseFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** One field, neutralised if it is formula-like text, then quoted when RFC 4180 requires it; `null` is an empty field. */
export const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A table of the model as CSV: its column keys, then the values (not the display text) of each row. */
export const csvOf = (table: ReportTable): string =>
  [table.columns.map((c) => csvField(c.key)).join(','), ...table.rows.map((row) => row.cells.map((cell) => csvField(cell.value)).join(','))].map((line) => `${line}\r\n`).join('');

/** The complaints of a report as CSV text, one row per complaint. */
export const renderCsv = (report: MonitoringReport): string => csvOf(reportTables(report).complaints);
