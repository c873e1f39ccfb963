/**
 * A case file an auditor can attach to a file note: the replay of a complaint as of an instant
 * (timeline with occurred and recorded times and actors, state, SLA per opening) with its
 * compliance findings (core's `checkCompliance`) and the verification of its stream's hash chain
 * with the stream's and the anchor's head digests, so a printed file can be checked against the
 * store later. Rendered as JSON (what `replay --json` prints), Markdown or one self-contained HTML
 * page through the audit's document model.
 *
 * @example
 * const file = await loadCaseFile(opened, 'CIM-2025-0042', '2025-12-31T23:59:59Z', { verify: true });
 * io.stdout(renderCaseFile(file, 'html'));
 */
import { checkCompliance, streamIdOf, type ComplianceReport, type SlaOpeningReport, type SlaTargetReport } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { documentRenderers, type DocSection, type DocTable, type PrintDocument } from '../audit/document.js';
import { findingsTable } from '../audit/render.js';
import { failure } from '../errors.js';
import type { OpenedStore } from '../store-selection.js';
import { verifyOpened } from '../verify/verify.js';
import { describeEvent, londonTime } from './describe.js';
import { loadReplay, replayJson, stateFacts, type Replay, type ReplayViewOptions } from './replay.js';
import { caseVerificationOf, checkLaterText, type CaseVerification } from './verification.js';

export interface CaseFile {
  readonly replay: Replay;
  readonly compliance: ComplianceReport;
  /** `null` when verification was not asked for (`--no-verify`). */
  readonly verification: CaseVerification | null;
}

/** The formats a case file prints in (text is the replay's own). */
export type CaseFileFormat = 'json' | 'md' | 'html';

/** The case file of a complaint as of an instant; `verify` reads the whole store to check the stream's chain. */
export const loadCaseFile = async (opened: OpenedStore, complaintId: string, asOf: string, options: { readonly verify: boolean } & ReplayViewOptions): Promise<CaseFile> => {
  const replay = await loadReplay(opened, complaintId, asOf, options);
  const compliance = checkCompliance(replay.events, replay.asOf);
  if (E.isLeft(compliance)) throw failure(`cannot check complaint ${complaintId} against its policy: ${compliance.left.message}`);
  const verification = options.verify ? caseVerificationOf(await verifyOpened(opened, { complaintId }), streamIdOf(complaintId)) : null;
  return caseFileWith(replay, compliance.right, verification);
};

/** A case file from its parts: a replay, its compliance report and (if verified) its stream's verification. */
export const caseFileWith = (replay: Replay, compliance: ComplianceReport, verification: CaseVerification | null): CaseFile => ({ replay, compliance, verification });

/** The case file as the JSON document `replay --json` prints: the replay's document, then `compliance` and `verification`. */
export const caseFileJson = (f: CaseFile) => ({
  ...replayJson(f.replay),
  compliance: { findings: f.compliance.findings },
  verification: f.verification,
});

const shortDigest = (digest: string | undefined): string => (digest === undefined ? '—' : `${digest.slice(0, 'sha256:'.length + 12)}…`);

const timeline = (r: Replay): DocTable => ({
  id: 'timeline',
  columns: ['#', 'Occurred', 'Recorded', 'By', 'Event', 'What', 'Digest'],
  rows: r.events.map((e) => {
    const m = e.event.metadata;
    // the fold, the SLA and the findings read data.at; metadata written elsewhere may say otherwise
    const occurred = `${londonTime(e.event.data.at)}${m.occurredAt === e.event.data.at ? '' : ` (metadata: ${m.occurredAt})`}`;
    return [String(e.revision), occurred, londonTime(m.recordedAt), `${m.actor.id} (${m.actor.role})`, e.event.type, describeEvent(e.event), shortDigest(m.digest)];
  }),
  empty: 'No events.',
});

const targetRow = (t: SlaTargetReport): string[] => [
  t.target,
  t.status,
  t.dueDate === null ? '—' : `${t.dueDate} (by ${t.dueAt})`,
  t.doneAt === null ? '—' : londonTime(t.doneAt),
  t.workingDaysUsed === null ? '—' : `${t.workingDaysUsed} of ${t.workingDaysAllowed}`,
  t.reason ?? '',
];

const openingTable = (o: SlaOpeningReport, n: number): DocTable => ({
  id: `sla-opening-${n + 1}`,
  heading: `${n + 1}. ${o.reopened ? 'reopened' : 'received'} ${londonTime(o.openedAt)}, day 0 ${o.effectiveDate}${o.ended === null ? '' : `; ${o.ended.how} ${londonTime(o.ended.at)}`}`,
  columns: ['Target', 'Status', 'Due', 'Done', 'Working days used', 'Note'],
  rows: [
    ...Object.values(o.targets).flatMap((t) => (t === undefined ? [] : [targetRow(t)])),
    ...(o.stall === null ? [] : [['stall check', o.stall.stalled ? 'stalled' : 'not stalled', `${o.stall.limitDate} (by ${o.stall.limitAt})`, '—', `limit ${o.stall.workingDays}`, 'no investigation decision nor response yet']]),
  ],
  empty: 'No targets.',
});

/** The verification section, from the verification result (or its absence). */
export const verificationSection = (complaintId: string, v: CaseVerification | null): DocSection => {
  if (v === null) return { id: 'verification', heading: 'Verification', notes: ['Not verified (--no-verify): this file cannot be checked against the store by its digests.'], tables: [] };
  const facts: [string, string][] = [
    ['hash chain', v.intact ? 'intact: every event of the stream and the store’s anchor hold' : `BROKEN: ${v.breaks.length} break(s), listed below`],
    ['stream', v.streamId],
    ['stream head', v.head === null ? 'none' : `revision ${v.head.revision}, ${v.head.digest}`],
    ...(v.unchainedThrough === null ? [] : [['unchained', `revisions 0 to ${v.unchainedThrough} were written before the hash chain`] as [string, string]]),
    ['anchored through', v.anchoredThrough === null ? 'not anchored' : `revision ${v.anchoredThrough}`],
    ['anchor head', v.anchor.head === null ? `none (${v.anchor.name})` : `${v.anchor.head} (entry ${v.anchor.sequence} of ${v.anchor.entries} in ${v.anchor.name})`],
  ];
  return {
    id: 'verification',
    heading: 'Verification',
    notes: [checkLaterText(complaintId, v)],
    tables: [
      { id: 'verification-facts', columns: ['Fact', 'Value'], rows: facts, empty: '', keyValue: true },
      ...(v.breaks.length === 0 ? [] : [{ id: 'verification-breaks', heading: 'Breaks', columns: ['Kind', 'Stream', 'Revision', 'What'], rows: v.breaks.map((b) => [b.kind, b.streamId, String(b.revision ?? '?'), b.message]), empty: '' }]),
    ],
  };
};

/** The case file as a printable document. */
export const caseFileDocument = (f: CaseFile): PrintDocument => {
  const r = f.replay;
  const c = r.state;
  const findings = f.compliance.findings;
  return {
    title: `Case file: complaint ${r.complaintId} as of ${r.asOf}`,
    notes: [
      `${c.businessArea} complaint received ${londonTime(c.receivedAt)} by ${c.channel}, judged under ${c.policy}; read from ${r.store}.`,
      `As of ${r.asOf} (${londonTime(r.asOf)}): ${r.events.length} event(s)${r.laterEvents === 0 ? '' : `; ${r.laterEvents} later event(s) not shown (they occurred after it)`}; ${findings.length === 0 ? 'no findings' : `${findings.length} finding(s)`}.`,
    ],
    sections: [
      { id: 'state', heading: 'State', notes: [], tables: [{ id: 'state-facts', columns: ['Fact', 'Value'], rows: stateFacts(c, r.asOf, r.escalatedBy), empty: '', keyValue: true }] },
      { id: 'timeline', heading: 'Timeline', notes: ['Times are London times; # is the event’s revision in its stream.'], tables: [timeline(r)] },
      { id: 'sla', heading: `SLA (${r.sla.policy}, ${r.sla.calendar} working days), per opening`, notes: [], tables: r.sla.openings.map(openingTable) },
      {
        id: 'findings',
        heading: 'Compliance findings',
        notes: findings.length === 0 ? [] : ['Each finding cites events by their revision (#) in the timeline above; codes and clauses are explained in docs/compliance.md.'],
        tables: [findingsTable('findings-table', findings, `No findings as of ${r.asOf}.`)],
      },
      verificationSection(r.complaintId, f.verification),
    ],
  };
};

/** The case file in a format. */
export const renderCaseFile = (f: CaseFile, format: CaseFileFormat): string =>
  format === 'json' ? `${JSON.stringify(caseFileJson(f), null, 2)}\n` : documentRenderers[format](caseFileDocument(f));
