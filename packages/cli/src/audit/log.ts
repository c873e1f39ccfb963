/**
 * Reading a store's whole log through the EventStore port: `readAll` page by page, events that do
 * not decode set aside (handed over with their `decode-failed` error) rather than stopping the
 * read, so one damaged row elsewhere does not hide every other complaint. Works on every store.
 *
 * @example
 * await readLog(store, (page) => { for (const { event } of page.events) ... });
 */
import type { AllPage, EventStore, GlobalPosition, RecordedEvent, StoreError } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';

/** Page size of a scan: enough to keep round trips few, small enough to keep memory flat. */
const PAGE = 500;

/** Calls `visit` with each page of the log in global order; Left when the store fails. */
export const readLog = async (store: EventStore, visit: (page: AllPage) => void): Promise<E.Either<StoreError, void>> => {
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({ maxCount: PAGE, skipUndecodable: true, ...(after === undefined ? {} : { after }) })();
    if (E.isLeft(page)) return page;
    visit(page.right);
    const next = page.right.lastPosition;
    if (page.right.isEnd || next === undefined || next === after) return E.right(undefined);
    after = next;
  }
};

/** One complaint stream as the log holds it: its events that decode, and those set aside. */
export interface LoggedStream {
  readonly streamId: string;
  readonly events: RecordedEvent[];
  readonly unreadable: StoreError[];
}

/** Every stream of the log, in the order each first appears; Left when the store fails. */
export const readStreams = async (store: EventStore, onProgress?: (eventsRead: number) => void): Promise<E.Either<StoreError, readonly LoggedStream[]>> => {
  const streams = new Map<string, LoggedStream>();
  const streamOf = (streamId: string): LoggedStream => {
    const known = streams.get(streamId);
    if (known !== undefined) return known;
    const fresh: LoggedStream = { streamId, events: [], unreadable: [] };
    streams.set(streamId, fresh);
    return fresh;
  };
  let read = 0;
  const done = await readLog(store, (page) => {
    for (const recorded of page.events) streamOf(recorded.streamId).events.push(recorded);
    // a decode failure names its stream; one that cannot is kept under an empty name rather than lost
    for (const error of page.skipped ?? []) streamOf(error.streamId ?? '').unreadable.push(error);
    read += page.events.length + (page.skipped?.length ?? 0);
    onProgress?.(read);
  });
  return E.map(() => [...streams.values()])(done);
};
