/**
 * SLA compliance for acknowledgement (C12) and response (C13), from case files, as of an
 * instant. Statuses come from core's SLA engine, each complaint judged under the policy
 * recorded at its receipt (C18); this module only counts them.
 *
 * On-time rate: met / (met + missed + overdue), `null` when that is 0. A target still running
 * within time (pending or due soon), stopped or not applicable is not in the rate.
 * Working days taken: over targets done (met or missed), the median (mean of the middle two when
 * the count is even) and the 90th percentile (nearest rank).
 *
 * Targets are counted per opening (core's `SlaReport.openings`): a reopened case contributes the
 * response target of each reopening as well as its receipt's; the acknowledgement is the receipt's.
 *
 * @example
 * const { reports } = slaReports(caseFiles, '2025-07-01T00:00:00Z');
 * targetCompliance(reports, 'acknowledgement'); // { met: 14, missed: 2, overdue: 1, pending: 3, onTimeRate: 0.8235, ... }
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  defaultPolicyRegistry,
  evaluateSlaFactsIn,
  instantMillis,
  isReceived,
  type Complaint,
  type EvaluateSlaOptions,
  type Instant,
  type PolicyRegistry,
  type SlaReport,
  type SlaTargetId,
} from '@cim-complaints/core';
import { keyedValues } from '../keyed.js';
import { allCaseFiles, caseFileAsOf, inReceiptOrder, settledViewOf, type CaseFilesState } from './case-files.js';
import { complianceOfTally, tallyTargets } from './tally.js';
import type { ReportedComplaint, ReportedSla, ReportedTarget } from './reported-case.js';

export interface SlaOptions {
  /** Where each complaint's policy is looked up; default: the policies this library knows. */
  readonly registry?: PolicyRegistry;
  readonly calendarFor?: EvaluateSlaOptions['calendarFor'];
}

/**
 * A complaint the report could not account for: its SLA failed to evaluate, a stored event of it
 * does not decode, or its stream is not one history (core's stream check: `out-of-sequence`,
 * `mislabelled`, `missing-receipt`).
 */
export interface SlaProblem {
  readonly complaintId: string;
  /** `unreadable-event`, a stream problem's kind, or the SLA engine's error code. */
  readonly code: string;
  readonly message: string;
  /** For `unreadable-event` and stream problems: where the stored event is (the position as decimal text, for JSON). */
  readonly streamId?: string;
  readonly revision?: number;
  readonly position?: string;
}

export interface SlaReports {
  /** By complaint id. */
  readonly reports: Readonly<Record<string, SlaReport>>;
  readonly problems: readonly SlaProblem[];
}

/** Every complaint received by `asOf`, as it stood then, with its SLA evaluated as of `asOf`. */
export interface CasesAsOf extends SlaReports {
  /** In order of receipt (then id), as `complaintsAsOf` gives them. */
  readonly complaints: readonly Complaint[];
}

/** What the report reads of every complaint received by `asOf`, as it stood then. */
export interface ReportedCasesAsOf {
  /** In order of receipt (then id). */
  readonly complaints: readonly ReportedComplaint[];
  /** By complaint id. */
  readonly reports: Readonly<Record<string, ReportedSla>>;
  readonly problems: readonly SlaProblem[];
}

/**
 * One pass over the case files: each case as it stood at `asOf` (its fold and SLA facts, cut from
 * one history, or kept whole when every event had happened by then) feeds both the complaint and
 * the SLA engine, so the two agree and neither is computed twice. With `views`, a settled case
 * whose last event had happened by `asOf` is taken from its settled view (case-files.ts) instead.
 */
const passOver = (state: CaseFilesState, asOf: Instant, options: SlaOptions, views: boolean): ReportedCasesAsOf => {
  const evaluate = evaluateSlaFactsIn(options.registry ?? defaultPolicyRegistry, options.calendarFor === undefined ? {} : { calendarFor: options.calendarFor });
  const until = instantMillis(asOf);
  const reports: Record<string, ReportedSla> = {};
  const problems: SlaProblem[] = [];
  const complaints: ReportedComplaint[] = [];
  for (const file of keyedValues(allCaseFiles(state))) {
    if (file.problem !== undefined) continue; // named by streamProblemsOf, counted nowhere
    if (views && file.latestMs !== undefined && file.latestMs <= until) {
      const view = settledViewOf(file);
      if (view !== undefined) {
        complaints.push(view.complaint);
        reports[view.complaint.complaintId] = view.sla;
        continue;
      }
    }
    const { complaint, facts } = caseFileAsOf(file, asOf, until);
    // a received complaint has facts: both folds start at its receipt
    if (!isReceived(complaint) || facts === null) continue;
    complaints.push(complaint);
    const result = evaluate(facts, asOf);
    if (E.isRight(result)) reports[complaint.complaintId] = result.right;
    else problems.push({ complaintId: complaint.complaintId, code: result.left.code, message: result.left.message });
  }
  problems.sort((a, b) => (a.complaintId < b.complaintId ? -1 : 1));
  return { complaints: inReceiptOrder(complaints), reports, problems };
};

/** Every complaint received by `asOf` as the domain has it (core's `Complaint`), with its SLA evaluated as of `asOf`. */
// without views every case is the domain's own fold and SLA report
export const casesAsOf = (state: CaseFilesState, asOf: Instant, options: SlaOptions = {}): CasesAsOf => passOver(state, asOf, options, false) as unknown as CasesAsOf;

/**
 * `casesAsOf` as the report reads it: settled cases from their views. The views are worked out
 * under this library's policies, so with a registry or calendars of the caller's own every case
 * is evaluated.
 */
export const reportedCasesAsOf = (state: CaseFilesState, asOf: Instant, options: SlaOptions = {}): ReportedCasesAsOf => passOver(state, asOf, options, ownPolicies(options));

/** Whether a report is judged under this library's own policies and calendars, which settled views and tallies are worked out under. */
export const ownPolicies = (options: SlaOptions): boolean => (options.registry === undefined || options.registry === defaultPolicyRegistry) && options.calendarFor === undefined;

/** Every complaint received by `asOf`, evaluated by the SLA engine as of `asOf`. */
export const slaReports = (state: CaseFilesState, asOf: Instant, options: SlaOptions = {}): SlaReports => {
  const { reports, problems } = casesAsOf(state, asOf, options);
  return { reports, problems };
};

export interface WorkingDaysTaken {
  /** Targets done (met or missed) the figures are over. */
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}

export interface TargetCompliance {
  readonly met: number;
  readonly missed: number;
  readonly overdue: number;
  /** Running and not yet due, due-soon included. */
  readonly pending: number;
  /** Of `pending`: at most the policy's due-soon margin left. */
  readonly dueSoon: number;
  /** The case ended (withdrawn, closed) before the target was done. */
  readonly stopped: number;
  readonly notApplicable: number;
  /** met / (met + missed + overdue); `null` when that is 0. */
  readonly onTimeRate: number | null;
  readonly workingDaysTaken: WorkingDaysTaken;
}

/** One target's report in every opening of a case, in order (the acknowledgement: the receipt's only). */
export const openingTargets = (report: ReportedSla, target: SlaTargetId): ReportedTarget[] =>
  report.openings.flatMap((opening) => opening.targets[target] ?? []);

/** Counts target reports by status, with the on-time rate and working days taken over them. */
export const complianceOf = (targets: Iterable<ReportedTarget>): TargetCompliance => complianceOfTally(tallyTargets(targets));

/** Counts one target's statuses over SLA reports, every opening's target of each case. */
export const targetCompliance = (reports: Readonly<Record<string, ReportedSla>>, target: SlaTargetId): TargetCompliance => {
  // one array, not one per case
  const targets: ReportedTarget[] = [];
  for (const report of Object.values(reports))
    for (const opening of report.openings) {
      const found = opening.targets[target];
      if (found !== undefined) targets.push(found);
    }
  return complianceOf(targets);
};
