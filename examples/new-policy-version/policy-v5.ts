// A new version of the complaints policy, as a value: CX097 V4 with shorter SLA targets, counted
// on Scotland's working days, governing complaints received from 17 November 2025.
import { checkedPolicyRegistry, CX097_V4, formatProblems, Policy, validationProblems } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';

// Policy.decode checks the value (and brands its strings) as it would a policy loaded from JSON.
const decoded = Policy.decode({
  ...CX097_V4,
  id: 'CX097-V5',
  version: 'V5',
  reviewed: '2025-10',
  nextReviewDue: '2026-10-31',
  effectiveFrom: '2025-11-17T00:00:00Z', // receipts from this instant on are judged under V5 (C18)
  calendarId: 'scotland', // 2 January and St Andrew's Day are holidays, Easter Monday is not
  targets: [
    { id: 'acknowledgement', workingDays: 3, startsFrom: 'receipt', appliesWhen: 'always', metBy: 'ComplaintAcknowledged' },
    { id: 'response', workingDays: 15, startsFrom: 'receipt', appliesWhen: 'investigation-required', metBy: 'ResponseIssued' },
  ],
  stalledAfterWorkingDays: 15,
});
if (E.isLeft(decoded)) throw new Error(`CX097-V5 is not a valid policy: ${formatProblems(validationProblems(decoded.left))}`);
export const CX097_V5: Policy = decoded.right;

/**
 * The versions this system knows; a receipt is judged under the one in force at its `at`. Checked
 * as it is built: a calendarId no calendar answers to (a typo such as "scottland") is refused here,
 * not at the first deadline counted under it.
 */
const checked = checkedPolicyRegistry([CX097_V4, CX097_V5]);
if (E.isLeft(checked)) throw new Error(`the policy versions do not fit together: ${formatProblems(checked.left)}`);
export const registry = checked.right;
