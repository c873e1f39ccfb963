/**
 * The audit as a document (summary by code and by clause, then each complaint's findings) for
 * text, Markdown and HTML, and as JSON. Findings tables are shared with the case files.
 *
 * @example
 * io.stdout(renderAudit(audit, 'md'));
 */
import type { Finding, FindingEvent } from '@cim-complaints/core';
import { londonTime } from '../replay/describe.js';
import type { Audit } from './audit.js';
import { documentRenderers, type DocTable, type DocumentFormat, type PrintDocument } from './document.js';

/** How a finding cites an event: its stream revision when known, else its place in the history. */
export const eventCitation = (e: FindingEvent): string => `#${e.revision ?? e.index} ${e.type}`;

/** A finding's instant for people: London time, or a dash when it has none. */
const when = (at: string | null): string => (at === null ? '—' : londonTime(at));

/** Findings as a table: when, code, clause, severity, the events cited, what. */
export const findingsTable = (id: string, findings: readonly Finding[], empty: string, heading?: string): DocTable => ({
  id,
  ...(heading === undefined ? {} : { heading }),
  columns: ['When', 'Code', 'Clause', 'Severity', 'Events', 'What'],
  rows: findings.map((f) => [when(f.at), f.code, f.clause, f.severity, f.events.map(eventCitation).join(', ') || '—', f.message]),
  empty,
});

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The audit as a printable document. */
export const auditDocument = (a: Audit): PrintDocument => ({
  title: `Compliance audit of ${a.store}`,
  notes: [
    `As of ${a.asOf} (${londonTime(a.asOf)}).`,
    `${plural(a.checked, 'complaint')} checked (${plural(a.events, 'event')} read${a.unreadableEvents === 0 ? '' : `, ${plural(a.unreadableEvents, 'event')} that do not decode set aside`})${a.notYetReceived === 0 ? '' : `; ${plural(a.notYetReceived, 'complaint')} not yet received then`}.`,
    a.findings === 0 ? 'No findings.' : `${plural(a.findings, 'finding')} in ${plural(a.cases.length, 'complaint')}.`,
  ],
  sections: [
    {
      id: 'by-code',
      heading: 'Findings by code',
      notes: [],
      tables: [{ id: 'findings-by-code', columns: ['Code', 'Clause', 'Severity', 'Count', 'What'], rows: a.byCode.map((c) => [c.code, c.clause, c.severity, String(c.count), c.title]), empty: 'No findings.' }],
    },
    {
      id: 'by-clause',
      heading: 'Findings by clause',
      notes: [],
      tables: [{ id: 'findings-by-clause', columns: ['Clause', 'Count'], rows: a.byClause.map((c) => [c.clause, String(c.count)]), empty: 'No findings.' }],
    },
    {
      id: 'by-complaint',
      heading: 'Findings by complaint',
      notes: a.cases.length === 0 ? ['No complaint has a finding.'] : [],
      tables: a.cases.map((c) => findingsTable(`complaint-${c.complaintId}`, c.findings, 'No findings.', `${c.complaintId} (${plural(c.findings.length, 'finding')}${c.checked ? '' : '; not checked'})`)),
    },
  ],
});

/** The audit as the JSON document `audit --json` prints. */
export const auditJson = (a: Audit) => ({
  store: a.store,
  asOf: a.asOf,
  summary: {
    streams: a.streams,
    events: a.events,
    unreadableEvents: a.unreadableEvents,
    complaintsChecked: a.checked,
    notYetReceived: a.notYetReceived,
    findings: a.findings,
    complaintsWithFindings: a.cases.length,
  },
  byCode: a.byCode,
  byClause: a.byClause,
  complaints: a.cases.map((c) => ({ complaintId: c.complaintId, streamId: c.streamId, checked: c.checked, events: c.events, findings: c.findings })),
});

/** The audit in a format. */
export const renderAudit = (a: Audit, format: DocumentFormat): string =>
  format === 'json' ? `${JSON.stringify(auditJson(a), null, 2)}\n` : documentRenderers[format](auditDocument(a));

