/**
 * What each event changed, in one line an auditor can read: one describer per event type, so
 * a new event type fails to compile here until it is described.
 *
 * @example
 * describeEvent({ type: 'ComplaintAcknowledged', data: { complaintId: 'c-1', at: '...', channel: 'email' } });
 * // 'acknowledged by email'
 */
import { LONDON, personalText, type ComplaintEvent, type PersonalText } from '@cim-complaints/core';
import { absurd } from 'fp-ts/lib/function.js';
import { DateTime } from 'luxon';

/** An instant as London wall-clock time with its abbreviation, for display: `2025-03-04 10:12 GMT`. */
export const londonTime = (instant: string): string =>
  DateTime.fromISO(instant, { setZone: true }).setZone(LONDON).setLocale('en-GB').toFormat('yyyy-MM-dd HH:mm ZZZZ');

/** Who a letter went to (C4, C8): `to the complainant`, `to third party Sam Morgan (scope "All correspondence")`. */
export const addresseeText = (a: { readonly to: string; readonly partyName?: PersonalText | undefined; readonly authorisationScope?: string | undefined }): string =>
  a.to === 'third-party'
    ? `to third party ${a.partyName === undefined ? '(unnamed)' : personalText(a.partyName)}${a.authorisationScope === undefined ? '' : ` (authorised for ${JSON.stringify(a.authorisationScope)})`}`
    : 'to the complainant';

/** A text quoted for display; a personal text that is withheld or sealed shows as its marker, unquoted. */
const quote = (value: PersonalText, max = 120): string => {
  if (typeof value !== 'string') return personalText(value);
  return JSON.stringify(value.length > max ? `${value.slice(0, max - 1)}…` : value);
};

/** One line saying what the event changed. */
export const describeEvent = (event: ComplaintEvent): string => {
  switch (event.type) {
    case 'ComplaintReceived': {
      const d = event.data;
      const who = `${personalText(d.complainant.name)} (${d.complainant.relationship})`;
      const centre =
        d.studyCentre === undefined
          ? ''
          : `, study centre ${d.studyCentre.name}${d.studyCentre.ownProcedureCompletedOn === undefined ? '' : ` (its procedure completed ${d.studyCentre.ownProcedureCompletedOn})`}`;
      const regulator = d.regulator === undefined ? '' : `, regulator ${d.regulator}`;
      const channel = d.channelOutsidePolicy === true ? `${d.channel} (a channel ${d.policy} does not list: C1)` : d.channel;
      const escalates = d.escalatesFrom === undefined ? '' : `, escalating complaint ${d.escalatesFrom}`;
      return `received by ${channel} from ${who} about ${d.businessArea} (routed to ${d.department || 'no department'}${regulator}${centre}${escalates}) under ${d.policy}: ${quote(d.summary)}`;
    }
    case 'ComplaintRedirected':
      return `redirected to ${event.data.redirectedTo}: ${event.data.reason}`;
    case 'ComplaintReferredToStudyCentre':
      return `referred back to ${event.data.studyCentre}: ${event.data.reason}`;
    case 'ComplaintAcknowledged':
      return `acknowledged by ${event.data.channel} ${addresseeText(event.data)}`;
    case 'ComplaintAssigned': {
      const d = event.data;
      const previous = d.previousManager === undefined ? '' : ` (was ${d.previousManager.name})`;
      const override = d.overrideReason === undefined ? '' : `; not the routed department: ${quote(d.overrideReason)}`;
      return `assigned to ${d.manager.name} (${d.manager.id}), ${d.department}${previous}${override}`;
    }
    case 'InvestigationRequired':
      return `investigation required: ${quote(event.data.reason)}`;
    case 'ThirdPartyAuthorised': {
      const d = event.data;
      return `third party authorised: ${personalText(d.party.name)} (${d.party.relationship}, ${personalText(d.party.contact)}) for ${quote(d.scope)}; evidence: ${quote(d.evidence)}`;
    }
    case 'ThirdPartyAuthorisationWithdrawn':
      return `authorisation of ${personalText(event.data.partyName)} withdrawn`;
    case 'CorrespondenceReceived':
    case 'CorrespondenceSent': {
      const d = event.data;
      const party = d.party === 'third-party' ? `third party ${personalText(d.partyName)}`.trim() : 'the complainant';
      const direction = event.type === 'CorrespondenceReceived' ? `from ${party}` : `to ${party}`;
      return `${event.type === 'CorrespondenceReceived' ? 'correspondence received' : 'correspondence sent'} ${direction} by ${d.channel}${d.afterClosure ? ' (after closure)' : ''}: ${quote(d.summary)}`;
    }
    case 'AssessmentFailureIdentified': {
      const d = event.data;
      const learners = d.learnersAffected === undefined ? '' : `, ${d.learnersAffected} learners affected`;
      return `assessment failure ${d.failureId} identified in ${d.assessment}${learners}: ${quote(d.description)}`;
    }
    case 'AssessmentFailureRemediated':
      return `assessment failure ${event.data.failureId} remediated: cause ${quote(event.data.cause)}; mitigation ${quote(event.data.mitigation)}; prevention ${quote(event.data.prevention)}`;
    case 'ResponseIssued': {
      const d = event.data;
      const actions = d.actions.length === 0 ? 'no actions' : `actions ${d.actions.map((a) => `${a.actionId}${a.dueOn === undefined ? '' : ` due ${a.dueOn}`}`).join(', ')}`;
      const regulator = d.regulator === undefined ? '' : `; told of ${d.regulator}'s complaints route`;
      return `response issued ${addresseeText(d)}: ${d.outcome}; ${actions}${regulator}; findings ${quote(d.findings)}`;
    }
    case 'ActionCompleted':
      return `action ${event.data.actionId} completed`;
    case 'ComplaintClosed':
      return `closed (${event.data.resolution})`;
    case 'ComplaintWithdrawn':
      return `withdrawn by the complainant${event.data.reason === undefined || event.data.reason === '' ? '' : `: ${quote(event.data.reason)}`}`;
    case 'FurtherCorrespondenceDeclined':
      return `further correspondence declined: ${quote(event.data.reason)}`;
    case 'ComplaintReopened':
      return `reopened: ${quote(event.data.reason)}`;
    case 'ReferredToRegulator':
      return `referred to the regulator ${event.data.regulator}`;
    case 'ComplainantDataErased':
      return `the complainant's personal data erased (legal basis: ${event.data.legalBasis}); its fields read as [erased]`;
    case 'LegalHoldPlaced':
      return `legal hold placed: ${quote(event.data.reason)}`;
    case 'LegalHoldLifted':
      return `legal hold lifted: ${quote(event.data.reason)}`;
    case 'SubjectAccessDisclosed':
      return `disclosed to the data subject (subject access request ${event.data.requestId})`;
    default:
      return absurd(event);
  }
};
