/**
 * Why a command was refused: a stable `code` other systems can switch on, a message for people,
 * and details for the record. Rejections are values; the CLI and adapters turn them into exit
 * codes or statuses.
 *
 * @example
 * rejection('already-acknowledged', 'complaint c-1 was already acknowledged on 2025-02-03T10:00:00Z')
 */
export const rejectionCodes = [
  // input
  'invalid-command',
  'command-in-future',
  'command-id-reused',
  'wrong-complaint',
  // receipt (C1, C3, C14, C15, C18)
  'complaint-already-received',
  'complaint-not-received',
  'unknown-policy',
  'no-policy-in-force',
  'policy-not-in-force',
  'study-centre-required',
  'study-centre-procedure-completed-in-future',
  'regulator-required',
  'regulator-not-applicable',
  'escalation-not-applicable',
  // business time (DOMAIN "Rules of the second version"): a command's `at` is not earlier than what it needs
  'before-receipt',
  'before-acknowledgement',
  'before-assignment',
  'before-investigation-decision',
  'before-response',
  'before-withdrawal',
  'before-failure-identified',
  'before-remediation',
  'before-action-agreed',
  'before-closure',
  'before-reopening',
  'before-third-party-authorisation',
  'before-correspondence',
  'before-decline',
  // who may decide (C6, C9)
  'role-not-permitted',
  'no-handler',
  'assignment-outside-department',
  // lifecycle
  'complaint-redirected',
  'complaint-referred-to-study-centre',
  'complaint-closed',
  'complaint-withdrawn',
  'already-acknowledged',
  'already-assigned',
  'investigation-already-required',
  'response-already-issued',
  'not-acknowledged',
  'duplicate-action-id',
  'unknown-action',
  'action-already-completed',
  'no-response-issued',
  'assessment-failures-unremediated',
  'not-closed',
  // third parties and correspondence (C4, C17)
  'third-party-already-authorised',
  'third-party-not-authorised',
  'third-party-ambiguous',
  'party-name-not-applicable',
  'further-correspondence-declined',
  'further-correspondence-already-declined',
  'closed-without-response',
  // assessment failures (C16)
  'assessment-failure-already-recorded',
  'unknown-assessment-failure',
  'assessment-failure-already-remediated',
  // regulators (C15)
  'not-an-awarding-body-complaint',
  'already-referred-to-regulator',
  'wrong-regulator',
  // personal data (C5, C7)
  'personal-data-erased',
  'under-legal-hold',
  'legal-hold-already-placed',
  'no-legal-hold',
  'subject-access-already-recorded',
] as const;

export type RejectionCode = (typeof rejectionCodes)[number];

export interface Rejection {
  readonly _tag: 'Rejection';
  readonly code: RejectionCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A rejection with its code, message and optional details. */
export const rejection = (code: RejectionCode, message: string, details?: Record<string, unknown>): Rejection =>
  details === undefined ? { _tag: 'Rejection', code, message } : { _tag: 'Rejection', code, message, details };

/** Whether a value is a rejection (as opposed to, say, a store failure). */
export const isRejection = (value: unknown): value is Rejection =>
  typeof value === 'object' && value !== null && (value as { _tag?: unknown })._tag === 'Rejection';
