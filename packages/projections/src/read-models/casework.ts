/**
 * The policy's special routes, as of an instant: Awarding Body assessment failures identified and
 * remediated (C16) and regulator referrals by regulator (C15); study-centre complaints referred
 * back versus accepted as escalations (C14); redirections to the Business Centre (C3); reopened
 * cases and further correspondence declined (C17).
 *
 * @example
 * caseworkSummary(complaintsAsOf(caseFiles, asOf));
 * // { assessmentFailures: { identified: 3, remediated: 2, outstanding: 1 }, regulatorReferrals: { ofqual: 1, ccea: 0, 'qualifications-wales': 1 }, ... }
 */
import { Regulator, type Complaint } from '@cim-complaints/core';
import { countInto, sortedRecord } from '../as-of.js';

export interface CaseworkSummary {
  readonly assessmentFailures: { readonly identified: number; readonly remediated: number; readonly outstanding: number };
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

const regulators = Object.keys(Regulator.keys) as Regulator[];

/** Counts the special routes over complaints standing as of an instant. */
export const caseworkSummary = (complaints: readonly Complaint[]): CaseworkSummary => {
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
  for (const c of complaints) {
    identified += c.assessmentFailures.length;
    remediated += c.assessmentFailures.filter((f) => f.remediation !== undefined).length;
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
    assessmentFailures: { identified, remediated, outstanding: identified - remediated },
    regulatorReferrals: referrals,
    studyCentres: { referredBack, escalated },
    redirections: { total: redirected, to: sortedRecord(redirectedTo) },
    reopened: { complaints: reopenedComplaints, reopenings },
    furtherCorrespondenceDeclined: declined,
  };
};
