/**
 * Histories of several complaints, always valid: generated command sequences (the lifecycle
 * arbitraries in commands.ts, valid and invalid steps mixed, some backdated) interleaved by when
 * each is recorded and run through core's command handler, so only what `decide` accepts
 * reaches the store. Receipts fall in 2024-2026, under CX097 V4.
 *
 * @example
 * await fc.assert(fc.asyncProperty(historyCommandsArb({ maxComplaints: 6 }), async (commands) => {
 *   const store = inMemoryStore();
 *   const { accepted } = await recordHistory(store, commands);
 *   ...
 * }));
 */
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import { createCommandHandler, type ComplaintCommand, type EventStore, type GlobalPosition } from '@cim-complaints/core';
import { complaintStepsArb } from './commands.js';

export interface HistoryOptions {
  readonly minComplaints?: number;
  readonly maxComplaints?: number;
  /** Lifecycle commands per complaint, at most (default 12). */
  readonly maxSteps?: number;
  /** Receipts fall between these instants (default 2024-01-01 to 2026-06-30, UTC). */
  readonly from?: string;
  readonly to?: string;
}

/** The clock the generated histories are recorded under: later than every generated `at`. */
export const HISTORY_CLOCK = '2027-06-30T00:00:00Z';

const instantBetween = (from: string, to: string): fc.Arbitrary<string> => {
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const minutes = Math.floor(DateTime.fromISO(to, { zone: 'utc' }).diff(start, 'minutes').minutes);
  // unbiased: fast-check would otherwise crowd receipts at the first minute of the range
  return fc.noBias(fc.integer({ min: 0, max: minutes })).map((m) => start.plus({ minutes: m }).toISO()!);
};

/** Command sequences for 1..N complaints (`c-01`, `c-02`, ...), merged in the order they are recorded (a backdated one keeps its place). */
export const historyCommandsArb = (options: HistoryOptions = {}): fc.Arbitrary<ComplaintCommand[]> => {
  const startAt = instantBetween(options.from ?? '2024-01-01T00:00:00Z', options.to ?? '2026-06-30T00:00:00Z');
  return fc
    .integer({ min: options.minComplaints ?? 1, max: options.maxComplaints ?? 8 })
    .chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) => complaintStepsArb(`c-${String(i + 1).padStart(2, '0')}`, { maxSteps: options.maxSteps ?? 12, startAt })),
      ),
    )
    .map((perComplaint) =>
      perComplaint
        .flat()
        .map((step, index) => ({ step, index }))
        // stable: steps recorded at the same instant keep generation order
        .sort((a, b) => a.step.recordedAt - b.step.recordedAt || a.index - b.index)
        .map(({ step }) => step.command),
    );
};

export interface RecordedHistory {
  /** Commands that wrote events. */
  readonly accepted: number;
  /** Commands `decide` refused (they leave the store as it was). */
  readonly rejected: number;
  /** The global position of the last event written, if any. */
  readonly lastPosition: GlobalPosition | undefined;
}

/** Runs commands through core's handler on a store, one after another; rejections are skipped, store failures throw. */
export const recordHistory = async (
  store: EventStore,
  commands: readonly ComplaintCommand[],
  options: { readonly clock?: () => string } = {},
): Promise<RecordedHistory> => {
  const handle = createCommandHandler({ store, clock: options.clock ?? (() => HISTORY_CLOCK) });
  let accepted = 0;
  let rejected = 0;
  let lastPosition: GlobalPosition | undefined;
  for (const command of commands) {
    const result = await handle(command)();
    if (E.isRight(result)) {
      if (result.right.events.length > 0 && !result.right.alreadyApplied) {
        accepted += 1;
        lastPosition = result.right.position ?? lastPosition;
      }
    } else if (result.left._tag === 'StoreError') {
      throw new Error(`recording the history failed: ${result.left.message}`);
    } else {
      rejected += 1;
    }
  }
  return { accepted, rejected, lastPosition };
};
