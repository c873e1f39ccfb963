/**
 * Loads a demo plan through the command handler, one command at a time in the order they
 * happened, with a simulated clock: each command is recorded a few minutes after its `at`, so
 * the store's contents never depend on when the demo ran.
 *
 * @example
 * const result = await loadPlan(store, generateDemo({ seed: 1, complaints: 30 }), (done, total) => bar(done, total));
 * result.applied; result.rejections; // the deliberate ones have `expected: true`
 */
import { createCommandHandler, type EventStore, type StoreError } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { DateTime } from 'luxon';
import type { DemoCommand, DemoPlan } from './generate.js';

export interface DemoRejection {
  readonly command: DemoCommand['command'];
  readonly code: string;
  readonly message: string;
  /** Whether the demo meant this command to break this rule. */
  readonly expected: boolean;
}

export interface LoadResult {
  readonly applied: number;
  readonly rejections: readonly DemoRejection[];
  /** Commands meant to be rejected that were accepted: a sign the rules changed. */
  readonly unexpectedlyApplied: readonly DemoCommand[];
  readonly events: number;
}

export class DemoStoreFailure extends Error {
  constructor(readonly error: StoreError, readonly command: DemoCommand['command']) {
    super(error.message);
    this.name = 'DemoStoreFailure';
  }
}

/** Applies every command of the plan; a store failure stops the load (it is not a rule at work). */
export const loadPlan = async (store: EventStore, plan: DemoPlan, onProgress?: (done: number, total: number) => void): Promise<LoadResult> => {
  let now = '';
  const handle = createCommandHandler({ store, clock: () => now });
  let applied = 0;
  let events = 0;
  const rejections: DemoRejection[] = [];
  const unexpectedlyApplied: DemoCommand[] = [];
  for (const [i, planned] of plan.commands.entries()) {
    now = DateTime.fromISO(planned.command.at, { setZone: true }).plus({ minutes: planned.recordedAfterMinutes }).toUTC().toISO({ suppressMilliseconds: true }) as string;
    const result = await handle(planned.command)();
    if (E.isLeft(result)) {
      if (result.left._tag === 'StoreError') throw new DemoStoreFailure(result.left, planned.command);
      rejections.push({ command: planned.command, code: result.left.code, message: result.left.message, expected: result.left.code === planned.expectRejection });
    } else {
      applied += 1;
      events += result.right.events.length;
      if (planned.expectRejection !== undefined) unexpectedlyApplied.push(planned);
    }
    onProgress?.(i + 1, plan.commands.length);
  }
  return { applied, rejections, unexpectedlyApplied, events };
};
