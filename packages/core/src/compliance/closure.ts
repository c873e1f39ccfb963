/**
 * What a close needs, read off the record: a response in its opening, or the complainant's
 * withdrawal (C8), dated before it; and every assessment failure found by then remediated by then
 * (C16). A failure still outstanding on a case that has ended (withdrawn, closed, or ended at
 * receipt) is reported too: the Awarding Body's duty to correct it does not end with the case.
 *
 * @example
 * closureFindings(record, '2026-01-05T09:00:00Z');
 * // [{ code: 'closed-without-response', clause: 'C8', events: [#4 ComplaintClosed], ... }]
 */
import { finding, type Finding } from './findings.js';
import { isEarlier, type CaseRecord, type RecordedFailure, type Step } from './record.js';

const openingText = (step: Step): string => (step.opening === 0 ? '' : ` since its reopening at ${step.before.openedBy.at}`);

/** C8: a response in the close's opening, or a withdrawal, recorded before it and dated no later. */
const closeNeeds = (record: CaseRecord, close: Step): Finding[] => {
  const id = record.receipt.event.data.complaintId;
  const { withdrawal, response } = close.before;
  const earlier = withdrawal ?? response;
  if (earlier === undefined) {
    return [
      finding('closed-without-response', id, {
        message: `the case was closed at ${close.ref.at} with neither a response nor a withdrawal${openingText(close)}: the complainant was not told the outcome (C8)`,
        at: close.ref.at,
        dates: { closedAt: close.ref.at },
        events: [close.ref],
        opening: close.opening,
      }),
    ];
  }
  if (!isEarlier(close.ref.at, earlier.at)) return [];
  const what = withdrawal === undefined ? 'response' : 'withdrawal';
  return [
    finding(withdrawal === undefined ? 'close-before-response' : 'close-before-withdrawal', id, {
      message: `the close at ${close.ref.at} is dated before the ${what} at ${earlier.at} it followed in the record`,
      at: close.ref.at,
      dates: { closedAt: close.ref.at, [`${what}At`]: earlier.at },
      events: [earlier, close.ref],
      opening: close.opening,
    }),
  ];
};

/** A failure the close knew of: recorded before it, or dated strictly before it (an identification recorded late). */
const knownAt = (close: Step, f: RecordedFailure): boolean => f.identified.index < close.ref.index || isEarlier(f.identified.at, close.ref.at);

const remediatedBy = (close: Step, f: RecordedFailure): boolean => f.remediations.some((r) => !isEarlier(close.ref.at, r.at));

/** The finding about one failure a close knew of but that was not remediated by its instant. */
const atClose = (id: string, close: Step, f: RecordedFailure, asOf: string): Finding => {
  const relied = f.remediations.filter((r) => r.index < close.ref.index);
  if (relied.length > 0) {
    // the record says the close followed the remediation; their dates say otherwise
    return finding('close-before-remediation', id, {
      message: `the close at ${close.ref.at} is dated before the remediation of failure ${f.failureId} at ${relied[0]!.at}, recorded before the close`,
      at: close.ref.at,
      dates: { closedAt: close.ref.at, identifiedAt: f.identified.at, remediatedAt: relied[0]!.at },
      events: [f.identified, ...relied, close.ref],
      opening: close.opening,
    });
  }
  const later = f.remediations[0];
  return finding('failure-unremediated-at-close', id, {
    message: `the case was closed at ${close.ref.at} while assessment failure ${f.failureId} (identified ${f.identified.at}) was not remediated (C16); ${later === undefined ? `it is still not remediated as of ${asOf}` : `it was remediated only at ${later.at}`}`,
    at: close.ref.at,
    dates: { closedAt: close.ref.at, identifiedAt: f.identified.at, remediatedAt: later?.at },
    events: [f.identified, close.ref, later],
    opening: close.opening,
  });
};

/** C16 at one close: each failure it knew of that was not remediated by its instant, with the finding about it. */
const failuresAtClose = (record: CaseRecord, close: Step, asOf: string): { readonly failureId: string; readonly finding: Finding }[] => {
  const id = record.receipt.event.data.complaintId;
  return record.final.failures.filter((f) => knownAt(close, f) && !remediatedBy(close, f)).map((f) => ({ failureId: f.failureId, finding: atClose(id, close, f, asOf) }));
};

/** How the case stands ended, if it does: its latest close, withdrawal, redirect or referral, whichever was recorded last. */
const endingOf = (record: CaseRecord): Step | undefined => {
  const candidates = [record.final.close, record.final.withdrawal].flatMap((ref) => (ref === undefined ? [] : [record.steps.find((s) => s.ref.index === ref.index)!]));
  const atReceipt = record.steps.filter((s) => s.event.type === 'ComplaintRedirected' || s.event.type === 'ComplaintReferredToStudyCentre');
  return [...candidates, ...atReceipt].sort((a, b) => b.ref.index - a.ref.index)[0];
};

const ENDED: Record<string, string> = {
  ComplaintClosed: 'closed',
  ComplaintWithdrawn: 'withdrawn',
  ComplaintRedirected: 'redirected',
  ComplaintReferredToStudyCentre: 'referred back to its study centre',
};

/** C16 after the end: failures with no remediation at all as of `asOf` on an ended case, unless a close was already found to leave them. */
const outstandingAfterEnd = (record: CaseRecord, asOf: string, reported: ReadonlySet<string>): Finding[] => {
  const ending = endingOf(record);
  if (ending === undefined) return [];
  const id = record.receipt.event.data.complaintId;
  return record.final.failures
    .filter((f) => f.remediations.length === 0 && !reported.has(f.failureId))
    .map((f) => {
      const at = isEarlier(f.identified.at, ending.ref.at) ? ending.ref.at : f.identified.at;
      return finding('failure-outstanding-on-ended-case', id, {
        message: `assessment failure ${f.failureId} (identified ${f.identified.at}) is still not remediated as of ${asOf}, and the case was ${ENDED[ending.event.type] ?? 'ended'} at ${ending.ref.at} (C16)`,
        at,
        dates: { identifiedAt: f.identified.at, endedAt: ending.ref.at },
        events: [f.identified, ending.ref],
      });
    });
};

/** Every close's needs (C8) and remediations (C16), and failures outstanding once the case ended. */
export const closureFindings = (record: CaseRecord, asOf: string): Finding[] => {
  const closes = record.steps.filter((s) => s.event.type === 'ComplaintClosed');
  const atCloses = closes.flatMap((close) => failuresAtClose(record, close, asOf));
  const reported = new Set(atCloses.map((a) => a.failureId));
  return [...closes.flatMap((close) => closeNeeds(record, close)), ...atCloses.map((a) => a.finding), ...outstandingAfterEnd(record, asOf, reported)];
};
