/**
 * C4: CIM liaises with the complainant unless they expressly authorise a third party. Every letter
 * CIM addressed to a third party (outbound correspondence, an acknowledgement or a response with
 * `to: 'third-party'`) needs an authorisation of that party in force at the letter's instant:
 * given at or before it, not withdrawn at or before it. Authorisations are read from the whole
 * history, so one recorded late but dated before the letter counts (backdating is allowed), and a
 * withdrawal dated before the letter counts against it.
 *
 * @example
 * thirdPartyFindings(record);
 * // [{ code: 'letter-to-unauthorised-third-party', clause: 'C4', message: 'CorrespondenceSent at ... to Sam Morgan, who held no authorisation then ...' }]
 */
import { personalText, samePersonal, type Personal } from '../personal/personal.js';
import { instantMillis } from '../shared/codecs.js';
import { finding, type Finding } from './findings.js';
import type { CaseRecord, RecordedAuthorisation, Step } from './record.js';

/** The third party a letter went to: `undefined` for a letter to the complainant, `null` for one to a third party it does not name. */
const addresseeOf = (step: Step): Personal | null | undefined => {
  const e = step.event;
  switch (e.type) {
    case 'CorrespondenceSent':
      return e.data.party === 'third-party' ? (e.data.partyName ?? null) : undefined;
    case 'ComplaintAcknowledged':
    case 'ResponseIssued':
      return e.data.to === 'third-party' ? (e.data.partyName ?? null) : undefined;
    default:
      return undefined;
  }
};

const inForceAt = (at: string) => (a: RecordedAuthorisation): boolean =>
  instantMillis(a.given.at) <= instantMillis(at) && (a.withdrawn === undefined || instantMillis(at) < instantMillis(a.withdrawn.at));

/** Why no authorisation of the party covered an instant, in words. */
const because = (party: string, at: string, held: readonly RecordedAuthorisation[]): string => {
  if (held.length === 0) return `${party} was never authorised on this case`;
  const later = held.find((a) => instantMillis(a.given.at) > instantMillis(at));
  if (later !== undefined) return `${party} was authorised only at ${later.given.at}`;
  const ended = held.find((a) => a.withdrawn !== undefined);
  return ended?.withdrawn === undefined ? `${party} held no authorisation then` : `${party}'s authorisation was withdrawn at ${ended.withdrawn.at}`;
};

/** Every letter to a third party that no authorisation of theirs covered at its instant (C4). */
export const thirdPartyFindings = (record: CaseRecord): Finding[] =>
  record.steps.flatMap((step) => {
    const party = addresseeOf(step);
    if (party === undefined) return [];
    const at = step.ref.at;
    const held = party === null ? [] : record.final.authorisations.filter((a) => samePersonal(a.partyName, party));
    if (held.some(inForceAt(at))) return [];
    const reason = party === null ? 'it names no third party, so no authorisation can cover it' : because(personalText(party), at, held);
    return [
      finding('letter-to-unauthorised-third-party', record.receipt.event.data.complaintId, {
        message: `${step.event.type} at ${at} went to ${party === null ? 'a third party' : personalText(party)}: ${reason}; CIM liaises with the complainant unless they authorise a third party (C4)`,
        at,
        dates: { sentAt: at, ...Object.fromEntries(held.flatMap((a, i) => [[`authorisedAt${i === 0 ? '' : i + 1}`, a.given.at], ...(a.withdrawn === undefined ? [] : [[`withdrawnAt${i === 0 ? '' : i + 1}`, a.withdrawn.at]])])) },
        events: [step.ref, ...held.flatMap((a) => [a.given, a.withdrawn])],
        opening: step.opening,
      }),
    ];
  });
