/**
 * Actions taken as a result (C10, C11): every action agreed in a response, its owner, due date,
 * whether it is completed, and whether it is overdue (not completed and its due date, a London
 * date, is before the London date of the instant asked about).
 *
 * @example
 * actionsSummary(complaintsAsOf(caseFiles, asOf), asOf);
 * // { total: 9, completed: 5, open: 4, overdue: 2, items: [{ complaintId: 'c-03', actionId: 'a-1', owner: 'Finance', ... }] }
 */
import { londonDateOf, type Instant } from '@cim-complaints/core';
import type { ReportedComplaint } from './reported-case.js';
import { happenedBy } from '../as-of.js';

export interface ActionItem {
  readonly complaintId: string;
  readonly actionId: string;
  readonly description: string;
  readonly owner: string;
  readonly dueOn: string | null;
  readonly agreedAt: string;
  readonly completedAt: string | null;
  readonly status: 'completed' | 'open';
  readonly overdue: boolean;
}

export interface ActionsSummary {
  /** completed + open. */
  readonly total: number;
  readonly completed: number;
  /** Overdue ones included. */
  readonly open: number;
  /** Of `open`: past their due date. */
  readonly overdue: number;
  readonly items: readonly ActionItem[];
}

/** Lists and counts actions as of an instant; complaints must already stand as of it. */
export const actionsSummary = (complaints: readonly ReportedComplaint[], asOf: Instant): ActionsSummary => {
  const today = londonDateOf(asOf);
  const by = happenedBy(asOf);
  const items: ActionItem[] = complaints.flatMap((c) =>
    c.actions.map((a): ActionItem => {
      const completedAt = a.completedAt !== undefined && by(a.completedAt) ? a.completedAt : null;
      return {
        complaintId: c.complaintId,
        actionId: a.actionId,
        description: a.description,
        owner: a.owner,
        dueOn: a.dueOn ?? null,
        agreedAt: a.agreedAt,
        completedAt,
        status: completedAt === null ? 'open' : 'completed',
        overdue: completedAt === null && a.dueOn !== undefined && a.dueOn < today,
      };
    }),
  );
  const completed = items.filter((i) => i.status === 'completed').length;
  return { total: items.length, completed, open: items.length - completed, overdue: items.filter((i) => i.overdue).length, items };
};
