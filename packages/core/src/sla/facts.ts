/**
 * The few facts of a complaint's history that its SLA depends on, read from the history as it
 * stood at an instant (`historyAsOf`: events that happened after `asOf` are ignored, so a report
 * can be re-run for any past moment). The engine works on these facts, so it does not depend on
 * every event's shape; the fold over the events names every type, as `evolve` does.
 *
 * @example
 * slaFactsFromHistory(events, '2025-06-20T12:00:00Z');
 * // Right({ complaintId: 'c-1', policyId: 'CX097-V4', receivedAt: '2025-06-02T09:00:00+01:00',
 * //   acknowledgedAt: '2025-06-04T10:00:00+01:00', investigationRequiredAt: null, ... })
 */
import * as E from 'fp-ts/lib/Either.js';
import { absurd } from 'fp-ts/lib/function.js';
import { historyAsOf } from '../complaint/as-of.js';
import type { ComplaintEvent } from '../complaint/events.js';
import { Instant } from '../shared/codecs.js';
import { type SlaError, slaError } from './errors.js';

/** How a case ended, if it has. */
export type SlaEnding = 'withdrawn' | 'closed' | 'redirected' | 'referred-to-study-centre';

export interface SlaFacts {
  readonly complaintId: string;
  /** The policy version recorded at receipt (C18). */
  readonly policyId: string;
  readonly receivedAt: Instant;
  /** First acknowledgement. */
  readonly acknowledgedAt: Instant | null;
  /** First time investigation was required. */
  readonly investigationRequiredAt: Instant | null;
  /** First response issued. */
  readonly respondedAt: Instant | null;
  /** When and how the case ended, unless a later reopening made it live again. */
  readonly ended: { readonly at: Instant; readonly how: SlaEnding } | null;
}

const first = (current: Instant | null, at: Instant): Instant => current ?? at;

/** The facts with a change applied, or still none when nothing was received yet. */
const update = (facts: SlaFacts | null, change: (f: SlaFacts) => Partial<SlaFacts>): SlaFacts | null =>
  facts === null ? null : { ...facts, ...change(facts) };

/** How one event moves the SLA facts: every event type is named, so a new one fails to compile until placed. */
const evolveFacts = (facts: SlaFacts | null, event: ComplaintEvent): SlaFacts | null => {
  const at = event.data.at;
  switch (event.type) {
    case 'ComplaintReceived':
      // a complaint is received once; a repeated receipt is ignored as evolve ignores it
      return (
        facts ?? {
          complaintId: event.data.complaintId,
          policyId: event.data.policy,
          receivedAt: at,
          acknowledgedAt: null,
          investigationRequiredAt: null,
          respondedAt: null,
          ended: null,
        }
      );
    case 'ComplaintAcknowledged':
      return update(facts, (f) => ({ acknowledgedAt: first(f.acknowledgedAt, at) }));
    case 'InvestigationRequired':
      return update(facts, (f) => ({ investigationRequiredAt: first(f.investigationRequiredAt, at) }));
    case 'ResponseIssued':
      return update(facts, (f) => ({ respondedAt: first(f.respondedAt, at) }));
    case 'ComplaintRedirected':
      return update(facts, () => ({ ended: { at, how: 'redirected' } }));
    case 'ComplaintReferredToStudyCentre':
      return update(facts, () => ({ ended: { at, how: 'referred-to-study-centre' } }));
    case 'ComplaintWithdrawn':
      return update(facts, (f) => ({ ended: f.ended ?? { at, how: 'withdrawn' } }));
    case 'ComplaintClosed':
      return update(facts, (f) => ({ ended: f.ended ?? { at, how: 'closed' } }));
    case 'ComplaintReopened':
      // a reopened case is live again: targets not yet done run on from the original start
      return update(facts, () => ({ ended: null }));
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
      // these do not move an SLA target
      return facts;
    default:
      return absurd(event);
  }
};

/** `asOf` decoded once, where an SLA evaluation takes it from a caller; Left names the bad value. */
export const checkAsOf = (asOf: string): E.Either<SlaError, Instant> =>
  Instant.is(asOf) ? E.right(asOf) : E.left(slaError('invalid-instant', `asOf: expected an ISO-8601 instant with offset, got ${JSON.stringify(asOf)}`));

/** The SLA facts of a history as of a decoded instant; Left if nothing was received by then. */
export const slaFactsAsOf = (history: readonly ComplaintEvent[], asOf: Instant): E.Either<SlaError, SlaFacts> => {
  const facts = historyAsOf(history, asOf).reduce<SlaFacts | null>(evolveFacts, null);
  return facts === null ? E.left(slaError('no-receipt', `the history has no ComplaintReceived at or before ${asOf}`)) : E.right(facts);
};

/** The SLA facts of a history as of an instant; Left if `asOf` is malformed or nothing was received by then. */
export const slaFactsFromHistory = (history: readonly ComplaintEvent[], asOf: string): E.Either<SlaError, SlaFacts> =>
  E.chain((instant: Instant) => slaFactsAsOf(history, instant))(checkAsOf(asOf));
