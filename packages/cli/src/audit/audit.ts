/**
 * The compliance audit of a store: every complaint stream read through the store port (events
 * that do not decode set aside and reported as findings of their own), each complaint checked by
 * core's `checkCompliance` as of an instant, and the findings counted by code and clause. A stream
 * with an event that does not decode is not checked (a check of what is left could find a close
 * without the response it lost): its unreadable events are its findings. A stream whose events by
 * the instant include no receipt is a finding too; one received only later is not yet a complaint.
 *
 * @example
 * const audit = await auditStore(opened, '2026-01-05T09:00:00Z');
 * audit.findings; // 57
 * audit.byCode;   // [{ code: 'acknowledgement-missed', clause: 'C12', severity: 'breach', count: 12, ... }, ...]
 */
import {
  checkCompliance,
  complaintIdOf,
  finding,
  findingCatalogue,
  findingCodes,
  formatProblems,
  Instant,
  instantMillis,
  LEAST_PRIVILEGED_VIEW,
  streamProblems,
  viewHistory,
  type Finding,
  type FindingCode,
  type FindingSeverity,
  type PolicyClause,
  type StoreError,
  type ViewRole,
} from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { usageError } from '../errors.js';
import { storeFailure, type OpenedStore } from '../store-selection.js';
import { readStreams, type LoggedStream } from './log.js';

/** One complaint's part of the audit. */
export interface CaseAudit {
  readonly complaintId: string;
  readonly streamId: string;
  /** Its events that decode, whenever they happened. */
  readonly events: number;
  /** Whether `checkCompliance` ran: not for a stream with unreadable events or without a receipt. */
  readonly checked: boolean;
  readonly findings: readonly Finding[];
}

export interface FindingCount {
  readonly code: FindingCode;
  readonly clause: PolicyClause;
  readonly severity: FindingSeverity;
  readonly title: string;
  readonly count: number;
}

export interface Audit {
  readonly store: string;
  readonly asOf: Instant;
  readonly streams: number;
  /** Events read that decode, and those set aside. */
  readonly events: number;
  readonly unreadableEvents: number;
  /** Complaints checked by `checkCompliance`. */
  readonly checked: number;
  /** Streams whose receipt (and every other event) is later than `asOf`. */
  readonly notYetReceived: number;
  readonly findings: number;
  /** Per code with any finding, in catalogue order. */
  readonly byCode: readonly FindingCount[];
  /** Per clause with any finding, in clause order. */
  readonly byClause: readonly { readonly clause: PolicyClause; readonly count: number }[];
  /** The complaints with findings, in the order their streams begin in the log. */
  readonly cases: readonly CaseAudit[];
}

const complaintOf = (stream: LoggedStream): string =>
  stream.events.find((r) => r.event.type === 'ComplaintReceived')?.event.data.complaintId ?? complaintIdOf(stream.streamId) ?? stream.streamId;

/** An event the store holds that does not decode (C7): named by stream, revision and position, never by its values. */
const unreadableFinding = (complaintId: string, streamId: string, error: StoreError): Finding =>
  finding('unreadable-event', complaintId, {
    message: `the event at revision ${error.revision ?? '?'}${error.position === undefined ? '' : ` (position ${error.position})`} of ${streamId || 'a stream it does not name'} does not decode${error.problems === undefined || error.problems.length === 0 ? '' : `: ${formatProblems(error.problems)}`}; the complaint was not checked`,
    at: null,
  });

/** A stream with events by `asOf` but no receipt by then (C7). */
const missingReceipt = (complaintId: string, stream: LoggedStream, asOf: Instant): Finding => {
  const by = stream.events.filter((r) => instantMillis(r.event.data.at) <= instantMillis(asOf));
  return finding('missing-receipt', complaintId, {
    message: `${stream.streamId} holds ${by.length} event(s) dated by ${asOf} (the first ${by[0]!.event.type} at ${by[0]!.event.data.at}) but no ComplaintReceived by then, so no reader counts them`,
    at: by[0]!.event.data.at,
    dates: { firstAt: by[0]!.event.data.at },
    events: by.slice(0, 20).map((r) => ({ index: stream.events.indexOf(r), revision: r.revision, type: r.event.type, at: r.event.data.at, actor: r.event.metadata.actor })),
  });
};

/** One stream's audit, or `undefined` when nothing of it had happened by `asOf`. */
const auditStream = (stream: LoggedStream, asOf: Instant): CaseAudit | undefined => {
  const complaintId = complaintOf(stream);
  const base = { complaintId, streamId: stream.streamId, events: stream.events.length };
  if (stream.unreadable.length > 0) return { ...base, checked: false, findings: stream.unreadable.map((e) => unreadableFinding(complaintId, stream.streamId, e)) };
  // the same check replay and the report make: a stream that is not one history is named, not read
  const broken = streamProblems(stream.events)[0];
  // (a stream with no receipt at all keeps its own finding below, which cites its events)
  if (broken !== undefined && (broken.kind !== 'missing-receipt' || stream.events.some((r) => r.event.type === 'ComplaintReceived'))) return { ...base, checked: false, findings: [finding('inconsistent-stream', complaintId, { message: `${broken.kind}: ${broken.message}; the complaint was not checked`, at: null })] };
  const checked = checkCompliance(stream.events, asOf);
  if (E.isRight(checked)) return { ...base, checked: true, findings: checked.right.findings };
  const happened = stream.events.some((r) => instantMillis(r.event.data.at) <= instantMillis(asOf));
  return happened ? { ...base, checked: false, findings: [missingReceipt(complaintId, stream, asOf)] } : undefined;
};

const clauseNumber = (clause: string): number => Number(clause.slice(1));

/** Every complaint of the opened store audited as of `asOf`. */
export const auditStore = async (opened: OpenedStore, asOf: string, onProgress?: (eventsRead: number) => void, options: { readonly role?: ViewRole } = {}): Promise<Audit> => {
  if (!Instant.is(asOf)) throw usageError(`as of: expected an ISO-8601 instant with an offset, got ${JSON.stringify(asOf)}`);
  // C5: read as stored, then each complaint as the role may see it (default the least privileged), so findings carry no more than the view
  const read = await readStreams(opened.sealed ?? opened.store, onProgress);
  if (E.isLeft(read)) throw storeFailure('reading', opened.name, read.left);
  const role = options.role ?? LEAST_PRIVILEGED_VIEW;
  const streams: LoggedStream[] = [];
  for (const stream of read.right) {
    const viewed = await viewHistory(stream.events, role, opened.keys);
    if (E.isLeft(viewed)) throw storeFailure(`reading the keys of ${stream.streamId} from`, opened.keys?.name ?? opened.name, viewed.left);
    streams.push({ ...stream, events: [...viewed.right.events] });
  }
  const audited = streams.map((s) => auditStream(s, asOf));
  const cases = audited.filter((c): c is CaseAudit => c !== undefined);
  const all = cases.flatMap((c) => c.findings);
  const count = (code: FindingCode) => all.filter((f) => f.code === code).length;
  const byCode = findingCodes.flatMap((code) => {
    const n = count(code);
    const { clause, severity, title } = findingCatalogue[code];
    return n === 0 ? [] : [{ code, clause, severity, title, count: n }];
  });
  const clauses = [...new Set(all.map((f) => f.clause))].sort((a, b) => clauseNumber(a) - clauseNumber(b));
  return {
    store: opened.name,
    asOf,
    streams: streams.length,
    events: streams.reduce((n, s) => n + s.events.length, 0),
    unreadableEvents: streams.reduce((n, s) => n + s.unreadable.length, 0),
    checked: cases.filter((c) => c.checked).length,
    notYetReceived: audited.length - cases.length,
    findings: all.length,
    byCode,
    byClause: clauses.map((clause) => ({ clause, count: all.filter((f) => f.clause === clause).length })),
    cases: cases.filter((c) => c.findings.length > 0),
  };
};
