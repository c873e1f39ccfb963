/**
 * The policy's special routes, as of an instant: Awarding Body assessment failures identified and
 * remediated (C16) and regulator referrals by regulator (C15); study-centre complaints referred
 * back versus accepted as escalations (C14); redirections to the Business Centre (C3); reopened
 * cases and further correspondence declined (C17). Every outstanding assessment failure is listed
 * with its complaint whatever the complaint's status: a withdrawn or closed case is not in the open
 * caseload, yet its failure still has to be corrected.
 *
 * @example
 * caseworkSummary(complaintsAsOf(caseFiles, asOf));
 * // { assessmentFailures: { identified: 3, remediated: 2, outstanding: 1, outstandingItems: [{ complaintId: 'c-11', status: 'withdrawn', failureId: 'af-1', ... }] }, regulatorReferrals: { ofqual: 1, ccea: 0, 'qualifications-wales': 1 }, ... }
 */
import { instantMillis, londonDateOf, Regulator, type ComplaintStatus } from '@cim-complaints/core';
import type { ReportedComplaint } from './reported-case.js';
import { countInto, sortedRecord } from '../as-of.js';

/** An assessment failure not yet remediated (C16), with where its complaint stands. */
export interface OutstandingFailure {
  readonly complaintId: string;
  /** The complaint's status: open, withdrawn or closed alike. */
  readonly status: ComplaintStatus;
  readonly failureId: string;
  readonly assessment: string;
  readonly identifiedAt: string;
  /** Its London date. */
  readonly identifiedOn: string;
}

export interface CaseworkSummary {
  readonly assessmentFailures: {
    readonly identified: number;
    readonly remediated: number;
    readonly outstanding: number;
    /** Every failure not yet remediated, oldest first (then by complaint and failure id). */
    readonly outstandingItems: readonly OutstandingFailure[];
  };
  /** Referrals recorded, by regulator (every regulator listed, 0 when none). */
  readonly regulatorReferrals: Record<Regulator, number>;
  readonly studyCentres: {
    /** Referred back to the centre's own procedure. */
    readonly referredBack: number;
    /** Accepted after the centre's own procedure completed. */
    readonly escalated: number;
  };
  /** Redirected (C3), by the address given. */
  readonly redirections: { readonly total: number; readonly to: Record<string, number> };
  readonly reopened: { readonly complaints: number; readonly reopenings: number };
  /** Cases where a decision to decline further correspondence stands (a reopening lifts it). */
  readonly furtherCorrespondenceDeclined: number;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const regulators = Object.keys(Regulator.keys) as Regulator[];

/** Counts the special routes over complaints standing as of an instant. */
export const caseworkSummary = (complaints: readonly ReportedComplaint[]): CaseworkSummary => {
  let identified = 0;
  let remediated = 0;
  const referrals = Object.fromEntries(regulators.map((r) => [r, 0])) as Record<Regulator, number>;
  let referredBack = 0;
  let escalated = 0;
  let redirectedTo: Record<string, number> = {};
  let redirected = 0;
  let reopenedComplaints = 0;
  let reopenings = 0;
  let declined = 0;
  const outstandingItems: (OutstandingFailure & { readonly millis: number })[] = [];
  for (const c of complaints) {
    identified += c.assessmentFailures.length;
    remediated += c.assessmentFailures.filter((f) => f.remediation !== undefined).length;
    for (const f of c.assessmentFailures)
      if (f.remediation === undefined)
        outstandingItems.push({
          complaintId: c.complaintId,
          status: c.status,
          failureId: f.failureId,
          assessment: f.assessment,
          identifiedAt: f.identifiedAt,
          identifiedOn: londonDateOf(f.identifiedAt),
          millis: instantMillis(f.identifiedAt),
        });
    for (const r of c.regulatorReferrals) referrals[r.regulator] += 1;
    if (c.status === 'referred-to-study-centre') referredBack += 1;
    if (c.escalatedFromStudyCentre) escalated += 1;
    if (c.status === 'redirected') {
      redirected += 1;
      redirectedTo = countInto(redirectedTo, c.redirectedTo ?? 'unknown');
    }
    if (c.reopenings.length > 0) reopenedComplaints += 1;
    reopenings += c.reopenings.length;
    if (c.furtherCorrespondenceDeclined !== undefined) declined += 1;
  }
  return {
    assessmentFailures: {
      identified,
      remediated,
      outstanding: identified - remediated,
      outstandingItems: outstandingItems
        .sort((a, b) => a.millis - b.millis || compare(a.complaintId, b.complaintId) || compare(a.failureId, b.failureId))
        .map(({ millis: _millis, ...item }) => item),
    },
    regulatorReferrals: referrals,
    studyCentres: { referredBack, escalated },
    redirections: { total: redirected, to: sortedRecord(redirectedTo) },
    reopened: { complaints: reopenedComplaints, reopenings },
    furtherCorrespondenceDeclined: declined,
  };
};
