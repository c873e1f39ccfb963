/**
 * The history as the compliance checks read it: each event with what the record held when it was
 * written (what that event could rely on, as the decider saw the state then), in recorded order.
 * A check compares an event's `at` with the instants of what it relied on, so a backdated event
 * passes as long as it follows what it needs (DOMAIN "Business time is causal"). Like `evolve`,
 * the fold names every event type and ignores what comes before the receipt and a second receipt.
 *
 * @example
 * const record = caseRecordOf(entries);
 * record?.steps.filter((s) => s.event.type === 'ResponseIssued').map((s) => s.before.acknowledgement?.at);
 */
import { absurd } from 'fp-ts/lib/function.js';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import type { ComplaintEvent, EventOf } from '../complaint/events.js';
import { samePersonal, type Personal } from '../personal/personal.js';
import { instantMillis } from '../shared/codecs.js';
import type { FindingEvent } from './findings.js';

/** An event of a history to check: plain, an envelope (which also names its actor), or a stored record of one with its revision. */
export type CheckedEvent = ComplaintEvent | { readonly revision: number; readonly event: ComplaintEvent };

/** An event of the history with how findings cite it. */
export interface Entry {
  readonly ref: FindingEvent;
  readonly event: ComplaintEvent;
}

export interface RecordedFailure {
  readonly failureId: string;
  readonly identified: FindingEvent;
  /** Every remediation recorded for it, in recorded order. */
  readonly remediations: readonly FindingEvent[];
}

export interface RecordedAuthorisation {
  readonly partyName: Personal;
  readonly given: FindingEvent;
  readonly withdrawn?: FindingEvent;
}

/** What the record held at a point of the history. "Opening": since the receipt or the latest reopening. */
export interface CaseSoFar {
  /** 0 for the receipt's opening, n after the n-th reopening. */
  readonly opening: number;
  /** The receipt, or the reopening that began the opening. */
  readonly openedBy: FindingEvent;
  /** The case's first acknowledgement (a case is acknowledged once). */
  readonly acknowledgement?: FindingEvent;
  /** The latest assignment: the handler, with the manager's id and name. */
  readonly handler?: { readonly ref: FindingEvent; readonly managerId: string; readonly managerName: string };
  /** The opening's first investigation decision. */
  readonly investigation?: FindingEvent;
  /** The opening's first response. */
  readonly response?: FindingEvent;
  /** Every response, across openings, in recorded order. */
  readonly responses: readonly FindingEvent[];
  /** The opening's withdrawal (the case stands withdrawn until it is closed or reopened). */
  readonly withdrawal?: FindingEvent;
  /** The opening's latest close. */
  readonly close?: FindingEvent;
  readonly failures: readonly RecordedFailure[];
  /** Each agreed action id and the response that agreed it (the first to). */
  readonly actions: readonly { readonly actionId: string; readonly agreedBy: FindingEvent }[];
  readonly authorisations: readonly RecordedAuthorisation[];
}

/** An event from the receipt on, with the record as it stood before it. */
export interface Step extends Entry {
  readonly before: CaseSoFar;
  /** The opening the event falls in (a reopening begins the next one). */
  readonly opening: number;
}

export interface CaseRecord {
  readonly receipt: Step & { readonly event: EventOf<'ComplaintReceived'> };
  /** Events recorded before the receipt: every fold ignores them. */
  readonly unreceived: readonly Entry[];
  /** Every event from the receipt on, the receipt first, in recorded order. */
  readonly steps: readonly Step[];
  /** The record after the last event. */
  readonly final: CaseSoFar;
}

/** The entry of the `index`-th item of a history. */
export const entryOf = (item: CheckedEvent, index: number): Entry => {
  const stored = 'event' in item && 'revision' in item;
  const event = stored ? item.event : item;
  const actor = (event as Partial<ComplaintEnvelope>).metadata?.actor;
  return {
    ref: { index, ...(stored ? { revision: item.revision } : {}), type: event.type, at: event.data.at, ...(actor === undefined ? {} : { actor }) },
    event,
  };
};

/** Whether instant `a` is strictly earlier than instant `b`. */
export const isEarlier = (a: string, b: string): boolean => instantMillis(a) < instantMillis(b);

const withRemediation = (failures: readonly RecordedFailure[], failureId: string, ref: FindingEvent): readonly RecordedFailure[] =>
  failures.map((f) => (f.failureId === failureId ? { ...f, remediations: [...f.remediations, ref] } : f));

/** The record after one more event; every event type is named, so a new one fails to compile until placed. */
const advance = (s: CaseSoFar, { ref, event }: Entry): CaseSoFar => {
  switch (event.type) {
    case 'ComplaintReceived':
      // a complaint is received once; a repeated receipt is ignored, as evolve ignores it
      return s;
    case 'ComplaintAcknowledged':
      return s.acknowledgement === undefined ? { ...s, acknowledgement: ref } : s;
    case 'ComplaintAssigned':
      return { ...s, handler: { ref, managerId: event.data.manager.id, managerName: event.data.manager.name } };
    case 'InvestigationRequired':
      return s.investigation === undefined ? { ...s, investigation: ref } : s;
    case 'ThirdPartyAuthorised':
      return { ...s, authorisations: [...s.authorisations, { partyName: event.data.party.name, given: ref }] };
    case 'ThirdPartyAuthorisationWithdrawn':
      // as evolve: every authorisation of the party not yet withdrawn ends here
      return {
        ...s,
        authorisations: s.authorisations.map((a) => (samePersonal(a.partyName, event.data.partyName) && a.withdrawn === undefined ? { ...a, withdrawn: ref } : a)),
      };
    case 'AssessmentFailureIdentified':
      return { ...s, failures: [...s.failures, { failureId: event.data.failureId, identified: ref, remediations: [] }] };
    case 'AssessmentFailureRemediated':
      return { ...s, failures: withRemediation(s.failures, event.data.failureId, ref) };
    case 'ResponseIssued': {
      const known = new Set(s.actions.map((a) => a.actionId));
      const agreed = event.data.actions.filter((a) => !known.has(a.actionId)).map((a) => ({ actionId: a.actionId, agreedBy: ref }));
      return { ...s, response: s.response ?? ref, responses: [...s.responses, ref], actions: [...s.actions, ...agreed] };
    }
    case 'ComplaintWithdrawn':
      return { ...s, withdrawal: ref };
    case 'ComplaintClosed':
      return { ...s, close: ref };
    case 'ComplaintReopened': {
      // a new opening: investigation, response, withdrawal and close start afresh, as evolve starts them
      const { investigation: _i, response: _r, withdrawal: _w, close: _c, ...kept } = s;
      return { ...kept, opening: s.opening + 1, openedBy: ref };
    }
    case 'ComplaintRedirected':
    case 'ComplaintReferredToStudyCentre':
    case 'CorrespondenceReceived':
    case 'CorrespondenceSent':
    case 'ActionCompleted':
    case 'FurtherCorrespondenceDeclined':
    case 'ReferredToRegulator':
    case 'ComplainantDataErased':
    case 'LegalHoldPlaced':
    case 'LegalHoldLifted':
    case 'SubjectAccessDisclosed':
      // nothing later events depend on here: the checks read these from the steps
      return s;
    default:
      return absurd(event);
  }
};

const isReceipt = (entry: Entry): entry is Entry & { readonly event: EventOf<'ComplaintReceived'> } => entry.event.type === 'ComplaintReceived';

/** The record of a history (already cut at the instant asked about); `undefined` when it has no receipt. */
export const caseRecordOf = (entries: readonly Entry[]): CaseRecord | undefined => {
  const first = entries.findIndex(isReceipt);
  if (first < 0) return undefined;
  const receiptEntry = entries[first]!;
  let state: CaseSoFar = { opening: 0, openedBy: receiptEntry.ref, responses: [], failures: [], actions: [], authorisations: [] };
  const steps: Step[] = [];
  for (const entry of entries.slice(first)) {
    const after = advance(state, entry);
    steps.push({ ...entry, before: state, opening: after.opening });
    state = after;
  }
  return { receipt: steps[0] as CaseRecord['receipt'], unreceived: entries.slice(0, first), steps, final: state };
};

