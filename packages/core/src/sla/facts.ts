/**
 * The few facts of a complaint's history that its SLA depends on, read from the history as it
 * stood at an instant (`historyAsOf`: events that happened after `asOf` are ignored, so a report
 * can be re-run for any past moment). The engine works on these facts, so it does not depend on
 * every event's shape; the fold over the events names every type, as `evolve` does.
 *
 * A case has one opening per start: its receipt and each `ComplaintReopened` (DOMAIN "Rules of the
 * second version", Reopening). Each opening keeps its own investigation decision, response and
 * ending, so a reopened case's new response target is judged on what happened after the reopening.
 *
 * @example
 * slaFactsFromHistory(events, '2025-06-20T12:00:00Z');
 * // Right({ complaintId: 'c-1', policyId: 'CX097-V4', receivedAt: '2025-06-02T09:00:00+01:00',
 * //   openings: [{ openedAt: '2025-06-02T09:00:00+01:00', reopened: false, acknowledgedAt: '2025-06-04T10:00:00+01:00', investigationRequiredAt: null, respondedAt: null, ended: null }] })
 */
import * as E from 'fp-ts/lib/Either.js';
import { absurd } from 'fp-ts/lib/function.js';
import * as RA from 'fp-ts/lib/ReadonlyArray.js';
import * as RNEA from 'fp-ts/lib/ReadonlyNonEmptyArray.js';
import type { ReadonlyNonEmptyArray } from 'fp-ts/lib/ReadonlyNonEmptyArray.js';
import { historyAsOf } from '../complaint/as-of.js';
import type { ComplaintEvent, EventOf } from '../complaint/events.js';
import { Instant } from '../shared/codecs.js';
import { type SlaError, slaError } from './errors.js';

/** How an opening ended, if it has. */
export type SlaEnding = 'withdrawn' | 'closed' | 'redirected' | 'referred-to-study-centre';

/** One opening of a case: from its receipt, or from a reopening, to its end (if any). */
export interface SlaOpeningFacts {
  /** The receipt's instant, or the reopening's. */
  readonly openedAt: Instant;
  /** Whether this opening began with `ComplaintReopened`. */
  readonly reopened: boolean;
  /** First acknowledgement within this opening (a case is acknowledged once, normally in its receipt's). */
  readonly acknowledgedAt: Instant | null;
  /** First time investigation was required within this opening. */
  readonly investigationRequiredAt: Instant | null;
  /** First response issued within this opening. */
  readonly respondedAt: Instant | null;
  /** When and how this opening ended (withdrawn or closed; at receipt: redirected or referred). */
  readonly ended: { readonly at: Instant; readonly how: SlaEnding } | null;
}

export interface SlaFacts {
  readonly complaintId: string;
  /** The policy version recorded at receipt (C18). */
  readonly policyId: string;
  readonly receivedAt: Instant;
  /** The receipt's opening first, then one per reopening, in order. */
  readonly openings: ReadonlyNonEmptyArray<SlaOpeningFacts>;
}

/** The opening a history's latest events fall in. */
export const currentOpening = (facts: SlaFacts): SlaOpeningFacts => RNEA.last(facts.openings);

const freshOpening = (openedAt: Instant, reopened: boolean): SlaOpeningFacts => ({
  openedAt,
  reopened,
  acknowledgedAt: null,
  investigationRequiredAt: null,
  respondedAt: null,
  ended: null,
});

const REOPENED = 'reopened';

/**
 * What an event after the receipt changes in the facts: fields of the current opening, a new
 * opening, or nothing. Every event type is named, so a new one fails to compile until placed. The
 * one definition of each change: `evolveSlaFacts` applies it to copies, `slaFactsOf` to the one
 * copy it makes.
 */
const changeOf = (o: SlaOpeningFacts, event: ComplaintEvent): Partial<SlaOpeningFacts> | typeof REOPENED | undefined => {
  const at = event.data.at;
  switch (event.type) {
    case 'ComplaintReceived':
      // a complaint is received once; a repeated receipt is ignored as evolve ignores it
      return undefined;
    // the first of each in an opening counts
    case 'ComplaintAcknowledged':
      return o.acknowledgedAt === null ? { acknowledgedAt: at } : undefined;
    case 'InvestigationRequired':
      return o.investigationRequiredAt === null ? { investigationRequiredAt: at } : undefined;
    case 'ResponseIssued':
      return o.respondedAt === null ? { respondedAt: at } : undefined;
    case 'ComplaintRedirected':
      return { ended: { at, how: 'redirected' } };
    case 'ComplaintReferredToStudyCentre':
      return { ended: { at, how: 'referred-to-study-centre' } };
    case 'ComplaintWithdrawn':
      return o.ended === null ? { ended: { at, how: 'withdrawn' } } : undefined;
    case 'ComplaintClosed':
      return o.ended === null ? { ended: { at, how: 'closed' } } : undefined;
    case 'ComplaintReopened':
      // a new opening, as evolve starts investigation and response afresh; the earlier one keeps its ending
      return REOPENED;
    case 'ComplaintAssigned':
    case 'ThirdPartyAuthorised':
    case 'ThirdPartyAuthorisationWithdrawn':
    case 'CorrespondenceReceived':
    case 'CorrespondenceSent':
    case 'AssessmentFailureIdentified':
    case 'AssessmentFailureRemediated':
    case 'ActionCompleted':
    case 'FurtherCorrespondenceDeclined':
    case 'ReferredToRegulator':
    case 'ComplainantDataErased':
    case 'LegalHoldPlaced':
    case 'LegalHoldLifted':
    case 'SubjectAccessDisclosed':
      // these do not move an SLA target (erasing personal data changes no date)
      return undefined;
    default:
      return absurd(event);
  }
};

const receiptFacts = (event: EventOf<'ComplaintReceived'>): SlaFacts => ({
  complaintId: event.data.complaintId,
  policyId: event.data.policy,
  receivedAt: event.data.at,
  openings: [freshOpening(event.data.at, false)],
});

/**
 * How one event moves the SLA facts (`null`: nothing received yet). Folding a whole history with
 * it from `null` gives its facts, as `slaFactsOf` does.
 */
export const evolveSlaFacts = (facts: SlaFacts | null, event: ComplaintEvent): SlaFacts | null => {
  if (facts === null) return event.type === 'ComplaintReceived' ? receiptFacts(event) : null;
  const current = RNEA.last(facts.openings);
  const change = changeOf(current, event);
  if (change === undefined) return facts;
  if (change === REOPENED) return { ...facts, openings: RA.append(freshOpening(event.data.at, true))(facts.openings) };
  return { ...facts, openings: RA.append({ ...current, ...change })(RNEA.init(facts.openings)) };
};

/** The SLA facts of a whole history, `null` without a receipt: `history.reduce(evolveSlaFacts, null)`, copying nothing per event. */
export const slaFactsOf = (history: readonly ComplaintEvent[]): SlaFacts | null => {
  let facts: SlaFacts | null = null;
  // the openings and the current one are this fold's own: changed in place
  let openings: SlaOpeningFacts[] = [];
  let current: SlaOpeningFacts | undefined;
  for (const event of history) {
    if (facts === null) {
      if (event.type !== 'ComplaintReceived') continue;
      current = freshOpening(event.data.at, false);
      openings = [current];
      facts = { complaintId: event.data.complaintId, policyId: event.data.policy, receivedAt: event.data.at, openings: openings as unknown as SlaFacts['openings'] };
      continue;
    }
    const change = changeOf(current!, event);
    if (change === undefined) continue;
    if (change === REOPENED) openings.push((current = freshOpening(event.data.at, true)));
    else Object.assign(current!, change);
  }
  return facts;
};

/** `asOf` decoded once, where an SLA evaluation takes it from a caller; Left names the bad value. */
export const checkAsOf = (asOf: string): E.Either<SlaError, Instant> =>
  Instant.is(asOf) ? E.right(asOf) : E.left(slaError('invalid-instant', `asOf: expected an ISO-8601 instant with offset, got ${JSON.stringify(asOf)}`));

/** The SLA facts of a history as of a decoded instant; Left if nothing was received by then. */
export const slaFactsAsOf = (history: readonly ComplaintEvent[], asOf: Instant): E.Either<SlaError, SlaFacts> => {
  const facts = slaFactsOf(historyAsOf(history, asOf));
  return facts === null ? E.left(slaError('no-receipt', `the history has no ComplaintReceived at or before ${asOf}`)) : E.right(facts);
};

/** The SLA facts of a history as of an instant; Left if `asOf` is malformed or nothing was received by then. */
export const slaFactsFromHistory = (history: readonly ComplaintEvent[], asOf: string): E.Either<SlaError, SlaFacts> =>
  E.chain((instant: Instant) => slaFactsAsOf(history, instant))(checkAsOf(asOf));
