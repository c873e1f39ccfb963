/**
 * Catch-up subscriptions for stores that can read their log in pages: read from a position,
 * deliver each event (awaiting its handler), signal caught-up, then wait for an append (or a
 * poll, for stores written by other processes) and go on. Delivery always starts on a later
 * tick than `subscribe`, so consumers never depend on inline delivery.
 *
 * @example
 * const pump = createSubscriptionPump({ pollIntervalMs: 200 });
 * const subscription = pump.subscribe(store.readAll, { onEvent }, checkpoint);
 * pump.notify(); // after each append
 */
import * as E from 'fp-ts/lib/Either.js';
import { storeError, type EventStore, type GlobalPosition, type RecordedEvent, type StoreError, type Subscription, type SubscriptionHandlers } from './event-store.js';

/**
 * What a store with a push subscription of its own (EventStoreDB) does once the pump has caught
 * up: deliver each new event after `from` through `deliver` (which answers false once delivery
 * must stop), report a failure through `fail`, and stop when asked. The pump keeps the catch-up,
 * the caught-up signal, the subscriber's failures and closing.
 */
export type LiveTail = (
  from: GlobalPosition | undefined,
  deliver: (event: RecordedEvent) => Promise<boolean>,
  fail: (error: StoreError) => void,
) => { readonly done: Promise<void>; readonly stop: () => Promise<void> };

export interface SubscriptionPump {
  /** Catches up from `after` by pages, then waits for appends (or polls), or hands over to `liveTail`. */
  readonly subscribe: (readAll: EventStore['readAll'], handlers: SubscriptionHandlers, after?: GlobalPosition, liveTail?: LiveTail) => Subscription;
  /** Wakes every subscription waiting for new events. */
  readonly notify: () => void;
  /** Closes every subscription. */
  readonly closeAll: () => Promise<void>;
}

export interface SubscriptionPumpOptions {
  /** Look for new events at least this often even without `notify` (other writers); default: only on notify. */
  readonly pollIntervalMs?: number;
  readonly pageSize?: number;
}

/** A pump shared by the subscriptions of one store. */
export const createSubscriptionPump = (options: SubscriptionPumpOptions = {}): SubscriptionPump => {
  const pageSize = options.pageSize ?? 256;
  let version = 0;
  const waiters = new Set<() => void>();
  const open = new Set<Subscription>();

  const notify = () => {
    version += 1;
    for (const wake of [...waiters]) wake();
  };

  const waitForChange = (seen: number, isClosed: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      if (version !== seen || isClosed()) return resolve();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const wake = () => {
        waiters.delete(wake);
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      waiters.add(wake);
      if (options.pollIntervalMs !== undefined) timer = setTimeout(wake, options.pollIntervalMs);
    });

  const subscribe: SubscriptionPump['subscribe'] = (readAll, handlers, after, liveTail) => {
    let closed = false;
    let failed = false;
    let position = after;
    let announcedCaughtUp = false;
    let tail: ReturnType<LiveTail> | undefined;
    const isClosed = () => closed;

    const fail = (error: StoreError): void => {
      if (closed || failed) return;
      failed = true;
      handlers.onError?.(error);
    };

    /** Hands one event to the subscriber; false when delivery must stop (closed, or the subscriber failed). */
    const deliver = async (event: RecordedEvent): Promise<boolean> => {
      if (closed) return false;
      try {
        await handlers.onEvent(event);
      } catch (error) {
        fail(storeError('unknown', `subscriber failed on ${event.streamId}@${event.revision}: ${(error as Error)?.message ?? String(error)}`, { cause: error, streamId: event.streamId, revision: event.revision }));
        return false;
      }
      position = event.position;
      announcedCaughtUp = false;
      return true;
    };

    const run = async (): Promise<void> => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      let size = pageSize;
      while (!closed) {
        const seen = version;
        const page = await readAll({ ...(position === undefined ? {} : { after: position }), maxCount: size })();
        if (closed) return;
        if (E.isLeft(page)) {
          // A page fails whole when one event in it does not decode: read on one event at a time,
          // so every good event before the bad one is delivered and the error names the bad one.
          if (page.left.kind === 'decode-failed' && size > 1) {
            size = 1;
            continue;
          }
          return fail(page.left);
        }
        for (const event of page.right.events) {
          if (!(await deliver(event))) return;
        }
        if (page.right.isEnd) {
          if (!announcedCaughtUp) {
            announcedCaughtUp = true;
            handlers.onCaughtUp?.();
          }
          if (liveTail !== undefined) {
            // `close` may have come during onCaughtUp: a tail started now would run behind it
            if (closed) return;
            tail = liveTail(position, deliver, fail);
            return tail.done;
          }
          await waitForChange(seen, isClosed);
        }
      }
    };

    const running = run();
    const subscription: Subscription = {
      close: async () => {
        closed = true;
        for (const wake of [...waiters]) wake();
        await tail?.stop();
        await running;
        open.delete(subscription);
      },
    };
    open.add(subscription);
    return subscription;
  };

  return {
    subscribe,
    notify,
    closeAll: async () => {
      await Promise.all([...open].map((s) => s.close()));
    },
  };
};
