/**
 * The few facts of a complaint's history that its SLA depends on, read from the event list as it
 * stood at an instant (events after `asOf` are ignored, so a report can be re-run for any past
 * moment). The engine works on these facts, so it does not depend on every event's shape.
 *
 * @example
 * slaFactsFromHistory(events, '2025-06-20T12:00:00Z');
 * // Right({ complaintId: 'c-1', policyId: 'CX097-V4', receivedAt: '2025-06-02T09:00:00+01:00',
 * //   acknowledgedAt: '2025-06-04T10:00:00+01:00', investigationRequiredAt: null, ... })
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintEvent } from '../complaint/events.js';
import { Instant, instantMillis } from '../shared/codecs.js';
import { type SlaError, slaError } from './errors.js';

/** How a case ended, if it has. */
export type SlaEnding = 'withdrawn' | 'closed' | 'redirected' | 'referred-to-study-centre';

export interface SlaFacts {
  readonly complaintId: string;
  /** The policy version recorded at receipt (C18). */
  readonly policyId: string;
  readonly receivedAt: string;
  /** First acknowledgement. */
  readonly acknowledgedAt: string | null;
  /** First time investigation was required. */
  readonly investigationRequiredAt: string | null;
  /** First response issued. */
  readonly respondedAt: string | null;
  /** When and how the case ended, unless a later reopening made it live again. */
  readonly ended: { readonly at: string; readonly how: SlaEnding } | null;
}

const first = (current: string | null, at: string): string => current ?? at;

/** The SLA facts of a history as of an instant; Left if `asOf` is malformed or nothing was received by then. */
export const slaFactsFromHistory = (history: readonly ComplaintEvent[], asOf: string): E.Either<SlaError, SlaFacts> => {
  if (!Instant.is(asOf))
    return E.left(slaError('invalid-instant', `asOf: expected an ISO-8601 instant with offset, got ${JSON.stringify(asOf)}`));
  const until = instantMillis(asOf);
  let facts: SlaFacts | null = null;
  for (const event of history) {
    const at = event.data.at;
    if (instantMillis(at) > until) continue;
    if (event.type === 'ComplaintReceived') {
      // a complaint is received once; a repeated receipt is ignored as evolve ignores it
      if (facts === null)
        facts = {
          complaintId: event.data.complaintId,
          policyId: event.data.policy,
          receivedAt: at,
          acknowledgedAt: null,
          investigationRequiredAt: null,
          respondedAt: null,
          ended: null,
        };
      continue;
    }
    if (facts === null) continue;
    switch (event.type) {
      case 'ComplaintAcknowledged':
        facts = { ...facts, acknowledgedAt: first(facts.acknowledgedAt, at) };
        break;
      case 'InvestigationRequired':
        facts = { ...facts, investigationRequiredAt: first(facts.investigationRequiredAt, at) };
        break;
      case 'ResponseIssued':
        facts = { ...facts, respondedAt: first(facts.respondedAt, at) };
        break;
      case 'ComplaintRedirected':
        facts = { ...facts, ended: { at, how: 'redirected' } };
        break;
      case 'ComplaintReferredToStudyCentre':
        facts = { ...facts, ended: { at, how: 'referred-to-study-centre' } };
        break;
      case 'ComplaintWithdrawn':
        facts = { ...facts, ended: facts.ended ?? { at, how: 'withdrawn' } };
        break;
      case 'ComplaintClosed':
        facts = { ...facts, ended: facts.ended ?? { at, how: 'closed' } };
        break;
      case 'ComplaintReopened':
        // a reopened case is live again: targets not yet done run on from the original start
        facts = { ...facts, ended: null };
        break;
      default:
        // the other events (assignment, correspondence, actions, ...) do not move an SLA target
        break;
    }
  }
  return facts === null
    ? E.left(slaError('no-receipt', `the history has no ComplaintReceived at or before ${asOf}`))
    : E.right(facts);
};
