/**
 * C14 both ways: a complaint accepted as an escalation names the complaint referred back to its
 * study centre (`ComplaintReceived.escalatesFrom`); the referred complaint's own stream says
 * nothing of it. Its replay finds the complaints escalating it by reading the log through the
 * store port (`readAll`, page by page, undecodable events set aside), so it works on every store.
 * Only a complaint referred back to a study centre can be escalated, so only its replay reads the log.
 *
 * @example
 * await escalationsOf(store, 'CIM-2025-0007', '2025-12-31T23:59:59Z');
 * // Right([{ complaintId: 'CIM-2025-0031', receivedAt: '2025-07-14T10:02:00+01:00' }])
 */
import { instantMillis, type EventStore, type Instant, type StoreError } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { readLog } from '../audit/log.js';

/** A complaint that escalates another, as its receipt records it. */
export interface Escalation {
  readonly complaintId: string;
  readonly receivedAt: string;
}

/** The complaints received by `asOf` that escalate `complaintId`, in log order; Left when the store fails. */
export const escalationsOf = async (store: EventStore, complaintId: string, asOf: Instant): Promise<E.Either<StoreError, readonly Escalation[]>> => {
  const until = instantMillis(asOf);
  const found: Escalation[] = [];
  // a repeated receipt is ignored, as evolve ignores it: only each stream's first one counts
  const received = new Set<string>();
  // a damaged event elsewhere in the log must not stop this replay: readLog sets it aside
  const read = await readLog(store, (page) => {
    for (const { event } of page.events) {
      if (event.type !== 'ComplaintReceived' || received.has(event.data.complaintId)) continue;
      received.add(event.data.complaintId);
      if (event.data.escalatesFrom === complaintId && instantMillis(event.data.at) <= until) found.push({ complaintId: event.data.complaintId, receivedAt: event.data.at });
    }
  });
  return E.map(() => found)(read);
};
