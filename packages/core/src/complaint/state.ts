/**
 * What is known about a complaint after folding its events: the queryable state.
 *
 * @example
 * const state = fold(history); // ComplaintState
 * if (state.status !== 'none') state.handler?.manager.name;
 */
import type { Instant, LocalDate, NonEmptyString } from '../shared/codecs.js';
import type { Regulator } from '../policy/policy.js';
import type { Complainant, Manager, Outcome, StudyCentre, ThirdParty } from './commands.js';

export type ComplaintStatus =
  | 'received'
  | 'acknowledged'
  | 'under-investigation'
  | 'responded'
  | 'closed'
  | 'withdrawn'
  | 'redirected'
  | 'referred-to-study-centre';

export const complaintStatuses: readonly ComplaintStatus[] = [
  'received',
  'acknowledged',
  'under-investigation',
  'responded',
  'closed',
  'withdrawn',
  'redirected',
  'referred-to-study-centre',
];

export interface ThirdPartyAuthorisation {
  readonly party: ThirdParty;
  readonly evidence: string;
  readonly scope: string;
  readonly authorisedAt: Instant;
  readonly withdrawnAt?: Instant;
}

export interface Correspondence {
  readonly direction: 'inbound' | 'outbound';
  readonly party: 'complainant' | 'third-party';
  readonly partyName?: string;
  readonly channel: string;
  readonly summary: string;
  readonly at: Instant;
  readonly afterClosure: boolean;
}

export interface AssessmentFailure {
  readonly failureId: string;
  readonly assessment: string;
  readonly description: string;
  readonly learnersAffected?: number;
  readonly identifiedAt: Instant;
  readonly remediation?: {
    readonly cause: string;
    readonly mitigation: string;
    readonly prevention: string;
    readonly at: Instant;
  };
}

export interface Response {
  readonly outcome: Outcome;
  readonly findings: string;
  readonly respondedAt: Instant;
  readonly regulator?: Regulator;
  readonly regulatorRoute?: string;
}

export interface Action {
  readonly actionId: string;
  readonly description: string;
  readonly owner: string;
  readonly dueOn?: LocalDate;
  readonly agreedAt: Instant;
  readonly completedAt?: Instant;
}

export interface Handler {
  readonly department: string;
  readonly manager: Manager;
  readonly assignedAt: Instant;
}

/** Before `ComplaintReceived`: nothing is known. */
export interface NoComplaint {
  readonly status: 'none';
}

export interface Complaint {
  readonly status: ComplaintStatus;
  readonly complaintId: NonEmptyString;
  /** The policy version the complaint is judged under for its whole life (C18). */
  readonly policy: string;
  readonly receivedAt: Instant;
  readonly channel: string;
  readonly complainant: Complainant;
  readonly businessArea: string;
  readonly summary: string;
  readonly desiredOutcome?: string;
  /** C9: where the business area routes; the handler's department once assigned. */
  readonly department: string;
  readonly studyCentre?: StudyCentre;
  readonly escalatedFromStudyCentre: boolean;
  readonly regulator?: Regulator;
  readonly redirectedTo?: string;
  readonly referredToStudyCentreAt?: Instant;
  readonly acknowledgedAt?: Instant;
  readonly handler?: Handler;
  readonly assignments: readonly Handler[];
  /** The investigation of the current opening, once required. */
  readonly investigation?: { readonly reason: string; readonly requiredAt: Instant };
  /** The response of the current opening. */
  readonly response?: Response;
  /** Every response issued, across reopenings, oldest first. */
  readonly responses: readonly Response[];
  readonly actions: readonly Action[];
  readonly thirdParties: readonly ThirdPartyAuthorisation[];
  readonly correspondence: readonly Correspondence[];
  readonly assessmentFailures: readonly AssessmentFailure[];
  readonly withdrawnAt?: Instant;
  readonly withdrawalReason?: string;
  readonly closedAt?: Instant;
  readonly resolution?: 'responded' | 'withdrawn';
  readonly furtherCorrespondenceDeclined?: { readonly reason: string; readonly at: Instant };
  readonly reopenings: readonly { readonly reason: string; readonly at: Instant }[];
  readonly regulatorReferrals: readonly { readonly regulator: Regulator; readonly at: Instant }[];
  /** The instant of the latest event folded. */
  readonly updatedAt: Instant;
}

export type ComplaintState = NoComplaint | Complaint;

export const initialState: ComplaintState = { status: 'none' };
