/**
 * Questions about a case, named as questions. `decide` and projections ask these rather than
 * poking at state fields.
 *
 * @example
 * if (isAwaitingAcknowledgement(state)) ...
 */
import type { AssessmentFailure, Complaint, ComplaintState, ThirdPartyAuthorisation } from './state.js';

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
export const isOpenCase = (c: Complaint): boolean =>
  c.status === 'received' || c.status === 'acknowledged' || c.status === 'under-investigation' || c.status === 'responded';

/** Whether the complaint still waits for its acknowledgement (C12). */
export const isAwaitingAcknowledgement = (state: ComplaintState): boolean =>
  isReceived(state) && isOpenCase(state) && state.acknowledgedAt === undefined;

/** Whether a response was issued in the current opening (C8). */
export const hasResponse = (c: Complaint): boolean => c.response !== undefined;

/** Authorisations on record and not withdrawn (C4). */
export const currentThirdParties = (c: Complaint): ThirdPartyAuthorisation[] =>
  c.thirdParties.filter((a) => a.withdrawnAt === undefined);

/** Whether the named third party may be corresponded with now (C4). */
export const hasCurrentThirdPartyAuthorisation =
  (partyName: string) =>
  (c: Complaint): boolean =>
    currentThirdParties(c).some((a) => a.party.name === partyName);

/** Assessment failures whose cause, mitigation and prevention are not yet recorded (C16). */
export const unremediatedFailures = (c: Complaint): AssessmentFailure[] =>
  c.assessmentFailures.filter((f) => f.remediation === undefined);

/**
 * Whether the case answers to an external regulator (C15). The policy in force at receipt
 * decides which areas are regulated (`areaRules.regulated`); receipt then requires the regulator
 * there and refuses it elsewhere, so the recorded regulator is the answer for the case's life.
 */
export const isRegulatedComplaint = (c: Complaint): boolean => c.regulator !== undefined;

/** Whether CIM has declined further correspondence in the current opening (C17). */
export const hasDeclinedFurtherCorrespondence = (c: Complaint): boolean => c.furtherCorrespondenceDeclined !== undefined;
