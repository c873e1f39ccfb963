/**
 * Retention (C7): which complaints' personal data is due for erasure under the policy each was
 * received under (`policy.dataProtection.erasePersonalDataYearsAfterEnd`) as of an instant, which
 * a legal hold keeps, and erasing what is due through `EraseComplainantData` (legal basis
 * `retention`), so each erasure is an attributed event and deletes the subject's key. Reads the
 * store as stored: no key is opened to decide.
 *
 * @example
 * const due = await retentionScan(opened, asOf); // [{ complaintId, status: 'due', endedAt, dueOn }, { ..., status: 'held' }]
 * await eraseDue(opened, due, { actor, at });
 */
import { createCommandHandler, defaultPolicyRegistry, fold, complaintIdOf, retentionOf, type Actor, type Instant, type RecordedEvent, type RetentionStatus } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { storeFailure, type OpenedStore } from '../store-selection.js';

export interface RetentionEntry {
  readonly complaintId: string;
  readonly status: RetentionStatus;
  readonly endedAt?: string;
  readonly dueOn?: string;
}

/** Every complaint whose retention period has run out as of `asOf`: due, or held by a legal hold. */
export const retentionScan = async (opened: OpenedStore, asOf: Instant): Promise<RetentionEntry[]> => {
  const streams = new Map<string, RecordedEvent[]>();
  const reader = opened.sealed ?? opened.store;
  let after: bigint | undefined;
  for (;;) {
    const page = await reader.readAll({ ...(after === undefined ? {} : { after }), maxCount: 1000 })();
    if (E.isLeft(page)) throw storeFailure('reading', opened.name, page.left);
    for (const recorded of page.right.events) streams.set(recorded.streamId, [...(streams.get(recorded.streamId) ?? []), recorded]);
    after = page.right.lastPosition;
    if (page.right.isEnd) break;
  }
  const entries: RetentionEntry[] = [];
  for (const [streamId, events] of streams) {
    const state = fold(events.map((e) => e.event));
    if (state.status === 'none') continue;
    const retention = retentionOf(state, O.toUndefined(defaultPolicyRegistry.byId(state.policy)), asOf);
    if (retention.status === 'due' || retention.status === 'held') entries.push({ complaintId: complaintIdOf(streamId) ?? streamId, ...retention });
  }
  return entries.sort((a, b) => a.complaintId.localeCompare(b.complaintId));
};

export interface ErasureOutcome {
  readonly complaintId: string;
  readonly erased: boolean;
  readonly error?: string;
}

/** Erases the personal data of every entry that is due (not the held ones), each by its own attributed command. */
export const eraseDue = async (opened: OpenedStore, entries: readonly RetentionEntry[], by: { readonly actor: Actor; readonly at: string }): Promise<ErasureOutcome[]> => {
  const handle = createCommandHandler({ store: opened.store, clock: () => by.at });
  const outcomes: ErasureOutcome[] = [];
  for (const entry of entries.filter((e) => e.status === 'due')) {
    const erased = await handle({
      type: 'EraseComplainantData',
      complaintId: entry.complaintId,
      commandId: `retention/${entry.complaintId}`,
      at: by.at,
      actor: by.actor,
      legalBasis: 'retention',
    })();
    outcomes.push(
      E.isRight(erased)
        ? { complaintId: entry.complaintId, erased: true }
        : { complaintId: entry.complaintId, erased: false, error: erased.left._tag === 'Rejection' ? `${erased.left.code}: ${erased.left.message}` : `${erased.left.kind}: ${erased.left.message}` },
    );
  }
  return outcomes;
};
