/**
 * A complaint's history "as of" an instant: the events whose `data.at` (when it happened in the
 * world, the field `evolve` and `decide` read) is at or before it, in recorded order. The one
 * definition behind the fold as of an instant, the SLA engine, the read models and `replay`, so
 * a backdated event counts from when it happened, never from when it was recorded.
 *
 * @example
 * fold(historyAsOf(events, asOf));                                // the case as it stood then
 * historyAsOf(recorded, asOf, (r) => r.event);                    // the stored records kept
 */
import { instantMillis, type Instant } from '../shared/codecs.js';
import type { ComplaintEvent } from './events.js';

/** The events of a history that had happened by `asOf`, in the order given. */
export function historyAsOf<T extends ComplaintEvent>(history: readonly T[], asOf: Instant): T[];
/** The items of a history (e.g. stored records) whose event had happened by `asOf`, in the order given. */
export function historyAsOf<T>(history: readonly T[], asOf: Instant, eventOf: (item: T) => ComplaintEvent): T[];
export function historyAsOf<T>(history: readonly T[], asOf: Instant, eventOf?: (item: T) => ComplaintEvent): T[] {
  const until = instantMillis(asOf);
  const event = eventOf ?? ((item: T) => item as unknown as ComplaintEvent);
  return history.filter((item) => instantMillis(event(item).data.at) <= until);
}
