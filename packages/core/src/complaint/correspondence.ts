/**
 * Decisions about who CIM writes to and what it records: third-party authorisations (C4), letters
 * in and out, and the decision to decline further correspondence (C17).
 *
 * @example
 * recordCorrespondence(letterToThirdParty, c); // Left('third-party-not-authorised') unless one is current (C4)
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { NonEmptyString } from '../shared/codecs.js';
import type * as C from './commands.js';
import { no, ok, type Decision } from './decision.js';
import type { ComplaintEvent } from './events.js';
import { rejection, type Rejection } from './rejections.js';
import { currentThirdParties, hasCurrentThirdPartyAuthorisation, hasDeclinedFurtherCorrespondence, isClosed } from './rules.js';
import type { Complaint } from './state.js';

/** C4: a third party the complainant authorises, unless already current. */
export const authoriseThirdParty = (command: C.AuthoriseThirdParty, c: Complaint): Decision =>
  hasCurrentThirdPartyAuthorisation(command.party.name)(c)
    ? no('third-party-already-authorised', `${command.party.name} is already authorised to act for the complainant`)
    : ok({
        type: 'ThirdPartyAuthorised',
        data: { complaintId: c.complaintId, at: command.at, party: command.party, evidence: command.evidence, scope: command.scope },
      });

/** C4: the end of a current authorisation. */
export const withdrawThirdPartyAuthorisation = (command: C.WithdrawThirdPartyAuthorisation, c: Complaint): Decision =>
  hasCurrentThirdPartyAuthorisation(command.partyName)(c)
    ? ok({ type: 'ThirdPartyAuthorisationWithdrawn', data: { complaintId: c.complaintId, at: command.at, partyName: command.partyName } })
    : no('third-party-not-authorised', `${command.partyName} holds no current authorisation on complaint ${c.complaintId}`);

/** C4: which authorised third party an outbound letter goes to, or why it may not go. */
const thirdPartyAddressee = (partyName: NonEmptyString | undefined, c: Complaint): E.Either<Rejection, NonEmptyString> => {
  if (partyName !== undefined) {
    return hasCurrentThirdPartyAuthorisation(partyName)(c)
      ? E.right(partyName)
      : E.left(
          rejection('third-party-not-authorised', `CIM liaises with the complainant unless they authorise a third party (C4): ${partyName} holds no current authorisation`, {
            partyName,
          }),
        );
  }
  const current = currentThirdParties(c);
  if (current.length === 1) return E.right(current[0]!.party.name);
  return current.length === 0
    ? E.left(rejection('third-party-not-authorised', 'CIM liaises with the complainant unless they authorise a third party (C4): no third party is authorised'))
    : E.left(rejection('third-party-ambiguous', `several third parties are authorised (${current.map((a) => a.party.name).join(', ')}): name one in partyName`));
};

/** A letter in (always recorded, after closure too: C17) or out (C4, unless further correspondence was declined). */
export const recordCorrespondence = (command: C.RecordCorrespondence, c: Complaint): Decision => {
  const common = {
    complaintId: c.complaintId,
    at: command.at,
    party: command.party,
    channel: command.channel,
    summary: command.summary,
    afterClosure: isClosed(c),
  };
  if (command.direction === 'inbound') {
    return ok({ type: 'CorrespondenceReceived', data: { ...common, ...(command.partyName === undefined ? {} : { partyName: command.partyName }) } });
  }
  if (hasDeclinedFurtherCorrespondence(c)) {
    return no('further-correspondence-declined', `CIM declined further correspondence on complaint ${c.complaintId} at ${c.furtherCorrespondenceDeclined!.at}`);
  }
  if (command.party === 'complainant') return ok({ type: 'CorrespondenceSent', data: common });
  return pipe(
    thirdPartyAddressee(command.partyName, c),
    E.map((partyName): ComplaintEvent[] => [{ type: 'CorrespondenceSent', data: { ...common, partyName } }]),
  );
};

/** C17: once the process is complete, CIM may decline further correspondence, once per opening. */
export const declineFurtherCorrespondence = (command: C.DeclineFurtherCorrespondence, c: Complaint): Decision =>
  !isClosed(c)
    ? no('not-closed', `CIM may decline further correspondence only once the process is complete (C17); complaint ${c.complaintId} is ${c.status}`)
    : hasDeclinedFurtherCorrespondence(c)
      ? no('further-correspondence-already-declined', `further correspondence on complaint ${c.complaintId} was already declined at ${c.furtherCorrespondenceDeclined!.at}`)
      : ok({ type: 'FurtherCorrespondenceDeclined', data: { complaintId: c.complaintId, at: command.at, reason: command.reason } });
