/**
 * Where each complaint stands as of an instant: open, closed, withdrawn, redirected (C3) or
 * referred back to its study centre (C14). The five counts partition every complaint received.
 *
 * @example
 * lifecycleCounts(complaintsAsOf(caseFiles, asOf)); // { open: 6, closed: 12, withdrawn: 2, redirected: 2, referredToStudyCentre: 2, byStatus: {...} }
 */
import { complaintStatuses, isOpenCase, type ComplaintStatus } from '@cim-complaints/core';
import type { ReportedComplaint } from './reported-case.js';

export type Standing = 'open' | 'closed' | 'withdrawn' | 'redirected' | 'referred-to-study-centre';

/** Which of the five a complaint is in: a withdrawn case stays "withdrawn" once closed. */
export const standingOf = (c: ReportedComplaint): Standing => {
  if (isOpenCase(c)) return 'open';
  if (c.status === 'redirected' || c.status === 'referred-to-study-centre' || c.status === 'withdrawn') return c.status;
  return c.resolution === 'withdrawn' ? 'withdrawn' : 'closed';
};

export interface LifecycleCounts {
  readonly open: number;
  readonly closed: number;
  readonly withdrawn: number;
  readonly redirected: number;
  readonly referredToStudyCentre: number;
  /** By the domain's own status (received, acknowledged, under-investigation, ...). */
  readonly byStatus: Record<ComplaintStatus, number>;
}

/** Counts complaints by standing and by status. */
export const lifecycleCounts = (complaints: readonly ReportedComplaint[]): LifecycleCounts => {
  const standing: Record<Standing, number> = { open: 0, closed: 0, withdrawn: 0, redirected: 0, 'referred-to-study-centre': 0 };
  const byStatus = Object.fromEntries(complaintStatuses.map((s) => [s, 0])) as Record<ComplaintStatus, number>;
  for (const c of complaints) {
    standing[standingOf(c)] += 1;
    byStatus[c.status] += 1;
  }
  return {
    open: standing.open,
    closed: standing.closed,
    withdrawn: standing.withdrawn,
    redirected: standing.redirected,
    referredToStudyCentre: standing['referred-to-study-centre'],
    byStatus,
  };
};
