/**
 * Decisions about who CIM writes to and what it records: third-party authorisations (C4), who a
 * letter is addressed to (an outbound letter, an acknowledgement, a response: C4, C8), letters in
 * and out, and the decision to decline further correspondence (C17). An authorisation counts for
 * a letter only if it was in force at the letter's instant.
 *
 * @example
 * recordCorrespondence(letterToThirdParty, c); // Left('third-party-not-authorised') unless one is in force at its `at` (C4)
 * addressLetter(command, c);                   // Right({ to: 'third-party', partyName, authorisationScope })
 */
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Policy } from '../policy/policy.js';
import { instantMillis, type Instant, type NonEmptyString } from '../shared/codecs.js';
import { roleRefusal, underPolicy } from './authority.js';
import { latestOf, precedent, precedes, strictPrecedent } from './chronology.js';
import type * as C from './commands.js';
import { no, ok, unless, type Decision } from './decision.js';
import type { ComplaintEvent } from './events.js';
import { rejection, type Rejection } from './rejections.js';
import {
  currentThirdParties,
  hasCurrentThirdPartyAuthorisation,
  hasDeclinedFurtherCorrespondence,
  isClosed,
  isThirdPartyAuthorisedFrom,
  lettersTo,
  unwithdrawnAuthorisation,
  wasClosedAt,
} from './rules.js';
import type { Addressee, Complaint, ThirdPartyAuthorisation } from './state.js';
import { personalDataErased } from './data-protection.js';
import { samePersonal } from '../personal/personal.js';
import { isPersonalDataErased } from './rules.js';

const LIAISON = 'CIM liaises with the complainant unless they authorise a third party (C4)';

/*
 * C5: no rejection names a person. A third party is "the third party named in partyName" (the
 * caller knows whom it sent), and an authorisation is referred to by its number on the complaint
 * (1 for the first `ThirdPartyAuthorised`) and when it was given, never by the party's name.
 */

/** An authorisation's number on the complaint: 1 for the first authorisation recorded. */
const numberOf = (a: ThirdPartyAuthorisation, c: Complaint): number => c.thirdParties.indexOf(a) + 1;

/** An authorisation as rejections refer to it: its number on the complaint and when it was given. */
const authorisationRef = (a: ThirdPartyAuthorisation, c: Complaint): { authorisation: number; authorisedAt: Instant } => ({
  authorisation: numberOf(a, c),
  authorisedAt: a.authorisedAt,
});

/** `authorisation 2, given at <instant>` */
const describeAuthorisation = (a: ThirdPartyAuthorisation, c: Complaint): string => `authorisation ${numberOf(a, c)}, given at ${a.authorisedAt}`;

/** C4: a third party the complainant authorises, unless an authorisation of theirs is in force from then on. */
export const authoriseThirdParty = (command: C.AuthoriseThirdParty, c: Complaint): Decision => {
  if (isPersonalDataErased(c)) return personalDataErased(command, c);
  if (isThirdPartyAuthorisedFrom(command.party.name, command.at)(c)) {
    const overlapping = c.thirdParties.find((a) => samePersonal(a.party.name, command.party.name) && (a.withdrawnAt === undefined || instantMillis(a.withdrawnAt) > instantMillis(command.at)));
    return no(
      'third-party-already-authorised',
      `the third party named in party.name is already authorised to act for the complainant at ${command.at}${overlapping === undefined ? '' : ` (${describeAuthorisation(overlapping, c)}${overlapping.withdrawnAt === undefined ? '' : `, withdrawn at ${overlapping.withdrawnAt}`})`}: authorisations of one party never overlap (C4)`,
      { at: command.at, ...(overlapping === undefined ? {} : { ...authorisationRef(overlapping, c), ...(overlapping.withdrawnAt === undefined ? {} : { withdrawnAt: overlapping.withdrawnAt }) }) },
    );
  }
  return ok({
    type: 'ThirdPartyAuthorised',
    data: { complaintId: c.complaintId, at: command.at, party: command.party, evidence: command.evidence, scope: command.scope },
  });
};

/** C4: the end of an authorisation, after it was given and after every letter sent under it. */
export const withdrawThirdPartyAuthorisation = (command: C.WithdrawThirdPartyAuthorisation, c: Complaint): Decision => {
  const authorisation = unwithdrawnAuthorisation(command.partyName)(c);
  if (authorisation === undefined) return no('third-party-not-authorised', `the third party named in partyName holds no current authorisation on complaint ${c.complaintId}`);
  return unless(
    precedes(command, [
      precedent('before-third-party-authorisation', `authorisation ${numberOf(authorisation, c)} (of the third party named in partyName)`, authorisation.authorisedAt),
      strictPrecedent('before-correspondence', 'the latest letter to the third party named in partyName', latestOf(lettersTo(command.partyName)(c)), 'it was sent under this authorisation'),
    ]),
    () => ok({ type: 'ThirdPartyAuthorisationWithdrawn', data: { complaintId: c.complaintId, at: command.at, partyName: command.partyName } }),
  );
};

/** Why no authorisation of the named party (or of anyone, unnamed) was in force at the letter's instant. */
const notAuthorisedAt = (partyName: string | undefined, command: { readonly type: string; readonly at: Instant }, c: Complaint): Rejection => {
  const ofParty = c.thirdParties.filter((a) => partyName === undefined || samePersonal(a.party.name, partyName));
  const later = ofParty.find((a) => instantMillis(a.authorisedAt) > instantMillis(command.at));
  if (later !== undefined) {
    const whose = partyName === undefined ? 'a third party' : 'the third party named in partyName';
    return rejection('before-third-party-authorisation', `${command.type} at ${command.at} cannot precede authorisation ${numberOf(later, c)} (of ${whose}) at ${later.authorisedAt}: ${LIAISON}`, {
      at: command.at,
      ...authorisationRef(later, c),
    });
  }
  const ended = ofParty.find((a) => a.withdrawnAt !== undefined);
  if (partyName !== undefined && ended !== undefined) {
    return rejection('third-party-not-authorised', `${LIAISON}: the authorisation of the third party named in partyName (${describeAuthorisation(ended, c)}) was withdrawn at ${ended.withdrawnAt}, at or before ${command.at}`, {
      at: command.at,
      ...authorisationRef(ended, c),
      withdrawnAt: ended.withdrawnAt,
    });
  }
  return partyName === undefined
    ? rejection('third-party-not-authorised', `${LIAISON}: no third party is authorised at ${command.at}`, { at: command.at })
    : rejection('third-party-not-authorised', `${LIAISON}: the third party named in partyName holds no authorisation in force at ${command.at}`, { at: command.at });
};

/** C4: the authorised third party a letter at the command's instant goes to, or why it may not go. */
const thirdPartyAddressee = (
  partyName: NonEmptyString | undefined,
  command: { readonly type: string; readonly at: Instant },
  c: Complaint,
): E.Either<Rejection, ThirdPartyAuthorisation> => {
  const current = currentThirdParties(command.at)(c);
  if (partyName !== undefined) {
    const named = hasCurrentThirdPartyAuthorisation(partyName, command.at)(c) ? current.find((a) => a.party.name === partyName) : undefined;
    return named === undefined ? E.left(notAuthorisedAt(partyName, command, c)) : E.right(named);
  }
  if (current.length === 1) return E.right(current[0]!);
  return current.length === 0
    ? E.left(notAuthorisedAt(undefined, command, c))
    : E.left(
        rejection(
          'third-party-ambiguous',
          `${current.length} third parties are authorised at ${command.at} (${current.map((a) => describeAuthorisation(a, c)).join('; ')}): name one in partyName`,
          { at: command.at, authorisations: current.map((a) => authorisationRef(a, c)) },
        ),
      );
};

/**
 * C4, C8: who an acknowledgement or a response goes to: the complainant (the default), or an
 * authorised third party in force at its instant, recorded with the scope of its authorisation.
 */
export const addressLetter = (
  command: { readonly type: string; readonly at: Instant; readonly to?: C.CorrespondentKind; readonly partyName?: NonEmptyString },
  c: Complaint,
): E.Either<Rejection, Addressee> => {
  if (command.to !== 'third-party') {
    return command.partyName === undefined
      ? E.right({ to: 'complainant' })
      : E.left(rejection('party-name-not-applicable', `partyName names a third party, but the ${command.type} is addressed to the complainant; set to: "third-party"`, { to: 'complainant' }));
  }
  return pipe(
    thirdPartyAddressee(command.partyName, command, c),
    E.map((a): Addressee => ({ to: 'third-party', partyName: a.party.name, authorisationScope: a.scope })),
  );
};

/** The fields of an event that record a letter's addressee. */
export const addresseeFields = (addressee: Addressee): { to: C.CorrespondentKind; partyName?: NonEmptyString; authorisationScope?: NonEmptyString } => ({
  to: addressee.to,
  ...(addressee.partyName === undefined ? {} : { partyName: addressee.partyName as NonEmptyString }),
  ...(addressee.authorisationScope === undefined ? {} : { authorisationScope: addressee.authorisationScope as NonEmptyString }),
});

/**
 * A letter in (always recorded, after closure too, flagged when the case stood closed at its
 * instant: C17) or out (C4, unless further correspondence was declined at its instant). Recorded
 * on a redirected or referred complaint too.
 */
export const recordCorrespondence = (command: C.RecordCorrespondence, c: Complaint): Decision => {
  if (command.personalText === true && isPersonalDataErased(c)) return personalDataErased(command, c);
  const common = {
    complaintId: c.complaintId,
    at: command.at,
    party: command.party,
    channel: command.channel,
    summary: command.summary,
    afterClosure: wasClosedAt(command.at)(c),
    ...(command.personalText === true ? { personalText: true as const } : {}),
  };
  if (command.direction === 'inbound') {
    return ok({ type: 'CorrespondenceReceived', data: { ...common, ...(command.partyName === undefined ? {} : { partyName: command.partyName }) } });
  }
  if (hasDeclinedFurtherCorrespondence(command.at)(c)) {
    return no('further-correspondence-declined', `CIM had declined further correspondence on complaint ${c.complaintId} by ${command.at} (C17)`);
  }
  if (command.party === 'complainant') return ok({ type: 'CorrespondenceSent', data: common });
  return pipe(
    thirdPartyAddressee(command.partyName, command, c),
    E.map((a): ComplaintEvent[] => [{ type: 'CorrespondenceSent', data: { ...common, partyName: a.party.name } }]),
  );
};

/** The latest letter CIM sent (C17: declining governs what is sent after it). */
const latestOutboundLetter = (c: Complaint): Instant | undefined => latestOf(c.correspondence.filter((l) => l.direction === 'outbound').map((l) => l.at));

/**
 * C17: once the process is complete (closed with a response), CIM may decline further
 * correspondence, once per opening, by a role the policy allows, not before the close nor
 * before a letter it already sent.
 */
export const declineFurtherCorrespondence = (command: C.DeclineFurtherCorrespondence, c: Complaint, policy: Policy | undefined): Decision => {
  if (!isClosed(c)) return no('not-closed', `CIM may decline further correspondence only once the process is complete (C17); complaint ${c.complaintId} is ${c.status}`);
  if (c.resolution !== 'responded') {
    return no('closed-without-response', `complaint ${c.complaintId} was closed after a withdrawal, without findings communicated: CIM may decline further correspondence only once its findings were sent (C17)`);
  }
  if (c.furtherCorrespondenceDeclined !== undefined) {
    return no('further-correspondence-already-declined', `further correspondence on complaint ${c.complaintId} was already declined at ${c.furtherCorrespondenceDeclined.at}`);
  }
  return underPolicy(c, policy, (p) =>
    unless(
      pipe(
        roleRefusal('declineFurtherCorrespondence', command, p),
        O.alt(() =>
          precedes(command, [
            precedent('before-closure', 'the close', c.closedAt),
            precedent('before-correspondence', 'the latest letter CIM sent', latestOutboundLetter(c), 'it was sent while correspondence was open'),
          ]),
        ),
      ),
      () => ok({ type: 'FurtherCorrespondenceDeclined', data: { complaintId: c.complaintId, at: command.at, reason: command.reason } }),
    ),
  );
};
