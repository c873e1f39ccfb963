/**
 * The report's complaints as CSV (RFC 4180): a header row, then one row per complaint, CRLF line
 * ends, and any field holding a comma, a double quote or a line break quoted with its quotes doubled.
 * A text field that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
 * first (OWASP's defence against CSV formula injection), so a spreadsheet shows it as text instead
 * of running it; numbers, negative ones too, are written as they are.
 *
 * @example
 * renderCsv(report).split('\r\n')[0]; // 'complaintId,receivedAt,month,channel,...'
 */
import type { ComplaintRow, MonitoringReport } from '../report.js';

/** The columns, in order. */
export const CSV_COLUMNS: readonly (keyof ComplaintRow)[] = [
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
];

/** Text a spreadsheet would read as a formula gets a leading `'`, so it shows as text (OWASP). */
const neutraliseFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** One field, neutralised if it is formula-like text, then quoted when RFC 4180 requires it; `null` is an empty field. */
export const csvField = (value: string | number | null): string => {
  const text = value === null ? '' : typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The complaints of a report as CSV text, one row per complaint. */
export const renderCsv = (report: MonitoringReport): string =>
  [CSV_COLUMNS.join(','), ...report.complaints.map((row) => CSV_COLUMNS.map((column) => csvField(row[column])).join(','))].map((line) => `${line}\r\n`).join('');
