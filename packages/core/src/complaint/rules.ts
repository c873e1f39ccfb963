/**
 * Questions about a case, named as questions. `decide` and projections ask these rather than
 * poking at state fields. Questions about business time take the instant they are asked about:
 * a backdated command is judged by what held when it happened, not by what holds now.
 *
 * @example
 * if (isAwaitingAcknowledgement(state)) ...
 * hasCurrentThirdPartyAuthorisation('Sam Morgan', letter.at)(c); // in force at the letter's instant (C4)
 */
import { samePersonal, type Personal } from '../personal/personal.js';
import { instantMillis, type Instant } from '../shared/codecs.js';
import type { AssessmentFailure, Complaint, ComplaintState, ThirdPartyAuthorisation } from './state.js';

const millis = instantMillis;

/** Whether the complaint has been received at all. */
export const isReceived = (state: ComplaintState): state is Complaint => state.status !== 'none';

/** Whether the case ended at receipt: redirected (C3) or referred back to a study centre (C14). */
export const hasEndedAtReceipt = (c: Complaint): boolean =>
  c.status === 'redirected' || c.status === 'referred-to-study-centre';

/** Whether the case is closed. */
export const isClosed = (c: Complaint): boolean => c.status === 'closed';

/** Whether the complainant withdrew and the case is not yet closed. */
export const isWithdrawn = (c: Complaint): boolean => c.status === 'withdrawn';

/** Whether the case is open: accepted and not yet withdrawn or closed. */
export const isOpenCase = (c: Pick<Complaint, 'status'>): boolean =>
  c.status === 'received' || c.status === 'acknowledged' || c.status === 'under-investigation' || c.status === 'responded';

/** Whether the complaint still waits for its acknowledgement (C12). */
export const isAwaitingAcknowledgement = (state: ComplaintState): boolean =>
  isReceived(state) && isOpenCase(state) && state.acknowledgedAt === undefined;

/** Whether a response was issued in the current opening (C8). */
export const hasResponse = (c: Complaint): boolean => c.response !== undefined;

/** The latest reopening, if the case was ever reopened: the start of the current opening. */
export const latestReopening = (c: Complaint): Instant | undefined => c.reopenings[c.reopenings.length - 1]?.at;

/** The latest close, in any opening. */
export const latestClosure = (c: Complaint): Instant | undefined => c.closures[c.closures.length - 1]?.at;

/** Whether the case stood closed at an instant: at or after a close, before the reopening that followed it (C17). */
export const wasClosedAt =
  (at: Instant) =>
  (c: Complaint): boolean =>
    c.closures.some((closure, i) => {
      const reopened = c.reopenings[i]?.at;
      return millis(closure.at) <= millis(at) && (reopened === undefined || millis(at) < millis(reopened));
    });

/** Whether an authorisation was in force at an instant: given at or before it, not withdrawn at or before it (C4). */
export const isInForceAt =
  (at: Instant) =>
  (a: ThirdPartyAuthorisation): boolean =>
    millis(a.authorisedAt) <= millis(at) && (a.withdrawnAt === undefined || millis(at) < millis(a.withdrawnAt));

/** Authorisations in force at an instant (C4). */
export const currentThirdParties =
  (at: Instant) =>
  (c: Complaint): ThirdPartyAuthorisation[] =>
    c.thirdParties.filter(isInForceAt(at));

/** Whether the named third party may be corresponded with at an instant (C4). */
export const hasCurrentThirdPartyAuthorisation =
  (partyName: Personal, at: Instant) =>
  (c: Complaint): boolean =>
    currentThirdParties(at)(c).some((a) => samePersonal(a.party.name, partyName));

/**
 * Whether an authorisation of the party from `at` on would overlap one on record: one not
 * withdrawn, or withdrawn after `at` (C4). Authorisations of one party never overlap.
 */
export const isThirdPartyAuthorisedFrom =
  (partyName: Personal, at: Instant) =>
  (c: Complaint): boolean =>
    c.thirdParties.some((a) => samePersonal(a.party.name, partyName) && (a.withdrawnAt === undefined || millis(a.withdrawnAt) > millis(at)));

/** The authorisation of a party that has not been withdrawn, if any (C4). */
export const unwithdrawnAuthorisation =
  (partyName: Personal) =>
  (c: Complaint): ThirdPartyAuthorisation | undefined =>
    c.thirdParties.find((a) => samePersonal(a.party.name, partyName) && a.withdrawnAt === undefined);

/** The instants of every letter CIM addressed to a third party: correspondence, the acknowledgement, responses (C4). */
export const lettersTo =
  (partyName: Personal) =>
  (c: Complaint): Instant[] => [
    ...c.correspondence.filter((l) => l.direction === 'outbound' && l.party === 'third-party' && samePersonal(l.partyName, partyName)).map((l) => l.at),
    ...(c.acknowledgedAt !== undefined && samePersonal(c.acknowledgedTo?.partyName, partyName) ? [c.acknowledgedAt] : []),
    ...c.responses.filter((r) => samePersonal(r.addressee.partyName, partyName)).map((r) => r.respondedAt),
  ];

/** Assessment failures whose cause, mitigation and prevention are not yet recorded (C16). */
export const unremediatedFailures = (c: Complaint): AssessmentFailure[] =>
  c.assessmentFailures.filter((f) => f.remediation === undefined);

/**
 * Whether the case answers to an external regulator (C15). The policy in force at receipt
 * decides which areas are regulated (`areaRules.regulated`); receipt then requires the regulator
 * there and refuses it elsewhere, so the recorded regulator is the answer for the case's life.
 */
export const isRegulatedComplaint = (c: Complaint): boolean => c.regulator !== undefined;

/**
 * Whether CIM had declined further correspondence at an instant (C17): a decision at or before
 * it that the reopening following it had not yet lifted.
 */
export const hasDeclinedFurtherCorrespondence =
  (at: Instant) =>
  (c: Complaint): boolean =>
    c.declines.some((d) => {
      const lifted = c.reopenings[d.opening]?.at;
      return millis(d.at) <= millis(at) && (lifted === undefined || millis(at) < millis(lifted));
    });

/** Whether the complainant's personal data was erased (C5). */
export const isPersonalDataErased = (c: Complaint): boolean => c.erasure !== undefined;

/** Whether a legal hold is in force on the complaint (C7): no erasure, no retention. */
export const isUnderLegalHold = (c: Complaint): boolean => c.legalHold !== undefined;
