/**
 * Outcomes of investigations (C8, C11): each complaint counted once, by the outcome of its latest
 * response as of the instant (a reopened case answered again counts by its new outcome), overall
 * and by business area.
 *
 * @example
 * outcomesSummary(complaintsAsOf(caseFiles, asOf));
 * // { upheld: 5, 'partially-upheld': 3, 'not-upheld': 4, responsesIssued: 13, byBusinessArea: { membership: { upheld: 2, ... } } }
 */
import type { Outcome } from '@cim-complaints/core';
import type { ReportedComplaint } from './reported-case.js';
import { sortedRecord } from '../as-of.js';

/** How many complaints' latest response had each outcome (C11). */
export interface OutcomeCounts extends Record<Outcome, number> {
  /** The complaint was found justified, in full. */
  upheld: number;
  /** Found justified in part. */
  'partially-upheld': number;
  /** Found not justified. */
  'not-upheld': number;
}

/** Outcomes overall and by business area, with every response counted once. */
export interface OutcomesSummary extends OutcomeCounts {
  /** Every response issued, across reopenings. */
  readonly responsesIssued: number;
  readonly byBusinessArea: Record<string, OutcomeCounts>;
}

const noOutcomes = (): OutcomeCounts => ({ upheld: 0, 'partially-upheld': 0, 'not-upheld': 0 });

/** The latest outcome of a complaint, if it was answered. */
export const latestOutcome = (c: ReportedComplaint): Outcome | undefined => c.responses[c.responses.length - 1]?.outcome;

/** Counts outcomes over complaints. */
export const outcomesSummary = (complaints: readonly ReportedComplaint[]): OutcomesSummary => {
  const total = noOutcomes();
  const byArea: Record<string, OutcomeCounts> = {};
  let responsesIssued = 0;
  for (const c of complaints) {
    responsesIssued += c.responses.length;
    const outcome = latestOutcome(c);
    if (outcome === undefined) continue;
    total[outcome] += 1;
    const area = (byArea[c.businessArea] ??= noOutcomes());
    area[outcome] += 1;
  }
  return { ...total, responsesIssued, byBusinessArea: sortedRecord(byArea) };
};
