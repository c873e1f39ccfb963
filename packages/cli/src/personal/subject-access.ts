/**
 * A subject access request (C7, UK GDPR art. 15): every complaint, and every event of it, about a
 * person found by email address or name (as the complainant, or as a third party acting for
 * one), read with the keys (decrypted) and listed as JSON; each complaint disclosed records
 * `SubjectAccessDisclosed` with the request's id, attributed to whoever answered it, before
 * anything is printed. Complaints whose personal data was erased match nothing: it is no longer held.
 *
 * @example
 * const answer = await answerSubjectAccess(opened, { email: 'alex@example.org' }, { requestId: 'sar-7', actor, at });
 * io.stdout(JSON.stringify(answer, null, 2));
 */
import { complaintIdOf, createCommandHandler, type Actor, type ComplaintEnvelope, type RecordedEvent } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { failure } from '../errors.js';
import { storeFailure, type OpenedStore } from '../store-selection.js';

export interface SubjectQuery {
  readonly email?: string;
  readonly name?: string;
}

export interface SubjectAccessRequest {
  readonly requestId: string;
  /** Who answers it (recorded on each `SubjectAccessDisclosed`). */
  readonly actor: Actor;
  /** When it was answered: the application clock. */
  readonly at: string;
}

export interface DisclosedComplaint {
  readonly complaintId: string;
  /** How the person appears in it. */
  readonly as: readonly ('complainant' | 'third-party')[];
  readonly events: readonly { readonly revision: number; readonly type: string; readonly occurredAt: string; readonly recordedAt: string; readonly data: unknown }[];
}

export interface SubjectAccessAnswer {
  readonly request: { readonly id: string; readonly at: string; readonly by: Actor; readonly query: SubjectQuery };
  readonly complaints: readonly DisclosedComplaint[];
}

const same = (a: unknown, b: string | undefined): boolean => b !== undefined && typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/** How the person of the query appears in one event, if at all. */
const appearsIn = (event: ComplaintEnvelope, query: SubjectQuery): 'complainant' | 'third-party' | undefined => {
  if (event.type === 'ComplaintReceived') {
    const c = event.data.complainant;
    if (same(c.email, query.email) || same(c.name, query.name)) return 'complainant';
  }
  if (event.type === 'ThirdPartyAuthorised') {
    const p = event.data.party;
    if (same(p.contact, query.email) || same(p.name, query.name)) return 'third-party';
  }
  return undefined;
};

/** Every complaint stream, read with the keys (as the protected store gives it). */
const allStreams = async (opened: OpenedStore): Promise<Map<string, RecordedEvent[]>> => {
  const streams = new Map<string, RecordedEvent[]>();
  let after: bigint | undefined;
  for (;;) {
    const page = await opened.store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 1000 })();
    if (E.isLeft(page)) throw storeFailure('reading', opened.name, page.left);
    for (const recorded of page.right.events) streams.set(recorded.streamId, [...(streams.get(recorded.streamId) ?? []), recorded]);
    after = page.right.lastPosition;
    if (page.right.isEnd) return streams;
  }
};

/** Finds, records and returns what the store holds about the person. */
export const answerSubjectAccess = async (opened: OpenedStore, query: SubjectQuery, request: SubjectAccessRequest): Promise<SubjectAccessAnswer> => {
  const complaints: DisclosedComplaint[] = [];
  for (const [streamId, events] of await allStreams(opened)) {
    const as = [...new Set(events.map((e) => appearsIn(e.event, query)).filter((a): a is 'complainant' | 'third-party' => a !== undefined))];
    if (as.length === 0) continue;
    complaints.push({
      complaintId: complaintIdOf(streamId) ?? streamId,
      as,
      events: events.map((e) => ({ revision: e.revision, type: e.event.type, occurredAt: e.event.data.at, recordedAt: e.event.metadata.recordedAt, data: e.event.data })),
    });
  }
  // the disclosure is recorded before anything is shown
  const handle = createCommandHandler({ store: opened.store, clock: () => request.at });
  for (const c of complaints) {
    const recorded = await handle({ type: 'RecordSubjectAccess', complaintId: c.complaintId, commandId: `${request.requestId}/${c.complaintId}/${request.at}`, at: request.at, actor: request.actor, requestId: request.requestId })();
    // the same request answered again: its disclosure is already on record
    if (E.isLeft(recorded) && !(recorded.left._tag === 'Rejection' && recorded.left.code === 'subject-access-already-recorded')) {
      const why = recorded.left._tag === 'Rejection' ? `${recorded.left.code}: ${recorded.left.message}` : `${recorded.left.kind}: ${recorded.left.message}`;
      throw failure(`subject access request ${request.requestId}: recording the disclosure of complaint ${c.complaintId} failed (${why}); nothing was disclosed`);
    }
  }
  return { request: { id: request.requestId, at: request.at, by: request.actor, query }, complaints };
};
