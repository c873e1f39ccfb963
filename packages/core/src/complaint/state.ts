/**
 * What is known about a complaint after folding its events: the queryable state.
 *
 * @example
 * const state = fold(history); // ComplaintState
 * if (state.status !== 'none') state.handler?.manager.name;
 */
import type { Instant, LocalDate, NonEmptyString } from '../shared/codecs.js';
import type { Regulator } from '../policy/policy.js';
import type { Personal, PersonalText } from '../personal/personal.js';
import type { CorrespondentKind, Manager, Outcome, StudyCentre } from './commands.js';
import type { StoredComplainant, StoredThirdParty } from './events.js';

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

/** C4, C8: who a letter went to; a third party with the scope of its authorisation. */
export interface Addressee {
  readonly to: CorrespondentKind;
  readonly partyName?: Personal;
  readonly authorisationScope?: string;
}

/** An authorisation is in force from `authorisedAt` until (not at) `withdrawnAt`. */
export interface ThirdPartyAuthorisation {
  readonly party: StoredThirdParty;
  readonly evidence: Personal;
  readonly scope: string;
  readonly authorisedAt: Instant;
  readonly withdrawnAt?: Instant;
}

export interface Correspondence {
  readonly direction: 'inbound' | 'outbound';
  readonly party: 'complainant' | 'third-party';
  readonly partyName?: Personal;
  readonly channel: string;
  readonly summary: Personal;
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
  readonly addressee: Addressee;
  /** C6: the handler of the case when the response was issued (none on a first-version history that had none). */
  readonly handler?: Handler;
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
  /** C9: why the department is not the one the business area routes to. */
  readonly overrideReason?: string;
}

/** A close of one opening; the `n`-th close is followed by the `n`-th reopening, if any. */
export interface Closure {
  readonly at: Instant;
  readonly resolution: 'responded' | 'withdrawn';
}

/** C17: a decision to decline further correspondence, in force until the reopening that follows it. */
export interface Decline {
  readonly reason: string;
  readonly at: Instant;
  /** How many reopenings came before it: the next one (`reopenings[opening]`) lifts it. */
  readonly opening: number;
}

/** Before `ComplaintReceived`: nothing is known. */
export interface NoComplaint {
  readonly status: 'none';
}

/**
 * A received complaint as its events leave it. `evolve` and `fold` give every case the same
 * fields in the same order, a field the case does not have being undefined (so JSON leaves it out):
 * one shape, which V8 copies at every event far faster than the many orders histories would give.
 */
export interface Complaint {
  readonly status: ComplaintStatus;
  readonly complaintId: NonEmptyString;
  /** The policy version the complaint is judged under for its whole life (C18). */
  readonly policy: string;
  readonly receivedAt: Instant;
  readonly channel: string;
  /** C1: received by a channel the policy does not list. */
  readonly channelOutsidePolicy: boolean;
  readonly complainant: StoredComplainant;
  readonly businessArea: string;
  readonly summary: Personal;
  readonly desiredOutcome?: PersonalText;
  /** C9: where the business area routes; the handler's department once assigned. */
  readonly department: string;
  readonly studyCentre?: StudyCentre;
  readonly escalatedFromStudyCentre: boolean;
  /** C14: the complaint referred back to the study centre that this one escalates. */
  readonly escalatesFrom?: string;
  readonly regulator?: Regulator;
  readonly redirectedTo?: string;
  readonly referredToStudyCentreAt?: Instant;
  readonly acknowledgedAt?: Instant;
  readonly acknowledgedTo?: Addressee;
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
  /** Every close, across openings, oldest first. */
  readonly closures: readonly Closure[];
  /** The decision of the current opening to decline further correspondence (C17). */
  readonly furtherCorrespondenceDeclined?: { readonly reason: string; readonly at: Instant };
  /** Every such decision, across openings, oldest first. */
  readonly declines: readonly Decline[];
  readonly reopenings: readonly { readonly reason: string; readonly at: Instant }[];
  readonly regulatorReferrals: readonly { readonly regulator: Regulator; readonly at: Instant }[];
  /** C5: when the complainant's personal data was erased, and on what legal basis. */
  readonly erasure?: { readonly at: Instant; readonly legalBasis: string };
  /** C7: the legal hold in force, if any: no erasure, no retention, until it is lifted. */
  readonly legalHold?: { readonly reason: string; readonly at: Instant };
  /** C7: each subject access request the complaint was disclosed in, oldest first. */
  readonly subjectAccess: readonly { readonly requestId: string; readonly at: Instant }[];
  /** The instant of the latest event folded. */
  readonly updatedAt: Instant;
}

export type ComplaintState = NoComplaint | Complaint;

export const initialState: ComplaintState = { status: 'none' };
