/**
 * How each event changes a complaint's state. Total over every event type (an unhandled type
 * fails to compile) and never throws: an event that does not fit the state (a lifecycle event
 * before receipt) leaves the state as it was, so replay of any stored history is safe.
 *
 * @example
 * const state = history.reduce(evolve, initialState);
 */
import { absurd } from 'fp-ts/lib/function.js';
import { samePersonal } from '../personal/personal.js';
import type { ComplaintEvent, EventOf } from './events.js';
import type { Addressee, Complaint, ComplaintState } from './state.js';
import { isOpenCase } from './rules.js';

const replaceBy = <T>(items: readonly T[], match: (item: T) => boolean, change: (item: T) => T): T[] =>
  items.map((item) => (match(item) ? change(item) : item));

/** Who a letter went to, as its event records it. */
const addresseeOf = (data: EventOf<'ComplaintAcknowledged' | 'ResponseIssued'>['data']): Addressee => ({
  to: data.to,
  ...(data.partyName === undefined ? {} : { partyName: data.partyName }),
  ...(data.authorisationScope === undefined ? {} : { authorisationScope: data.authorisationScope }),
});

/** A case being built: the copy `evolve` makes, or the one `fold` owns. */
type Building = { -readonly [K in keyof Complaint]: Complaint[K] };

/**
 * What an event after the receipt changes, written into `next`: the fields it sets (a field it
 * ends, such as a reopening's response, set to undefined). `c` is the case before the event, and
 * may be `next` itself (`fold` changes the one copy it owns), so each change reads everything it
 * needs of `c` before it writes. The one definition of each change: `evolve` writes it into a
 * copy of the case, `fold` into the one copy it makes, with no object of the change in between.
 */
const applyChange = (next: Building, c: Complaint, event: Exclude<ComplaintEvent, { type: 'ComplaintReceived' }>): void => {
  const at = event.data.at;
  switch (event.type) {
    case 'ComplaintRedirected':
      next.status = 'redirected';
      next.redirectedTo = event.data.redirectedTo;
      break;
    case 'ComplaintReferredToStudyCentre':
      next.status = 'referred-to-study-centre';
      next.referredToStudyCentreAt = at;
      break;
    case 'ComplaintAcknowledged':
      // the furthest step of the current opening: its response, else its investigation, else acknowledged
      next.status = isOpenCase(c) ? (c.response !== undefined ? 'responded' : c.investigation !== undefined ? 'under-investigation' : 'acknowledged') : c.status;
      next.acknowledgedAt = at;
      next.acknowledgedTo = addresseeOf(event.data);
      break;
    case 'ComplaintAssigned': {
      const handler = {
        department: event.data.department,
        manager: event.data.manager,
        assignedAt: at,
        ...(event.data.overrideReason === undefined ? {} : { overrideReason: event.data.overrideReason }),
      };
      next.assignments = [...c.assignments, handler];
      next.handler = handler;
      next.department = event.data.department;
      break;
    }
    case 'InvestigationRequired':
      // the furthest step of the current opening: its response, else under investigation
      next.status = isOpenCase(c) ? (c.response !== undefined ? 'responded' : 'under-investigation') : c.status;
      next.investigation = { reason: event.data.reason, requiredAt: at };
      break;
    case 'ThirdPartyAuthorised':
      next.thirdParties = [...c.thirdParties, { party: event.data.party, evidence: event.data.evidence, scope: event.data.scope, authorisedAt: at }];
      break;
    case 'ThirdPartyAuthorisationWithdrawn':
      next.thirdParties = replaceBy(
        c.thirdParties,
        (a) => samePersonal(a.party.name, event.data.partyName) && a.withdrawnAt === undefined,
        (a) => ({ ...a, withdrawnAt: at }),
      );
      break;
    case 'CorrespondenceReceived':
    case 'CorrespondenceSent':
      next.correspondence = [
        ...c.correspondence,
        {
          direction: event.type === 'CorrespondenceReceived' ? 'inbound' : 'outbound',
          party: event.data.party,
          ...(event.data.partyName === undefined ? {} : { partyName: event.data.partyName }),
          channel: event.data.channel,
          summary: event.data.summary,
          at,
          afterClosure: event.data.afterClosure,
        },
      ];
      break;
    case 'AssessmentFailureIdentified':
      next.assessmentFailures = [
        ...c.assessmentFailures,
        {
          failureId: event.data.failureId,
          assessment: event.data.assessment,
          description: event.data.description,
          ...(event.data.learnersAffected === undefined ? {} : { learnersAffected: event.data.learnersAffected }),
          identifiedAt: at,
        },
      ];
      break;
    case 'AssessmentFailureRemediated':
      next.assessmentFailures = replaceBy(
        c.assessmentFailures,
        (f) => f.failureId === event.data.failureId,
        (f) => ({
          ...f,
          remediation: { cause: event.data.cause, mitigation: event.data.mitigation, prevention: event.data.prevention, at },
        }),
      );
      break;
    case 'ResponseIssued': {
      const response = {
        outcome: event.data.outcome,
        findings: event.data.findings,
        respondedAt: at,
        addressee: addresseeOf(event.data),
        ...(c.handler === undefined ? {} : { handler: c.handler }),
        ...(event.data.regulator === undefined ? {} : { regulator: event.data.regulator }),
        ...(event.data.regulatorRoute === undefined ? {} : { regulatorRoute: event.data.regulatorRoute }),
      };
      const actions = event.data.actions.length === 0 ? c.actions : [...c.actions, ...event.data.actions.map((a) => ({ ...a, agreedAt: at }))];
      const responses = [...c.responses, response];
      const status = isOpenCase(c) ? 'responded' : c.status;
      next.response = response;
      next.responses = responses;
      next.actions = actions;
      next.status = status;
      break;
    }
    case 'ActionCompleted':
      next.actions = replaceBy(c.actions, (a) => a.actionId === event.data.actionId, (a) => ({ ...a, completedAt: at }));
      break;
    case 'ComplaintClosed':
      next.closures = [...c.closures, { at, resolution: event.data.resolution }];
      next.status = 'closed';
      next.closedAt = at;
      next.resolution = event.data.resolution;
      break;
    case 'ComplaintWithdrawn':
      next.status = 'withdrawn';
      next.withdrawnAt = at;
      if (event.data.reason !== undefined) next.withdrawalReason = event.data.reason;
      break;
    case 'FurtherCorrespondenceDeclined':
      next.declines = [...c.declines, { reason: event.data.reason, at, opening: c.reopenings.length }];
      next.furtherCorrespondenceDeclined = { reason: event.data.reason, at };
      break;
    case 'ComplaintReopened': {
      // A new opening: the earlier response stays in `responses`; investigation and response start
      // afresh, and the case returns to the furthest step of the new opening.
      const status = c.acknowledgedAt !== undefined ? 'acknowledged' : 'received';
      next.reopenings = [...c.reopenings, { reason: event.data.reason, at }];
      next.status = status;
      next.closedAt = undefined;
      next.resolution = undefined;
      next.response = undefined;
      next.investigation = undefined;
      next.furtherCorrespondenceDeclined = undefined;
      break;
    }
    case 'ReferredToRegulator':
      next.regulatorReferrals = [...c.regulatorReferrals, { regulator: event.data.regulator, at }];
      break;
    case 'ComplainantDataErased':
      next.erasure = { at, legalBasis: event.data.legalBasis };
      break;
    case 'LegalHoldPlaced':
      next.legalHold = { reason: event.data.reason, at };
      break;
    case 'LegalHoldLifted':
      next.legalHold = undefined;
      break;
    case 'SubjectAccessDisclosed':
      next.subjectAccess = [...c.subjectAccess, { requestId: event.data.requestId, at }];
      break;
    default:
      absurd(event);
  }
  next.updatedAt = at;
};

// Every field of a case, in one order. A copy lists them all, those a case does not have as
// undefined, so every case after its first change has the one shape: histories add optional fields
// in many orders (a demo year gave 101), and copying objects of that many shapes with a spread took
// V8's slowest path, with the garbage of the copies, most of a replay's time.
const copyOf = (c: Complaint): Complaint => ({
  status: c.status,
  complaintId: c.complaintId,
  policy: c.policy,
  receivedAt: c.receivedAt,
  channel: c.channel,
  channelOutsidePolicy: c.channelOutsidePolicy,
  complainant: c.complainant,
  businessArea: c.businessArea,
  summary: c.summary,
  desiredOutcome: c.desiredOutcome,
  department: c.department,
  studyCentre: c.studyCentre,
  escalatedFromStudyCentre: c.escalatedFromStudyCentre,
  escalatesFrom: c.escalatesFrom,
  regulator: c.regulator,
  redirectedTo: c.redirectedTo,
  referredToStudyCentreAt: c.referredToStudyCentreAt,
  acknowledgedAt: c.acknowledgedAt,
  acknowledgedTo: c.acknowledgedTo,
  handler: c.handler,
  assignments: c.assignments,
  investigation: c.investigation,
  response: c.response,
  responses: c.responses,
  actions: c.actions,
  thirdParties: c.thirdParties,
  correspondence: c.correspondence,
  assessmentFailures: c.assessmentFailures,
  withdrawnAt: c.withdrawnAt,
  withdrawalReason: c.withdrawalReason,
  closedAt: c.closedAt,
  resolution: c.resolution,
  closures: c.closures,
  furtherCorrespondenceDeclined: c.furtherCorrespondenceDeclined,
  declines: c.declines,
  reopenings: c.reopenings,
  regulatorReferrals: c.regulatorReferrals,
  erasure: c.erasure,
  legalHold: c.legalHold,
  subjectAccess: c.subjectAccess,
  updatedAt: c.updatedAt,
});

const evolveComplaint = (c: Complaint, event: Exclude<ComplaintEvent, { type: 'ComplaintReceived' }>): Complaint => {
  const next = copyOf(c) as Building;
  applyChange(next, c, event);
  return next;
};

/** The state after one more event. */
export const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  if (event.type === 'ComplaintReceived') {
    if (state.status !== 'none') return state;
    const d = event.data;
    // in the one shape every case has (copyOf)
    return copyOf({
      status: 'received',
      complaintId: d.complaintId,
      policy: d.policy,
      receivedAt: d.at,
      channel: d.channel,
      channelOutsidePolicy: d.channelOutsidePolicy === true,
      complainant: d.complainant,
      businessArea: d.businessArea,
      summary: d.summary,
      ...(d.desiredOutcome === undefined ? {} : { desiredOutcome: d.desiredOutcome }),
      department: d.department,
      ...(d.studyCentre === undefined ? {} : { studyCentre: d.studyCentre }),
      escalatedFromStudyCentre: d.escalatedFromStudyCentre ?? false,
      ...(d.escalatesFrom === undefined ? {} : { escalatesFrom: d.escalatesFrom }),
      ...(d.regulator === undefined ? {} : { regulator: d.regulator }),
      assignments: [],
      responses: [],
      actions: [],
      thirdParties: [],
      correspondence: [],
      assessmentFailures: [],
      closures: [],
      declines: [],
      reopenings: [],
      regulatorReferrals: [],
      subjectAccess: [],
      updatedAt: d.at,
    });
  }
  return state.status === 'none' ? state : evolveComplaint(state, event);
};

/**
 * The state after one more event, given whether the caller owns `state` (built it, and has
 * handed it to no one): an owned case is changed in place, any other is copied first, as
 * `evolve` copies it. The state answered is owned by the caller unless it is `state` itself
 * and `state` was not (an event that changes nothing).
 */
const evolveOwned = (state: ComplaintState, owned: boolean, event: ComplaintEvent): ComplaintState => {
  if (event.type === 'ComplaintReceived' || state.status === 'none') return evolve(state, event);
  const own = owned ? (state as Building) : (copyOf(state) as Building);
  applyChange(own, state, event);
  return own;
};

/** The state after a whole history, from the initial state: `events.reduce(evolve, from)`. */
export const fold = (events: readonly ComplaintEvent[], from: ComplaintState = { status: 'none' }): ComplaintState => {
  let state = from;
  // whether `state` is one this fold built, which no one else holds yet: changed in place rather than copied
  let owned = false;
  for (const event of events) {
    const next = evolveOwned(state, owned, event);
    owned ||= next !== state;
    state = next;
  }
  return state;
};

/**
 * The complaints register: every stream's state now, moved on by each event recorded, as
 * `evolve` would move it. A state the register holds and has handed to no one is changed in
 * place, where a map of `evolve`'s results makes a new case at every event; a state handed out
 * (`stateOf`, `states`) is never changed afterwards: the stream's next event copies it first.
 * For a live view of every case, fed from a store's pages or its subscription, in any order
 * across streams and in stream order within each. It holds what it is given: fed from a store
 * read with the personal-data keys, its cases keep the opened text after an erasure (the event
 * marks a case erased; it cannot take text back), so build it again from the store after one
 * (docs/personal-data.md).
 */
export interface ComplaintRegister {
  /** Moves the event's stream on by the event: a `RecordedEvent` (read from a store) will do. */
  readonly record: (recorded: { readonly streamId: string; readonly event: ComplaintEvent }) => void;
  /** The stream's state now: `{ status: 'none' }` for a stream with nothing recorded. Never changed afterwards. */
  readonly stateOf: (streamId: string) => ComplaintState;
  /** Every stream recorded and its state now, in the order each was first recorded. None is changed afterwards. */
  readonly states: () => ReadonlyMap<string, ComplaintState>;
  /** How many streams have had an event recorded. */
  readonly size: () => number;
}

/** One stream's place in the register: its state, and whether anyone has been handed it. */
interface Entry {
  state: ComplaintState;
  owned: boolean;
}

/** A new, empty complaints register. */
export const createComplaintRegister = (): ComplaintRegister => {
  const entries = new Map<string, Entry>();
  const handOut = (entry: Entry): ComplaintState => {
    entry.owned = false;
    return entry.state;
  };
  return {
    record: ({ streamId, event }) => {
      let entry = entries.get(streamId);
      if (entry === undefined) entries.set(streamId, (entry = { state: { status: 'none' }, owned: false }));
      const next = evolveOwned(entry.state, entry.owned, event);
      entry.owned ||= next !== entry.state;
      entry.state = next;
    },
    stateOf: (streamId) => {
      const entry = entries.get(streamId);
      return entry === undefined ? { status: 'none' } : handOut(entry);
    },
    states: () => new Map([...entries].map(([streamId, entry]) => [streamId, handOut(entry)] as const)),
    size: () => entries.size,
  };
};
