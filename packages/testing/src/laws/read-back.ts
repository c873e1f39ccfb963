/**
 * The read-back law: whatever a caller sends, a store only ever holds events it can read back
 * exactly as they were written. Every command the handler accepts must come back from the store
 * as the very events it wrote, and no command, however odd, may make the handler meet a store
 * failure (`invalid-write` or `decode-failed` mean the codecs let something through that the
 * store could not hold).
 *
 * @example
 * fc.assert(fc.asyncProperty(oddCommandsArb('c-1'), (inputs) => readBackHolds(store, inputs)));
 */
import * as E from 'fp-ts/lib/Either.js';
import { createCommandHandler, streamIdOf, type EventStore } from '@cim-complaints/core';
import { HISTORY_CLOCK } from '../arbitraries/history.js';

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value);

/** Runs the inputs through the handler on `store`; throws (for fast-check) when the law breaks. */
export const readBackHolds = async (store: EventStore, inputs: readonly unknown[], clock: () => string = () => HISTORY_CLOCK): Promise<void> => {
  const handle = createCommandHandler({ store, clock });
  for (const input of inputs) {
    const result = await handle(input)();
    if (E.isLeft(result)) {
      if (result.left._tag === 'StoreError') throw new Error(`the store refused what the codecs accepted: ${result.left.kind}: ${result.left.message}\ninput: ${JSON.stringify(input)}`);
      continue;
    }
    const { streamId, events, alreadyApplied, nextRevision } = result.right;
    if (alreadyApplied) continue;
    const read = await store.readStream(streamIdOf(result.right.complaintId))();
    if (E.isLeft(read)) throw new Error(`${streamId} cannot be read back after ${String((input as { type?: unknown }).type)}: ${read.left.message}`);
    const stored = read.right.events.slice(nextRevision - events.length + 1, nextRevision + 1).map((e) => e.event);
    if (JSON.stringify(stored, bigints) !== JSON.stringify(events, bigints)) {
      throw new Error(`${streamId} reads back other events than were written\nwritten: ${JSON.stringify(events)}\nread: ${JSON.stringify(stored)}`);
    }
  }
};
