/**
 * What a command means for a complaint: the events to record, or the rule it breaks.
 * Pure: time comes in on the command (`at`), policies from the registry given. This module only
 * dispatches; the decisions are in receipt.ts (C1, C3, C9, C14, C15, C18), lifecycle.ts (C6,
 * C8, C9, C10, C12, C13), correspondence.ts (C4, C17) and closure.ts (C8, C15, C16, C17); who may
 * decide is in authority.ts (C6) and business-time order in chronology.ts.
 *
 * @example
 * const result = decide(command, fold(history)); // Either<Rejection, ComplaintEvent[]>
 */
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { absurd, pipe } from 'fp-ts/lib/function.js';
import { defaultPolicyRegistry, type PolicyRegistry } from '../policy/registry.js';
import { close, recordAssessmentFailure, recordAssessmentRemediation, recordRegulatorReferral, reopen, withdraw } from './closure.js';
import type * as C from './commands.js';
import { authoriseThirdParty, declineFurtherCorrespondence, recordCorrespondence, withdrawThirdPartyAuthorisation } from './correspondence.js';
import { erase, liftLegalHold, placeLegalHold, recordSubjectAccess } from './data-protection.js';
import { no, type Decision } from './decision.js';
import { evolve, fold } from './evolve.js';
import { acknowledge, assign, caseRefusal, completeAction, issueResponse, requireInvestigation, type LifecycleCommand } from './lifecycle.js';
import { receive } from './receipt.js';
import { isReceived } from './rules.js';
import { initialState, type Complaint, type ComplaintState } from './state.js';

export type { Decision } from './decision.js';

const onCase = (command: LifecycleCommand, c: Complaint, registry: PolicyRegistry): Decision => {
  // the complaint is judged under the version it was received under (C18)
  const policy = O.toUndefined(registry.byId(c.policy));
  switch (command.type) {
    case 'AcknowledgeComplaint':
      return acknowledge(command, c);
    case 'AssignComplaint':
      return assign(command, c, policy);
    case 'RequireInvestigation':
      return requireInvestigation(command, c);
    case 'AuthoriseThirdParty':
      return authoriseThirdParty(command, c);
    case 'WithdrawThirdPartyAuthorisation':
      return withdrawThirdPartyAuthorisation(command, c);
    case 'RecordCorrespondence':
      return recordCorrespondence(command, c);
    case 'RecordAssessmentFailure':
      return recordAssessmentFailure(command, c);
    case 'RecordAssessmentRemediation':
      return recordAssessmentRemediation(command, c);
    case 'IssueResponse':
      return issueResponse(command, c, policy);
    case 'CompleteAction':
      return completeAction(command, c);
    case 'CloseComplaint':
      return close(command, c, policy);
    case 'WithdrawComplaint':
      return withdraw(command, c);
    case 'DeclineFurtherCorrespondence':
      return declineFurtherCorrespondence(command, c, policy);
    case 'ReopenComplaint':
      return reopen(command, c, policy);
    case 'RecordRegulatorReferral':
      return recordRegulatorReferral(command, c, policy);
    case 'EraseComplainantData':
      return erase(command, c, policy);
    case 'PlaceLegalHold':
      return placeLegalHold(command, c, policy);
    case 'LiftLegalHold':
      return liftLegalHold(command, c, policy);
    case 'RecordSubjectAccess':
      return recordSubjectAccess(command, c, policy);
    default:
      return absurd(command);
  }
};

/** A decider whose receipts choose among the given policy versions. */
export const createDecider = (registry: PolicyRegistry) => {
  const decide = (command: C.ComplaintCommand, state: ComplaintState): Decision => {
    if (command.type === 'ReceiveComplaint') return receive(command, state, registry);
    if (!isReceived(state)) return no('complaint-not-received', `complaint ${command.complaintId} has not been received`);
    return pipe(
      caseRefusal(command, state),
      O.match(
        () => onCase(command, state, registry),
        (r) => E.left(r),
      ),
    );
  };
  // fold: a whole history at once, copying the case once instead of at every event (evolve.ts)
  return { initialState, decide, evolve, fold } as const;
};

/** The complaint decider under the library's policies (CX097 V4). */
export const complaintDecider = createDecider(defaultPolicyRegistry);
export const decide = complaintDecider.decide;
