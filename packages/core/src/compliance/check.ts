/**
 * `checkCompliance`: every policy finding about one complaint, as a pure function of its history,
 * an instant and the policy registry. Only the events that had happened by `asOf` count (by
 * `data.at`, as every "as of" reader counts them), read in recorded order. The decider refuses
 * most of what is found here at the door; findings are for what got in through older versions,
 * imports, or other systems writing to the same store. Findings are values, never thrown; the
 * result is Left only when `asOf` is not an instant or nothing had been received by then.
 *
 * @example
 * const checked = checkCompliance(recordedEvents, '2026-01-05T09:00:00Z');
 * // Right({ complaintId: 'c-1', policy: 'CX097-V4', asOf: '...', eventsChecked: 6, findings: [{ code: 'closed-without-response', clause: 'C8', ... }] })
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as O from 'fp-ts/lib/Option.js';
import { calendarFor as builtInCalendarFor } from '../calendar/builtin.js';
import type { Calendar } from '../calendar/calendar.js';
import type { CalendarError } from '../calendar/errors.js';
import { historyAsOf } from '../complaint/as-of.js';
import type { Policy } from '../policy/policy.js';
import { defaultPolicyRegistry, type PolicyRegistry } from '../policy/registry.js';
import { instantMillis, type Instant } from '../shared/codecs.js';
import { evaluateSlaUnder } from '../sla/evaluate.js';
import { checkAsOf } from '../sla/facts.js';
import { afterClosureFindings } from './after-closure.js';
import { authorityFindings } from './authority.js';
import { businessTimeFindings } from './business-time.js';
import { closureFindings } from './closure.js';
import { deadlineFindings } from './deadlines.js';
import { finding, findingCodes, type Finding } from './findings.js';
import { caseRecordOf, entryOf, type CaseRecord, type CheckedEvent } from './record.js';
import { reviewFinding, unknownPolicyFinding } from './review.js';
import { thirdPartyFindings } from './third-parties.js';

export interface ComplianceOptions {
  /** The policy versions a complaint may be judged under (C18); default: the library's (CX097 V4). */
  readonly registry?: PolicyRegistry;
  /** The calendar for a policy's `calendarId`; default: the built-in calendars. */
  readonly calendarFor?: (id: string) => E.Either<CalendarError, Calendar>;
}

export type ComplianceErrorCode = 'invalid-instant' | 'no-receipt';

/** Why a history could not be checked at all. */
export interface ComplianceError {
  readonly code: ComplianceErrorCode;
  readonly message: string;
}

export interface ComplianceReport {
  readonly complaintId: string;
  /** The policy version recorded at receipt, which the complaint is judged under. */
  readonly policy: string;
  readonly asOf: Instant;
  /** The events that had happened by `asOf`: those checked. */
  readonly eventsChecked: number;
  /** Every finding, earliest first (those without an instant last). */
  readonly findings: readonly Finding[];
}

const notEvaluable = (record: CaseRecord, what: string, error: { readonly code: string; readonly message: string }): Finding =>
  finding('deadline-not-evaluable', record.receipt.event.data.complaintId, {
    message: `${what} could not be worked out (${error.code}): ${error.message}`,
    at: record.receipt.ref.at,
    dates: { receivedAt: record.receipt.ref.at },
    events: [record.receipt.ref],
  });

/** The findings that need the policy's calendar: deadlines (C12, C13) and the decision on letters after closure (C17). */
const onTheCalendar = (record: CaseRecord, policy: Policy, asOf: Instant, options: ComplianceOptions): Finding[] =>
  pipe(
    (options.calendarFor ?? builtInCalendarFor)(policy.calendarId),
    E.match(
      (error) => [notEvaluable(record, `the calendar ${policy.calendarId} of ${policy.id}`, error)],
      (calendar) => [
        ...pipe(
          evaluateSlaUnder(policy, calendar)(
            record.steps.map((s) => s.event),
            asOf,
          ),
          E.match((error) => [notEvaluable(record, 'the SLA', error)], (report) => deadlineFindings(record, report)),
        ),
        ...pipe(
          afterClosureFindings(record, policy, calendar, asOf),
          E.getOrElse((error) => [notEvaluable(record, 'the time to act on a letter after closure', error)]),
        ),
      ],
    ),
  );

const catalogueOrder = new Map(findingCodes.map((code, i) => [code, i]));

/** Earliest first, those without an instant last; then by the first event cited, then catalogue order. */
const byWhen = (a: Finding, b: Finding): number =>
  (a.at === null ? Infinity : instantMillis(a.at)) - (b.at === null ? Infinity : instantMillis(b.at)) ||
  (a.events[0]?.index ?? -1) - (b.events[0]?.index ?? -1) ||
  catalogueOrder.get(a.code)! - catalogueOrder.get(b.code)!;

/** Every finding of the record as of `asOf`. */
const findingsOf = (record: CaseRecord, asOf: Instant, options: ComplianceOptions): Finding[] => {
  const registry = options.registry ?? defaultPolicyRegistry;
  const policy = O.toUndefined(registry.byId(record.receipt.event.data.policy));
  return [
    ...businessTimeFindings(record),
    ...closureFindings(record, asOf),
    ...authorityFindings(record, policy),
    ...thirdPartyFindings(record),
    ...(policy === undefined
      ? [unknownPolicyFinding(record, registry.policies.map((p) => p.id))]
      : [...reviewFinding(record, policy, asOf), ...onTheCalendar(record, policy, asOf, options)]),
  ].sort(byWhen);
};

/**
 * Every policy finding about one complaint's history as of an instant. The history may hold plain
 * events, envelopes (whose `metadata.actor` lets roles be checked, C6) or stored records with
 * their revision (`{ revision, event }`, which findings then cite).
 */
export const checkCompliance = (history: readonly CheckedEvent[], asOf: string, options: ComplianceOptions = {}): E.Either<ComplianceError, ComplianceReport> =>
  pipe(
    checkAsOf(asOf),
    E.mapLeft((error): ComplianceError => ({ code: 'invalid-instant', message: error.message })),
    E.chain((instant) => {
      const entries = historyAsOf(history.map(entryOf), instant, (e) => e.event);
      const record = caseRecordOf(entries);
      if (record === undefined) return E.left<ComplianceError, ComplianceReport>({ code: 'no-receipt', message: `the history has no ComplaintReceived at or before ${instant}` });
      return E.right({
        complaintId: record.receipt.event.data.complaintId,
        policy: record.receipt.event.data.policy,
        asOf: instant,
        eventsChecked: entries.length,
        findings: findingsOf(record, instant, options),
      });
    }),
  );
