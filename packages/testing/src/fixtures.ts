/**
 * Command builders for tests and examples: a valid command of each type with sensible
 * defaults, any field overridable. Times are explicit; nothing reads the clock.
 *
 * @example
 * const c = commands('c-1');
 * const received = c.receive({ at: '2025-03-03T09:00:00Z' });
 * const acknowledged = c.acknowledge({ at: '2025-03-04T09:00:00Z' });
 */
import * as E from 'fp-ts/lib/Either.js';
import { toEnvelopes } from '@cim-complaints/core';
import type {
  AcknowledgeComplaint,
  AssignComplaint,
  AuthoriseThirdParty,
  CloseComplaint,
  CompleteAction,
  ComplaintCommand,
  ComplaintEvent,
  ComplaintEnvelope,
  DeclineFurtherCorrespondence,
  EraseComplainantData,
  IssueResponse,
  LiftLegalHold,
  PlaceLegalHold,
  RecordSubjectAccess,
  RecordAssessmentFailure,
  RecordAssessmentRemediation,
  RecordCorrespondence,
  RecordRegulatorReferral,
  ReceiveComplaint,
  ReopenComplaint,
  RequireInvestigation,
  WithdrawComplaint,
  WithdrawThirdPartyAuthorisation,
} from '@cim-complaints/core';

/** Loosens branded strings so fixtures can be written with plain literals. */
type Plain<T> = T extends string ? string : T extends number ? number : T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;
type Overrides<C> = Partial<Plain<Omit<C, 'type'>>>;

export const DEFAULT_ACTOR = { id: 'u-quality-1', role: 'quality-and-complaints-manager' };
/** The Data Protection Officer: erases, holds and answers subject access requests (C5, C7). */
export const DPO_ACTOR = { id: 'u-dpo-1', role: 'data-protection-officer' };

/** Builders for the commands of one complaint; each call gets a fresh command id unless given one. */
export const commands = (complaintId: string, defaultAt = '2025-03-03T09:00:00Z') => {
  let counter = 0;
  const base = (type: string, overrides: { commandId?: string; at?: string; actor?: unknown }) => ({
    type,
    complaintId,
    commandId: overrides.commandId ?? `${complaintId}/${type}/${(counter += 1)}`,
    at: overrides.at ?? defaultAt,
    actor: overrides.actor ?? DEFAULT_ACTOR,
  });
  const build =
    <C extends ComplaintCommand>(type: C['type'], defaults: Record<string, unknown>) =>
    (overrides: Overrides<C> = {}): C =>
      ({ ...base(type, overrides as never), ...defaults, ...overrides }) as unknown as C;
  return {
    receive: build<ReceiveComplaint>('ReceiveComplaint', {
      channel: 'email',
      complainant: { name: 'Alex Morgan', email: 'alex@example.org', relationship: 'member' },
      businessArea: 'membership',
      summary: 'Membership renewal charged twice',
    }),
    acknowledge: build<AcknowledgeComplaint>('AcknowledgeComplaint', { channel: 'email' }),
    assign: build<AssignComplaint>('AssignComplaint', { department: 'Membership', manager: { id: 'm-1', name: 'Priya Shah' } }),
    requireInvestigation: build<RequireInvestigation>('RequireInvestigation', { reason: 'Billing records must be checked' }),
    authoriseThirdParty: build<AuthoriseThirdParty>('AuthoriseThirdParty', {
      party: { name: 'Sam Morgan', relationship: 'spouse', contact: 'sam@example.org' },
      evidence: 'Signed authority form received by post',
      scope: 'All correspondence about this complaint',
    }),
    withdrawThirdPartyAuthorisation: build<WithdrawThirdPartyAuthorisation>('WithdrawThirdPartyAuthorisation', { partyName: 'Sam Morgan' }),
    recordCorrespondence: build<RecordCorrespondence>('RecordCorrespondence', {
      direction: 'outbound',
      party: 'complainant',
      channel: 'email',
      summary: 'Update on progress',
    }),
    recordAssessmentFailure: build<RecordAssessmentFailure>('RecordAssessmentFailure', {
      failureId: 'af-1',
      assessment: 'Level 4 Certificate, March sitting',
      description: 'Marks transposed between two candidates',
    }),
    recordAssessmentRemediation: build<RecordAssessmentRemediation>('RecordAssessmentRemediation', {
      failureId: 'af-1',
      cause: 'Manual transcription of marks',
      mitigation: 'Results reissued to both candidates',
      prevention: 'Marks now imported directly from the marking system',
    }),
    issueResponse: build<IssueResponse>('IssueResponse', {
      outcome: 'upheld',
      findings: 'The renewal was taken twice; the duplicate has been refunded',
      actions: [],
    }),
    completeAction: build<CompleteAction>('CompleteAction', { actionId: 'a-1' }),
    close: build<CloseComplaint>('CloseComplaint', {}),
    withdraw: build<WithdrawComplaint>('WithdrawComplaint', {}),
    declineFurtherCorrespondence: build<DeclineFurtherCorrespondence>('DeclineFurtherCorrespondence', {
      reason: 'The process has been followed and the findings communicated',
    }),
    reopen: build<ReopenComplaint>('ReopenComplaint', { reason: 'New evidence received' }),
    recordRegulatorReferral: build<RecordRegulatorReferral>('RecordRegulatorReferral', { regulator: 'ofqual' }),
    eraseComplainantData: build<EraseComplainantData>('EraseComplainantData', { legalBasis: 'uk-gdpr-art-17', actor: DPO_ACTOR }),
    placeLegalHold: build<PlaceLegalHold>('PlaceLegalHold', { reason: 'Claim notified by the complainant\'s solicitor', actor: DPO_ACTOR }),
    liftLegalHold: build<LiftLegalHold>('LiftLegalHold', { reason: 'Claim settled', actor: DPO_ACTOR }),
    recordSubjectAccess: build<RecordSubjectAccess>('RecordSubjectAccess', { requestId: 'sar-1', actor: DPO_ACTOR }),
  };
};

export type CommandBuilders = ReturnType<typeof commands>;

/**
 * `size` inbound letters written by one command, as envelopes (event ids `eventIdFor(commandId, i)`):
 * the smallest valid batch a store test appends to a stream that already has its receipt, or to
 * one that has none (a store does not judge the history it is given).
 */
export const inboundLetters = (complaintId: string, commandId: string, size = 1, at = '2025-03-03T09:00:00Z'): ComplaintEnvelope[] => {
  const command = commands(complaintId).recordCorrespondence({ commandId, at, direction: 'inbound' }) as ComplaintCommand;
  const events = Array.from(
    { length: size },
    (_, i): ComplaintEvent =>
      ({
        type: 'CorrespondenceReceived',
        data: { complaintId, at, party: 'complainant', channel: 'email', summary: `message ${i + 1} of ${commandId}`, afterClosure: false },
      }) as ComplaintEvent,
  );
  return toEnvelopes(command, events, { recordedAt: at, policy: 'CX097-V4' });
};

// JSON of a test's failure: 64-bit integers as `<n>n`; an error's `cause` (a driver's error, perhaps circular) left out
const shown = (value: unknown): string => JSON.stringify(value, (key, v: unknown) => (key === 'cause' ? undefined : typeof v === 'bigint' ? `${v}n` : v));

/** The Right of an Either, or a thrown error showing the Left (so a failing test shows why). */
export const rightOf = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left ${shown(result.left)}`);
  return result.right;
};

/** The Left of an Either, or a thrown error. */
export const leftOf = <L>(result: E.Either<L, unknown>): L => {
  if (E.isRight(result)) throw new Error('expected Left, got Right');
  return result.left;
};
