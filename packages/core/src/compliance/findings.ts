/**
 * Compliance findings: what an audit of a complaint's history found against policy CX097, as
 * values. Each code has one entry in `findingCatalogue`: the clause it answers to
 * (docs/policy-mapping.md), how serious it is, and whether a history the decider accepted can
 * have it at all (`lawful`: deadlines kept or not, and what is still outstanding at `asOf`, are
 * beyond what a decider can refuse). docs/compliance.md gives each code's reading.
 *
 * @example
 * findingCatalogue['closed-without-response']; // { clause: 'C8', severity: 'breach', lawful: false, title: 'closed without a response' }
 * finding('closed-without-response', 'c-1', { message: '...', at: close.at, dates: { closedAt: close.at }, events: [close] });
 */
import type { Actor, Instant } from '../shared/codecs.js';
import type { EventType } from '../complaint/events.js';

/**
 * - `breach`: the policy was not followed (a deadline missed, a letter to someone not authorised);
 * - `inconsistent`: the record contradicts itself (an event dated before what it depends on) or
 *   cannot be read, so what it says happened cannot be relied on;
 * - `warning`: nothing is broken yet, but the case needs attention (stalled, a letter after
 *   closure not acted on, a policy past its review date).
 */
export type FindingSeverity = 'breach' | 'inconsistent' | 'warning';

/** The clauses of docs/policy-mapping.md a finding can cite. */
export type PolicyClause = 'C4' | 'C6' | 'C7' | 'C8' | 'C12' | 'C13' | 'C16' | 'C17' | 'C18';

export interface FindingDefinition {
  readonly clause: PolicyClause;
  readonly severity: FindingSeverity;
  /** Whether a history the decider accepted in full can have it: only deadline findings and what stands outstanding at `asOf`. */
  readonly lawful: boolean;
  /** A few words for summaries. */
  readonly title: string;
}

const def = (clause: PolicyClause, severity: FindingSeverity, lawful: boolean, title: string): FindingDefinition => ({ clause, severity, lawful, title });

/** Every finding code an audit can report, with its clause, severity and title. */
export const findingCatalogue = {
  // C12, C13: deadlines, per opening (evaluateSla)
  'acknowledgement-missed': def('C12', 'breach', true, 'acknowledged late, or never before the case ended'),
  'acknowledgement-overdue': def('C12', 'breach', true, 'not acknowledged, past its due day'),
  'response-missed': def('C13', 'breach', true, 'responded late, or never before the opening ended'),
  'response-overdue': def('C13', 'breach', true, 'not responded to, past its due day'),
  stalled: def('C13', 'warning', true, 'neither an investigation decision nor a response within the stall limit'),
  // C8
  'closed-without-response': def('C8', 'breach', false, 'closed without a response or a withdrawal'),
  // C4
  'letter-to-unauthorised-third-party': def('C4', 'breach', false, 'a letter to a third party not authorised at its instant'),
  // C6
  'response-without-handler': def('C6', 'breach', false, 'a response on a case no manager was assigned'),
  'response-not-by-handler': def('C6', 'breach', false, 'a response by someone neither the handler nor allowed to respond for any department'),
  'role-not-permitted': def('C6', 'breach', false, 'a close, decline, reopening or referral by a role the policy does not list'),
  // C16
  'failure-unremediated-at-close': def('C16', 'breach', false, 'closed while an assessment failure was not remediated'),
  'failure-outstanding-on-ended-case': def('C16', 'warning', true, 'an assessment failure still not remediated on a case that has ended'),
  // C17
  'correspondence-after-closure-not-acted-on': def('C17', 'warning', true, 'a letter received after closure, neither reopened nor declined in time'),
  // C18
  'policy-review-overdue': def('C18', 'warning', true, "the complaint's policy is past its next-review date"),
  'unknown-policy': def('C18', 'inconsistent', false, 'received under a policy version the registry does not know'),
  // C7: business time runs forwards; the record can be read and evaluated
  'before-receipt': def('C7', 'inconsistent', false, 'an event dated (or recorded) before the receipt'),
  'response-before-acknowledgement': def('C7', 'inconsistent', false, 'a response dated before the acknowledgement'),
  'response-before-investigation-decision': def('C7', 'inconsistent', false, "a response dated before its opening's investigation decision"),
  'response-before-assignment': def('C7', 'inconsistent', false, "a response dated before its handler's assignment"),
  'close-before-response': def('C7', 'inconsistent', false, 'a close dated before the response it followed'),
  'close-before-withdrawal': def('C7', 'inconsistent', false, 'a close dated before the withdrawal it followed'),
  'close-before-remediation': def('C7', 'inconsistent', false, 'a close dated before a remediation recorded before it'),
  'remediation-before-failure': def('C7', 'inconsistent', false, 'a remediation dated before its failure was identified'),
  'action-completed-before-agreed': def('C7', 'inconsistent', false, 'an action completed before the response that agreed it'),
  'decline-before-close': def('C7', 'inconsistent', false, 'further correspondence declined before the close'),
  'reopen-before-close': def('C7', 'inconsistent', false, 'a reopening dated before the close'),
  'referral-before-response': def('C7', 'inconsistent', false, "a regulator referral dated before CIM's response"),
  'authorisation-withdrawn-before-given': def('C7', 'inconsistent', false, "a third party's authorisation withdrawn before it was given"),
  'deadline-not-evaluable': def('C7', 'inconsistent', false, 'a deadline that cannot be worked out from the record'),
  // C7, found by readers of a store (e.g. `cim-complaints audit`), never by checkCompliance
  'unreadable-event': def('C7', 'inconsistent', false, 'a stored event that does not decode'),
  'missing-receipt': def('C7', 'inconsistent', false, 'a complaint stream with events but no receipt'),
  'inconsistent-stream': def('C7', 'inconsistent', false, 'a stream that is not one history: a revision gap, events out of order, or an event naming another complaint'),
} as const satisfies Record<string, FindingDefinition>;

export type FindingCode = keyof typeof findingCatalogue;

/** Every finding code, in catalogue order. */
export const findingCodes = Object.keys(findingCatalogue) as FindingCode[];

/** One event of the history a finding cites. */
export interface FindingEvent {
  /** Its place in the history given (from 0). */
  readonly index: number;
  /** Its stream revision, when the history came from a store with one. */
  readonly revision?: number;
  readonly type: EventType;
  /** `data.at`: when it happened in the world. */
  readonly at: Instant;
  /** Who recorded it, when the history carries envelopes (`metadata.actor`). */
  readonly actor?: Actor;
}

export interface Finding {
  readonly code: FindingCode;
  readonly clause: PolicyClause;
  readonly severity: FindingSeverity;
  readonly complaintId: string;
  /** One or two sentences naming what, when and why. */
  readonly message: string;
  /** When it became a finding: the instant of the event at fault, or of the deadline that passed; `null` when unknown (an unreadable event). */
  readonly at: string | null;
  /** Every instant and date involved, by name (`dueAt`, `doneAt`, `closedAt`, ...). */
  readonly dates: Readonly<Record<string, string>>;
  /** The events involved, in history order. */
  readonly events: readonly FindingEvent[];
  /** The opening it concerns (0: the receipt's; n: the n-th reopening), for findings about one. */
  readonly opening?: number;
}

export interface FindingFields {
  readonly message: string;
  readonly at: string | null;
  readonly dates?: Readonly<Record<string, string | undefined>>;
  readonly events?: readonly (FindingEvent | undefined)[];
  readonly opening?: number;
}

/** A finding of a code, its clause and severity from the catalogue; events sorted and deduplicated, absent dates left out. */
export const finding = (code: FindingCode, complaintId: string, fields: FindingFields): Finding => {
  const { clause, severity } = findingCatalogue[code];
  const events = [...new Map((fields.events ?? []).flatMap((e) => (e === undefined ? [] : [[e.index, e] as const]))).values()].sort((a, b) => a.index - b.index);
  const dates = Object.fromEntries(Object.entries(fields.dates ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return {
    code,
    clause,
    severity,
    complaintId,
    message: fields.message,
    at: fields.at,
    dates,
    events,
    ...(fields.opening === undefined ? {} : { opening: fields.opening }),
  };
};
