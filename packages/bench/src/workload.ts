/**
 * The work every benchmark shares: a demo year loaded through the command handler (so every
 * event is one the library wrote and would read), and that log tiled into as many complaints as
 * a benchmark needs, as the rows a store holds. Tiling renames each copy's complaint, stream,
 * event and command ids; a tiled copy carries no hash chain (a store written before the chain
 * existed reads the same), so nothing in it is forged.
 */
import { randomUUID } from 'node:crypto';
import { generateDemo, loadPlan, type DemoPlan } from '@cim-complaints/cli';
import { createInMemoryEventStore, decodeAnchorEntry, decodeStored, streamIdOf, type AnchorEntry, type RecordedEvent } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';

/** A stored event as its JSON text, the shape SQLite's `events` rows have. */
export interface Row {
  readonly position: bigint;
  readonly stream_id: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

export interface Base {
  readonly plan: DemoPlan;
  readonly events: readonly RecordedEvent[];
  /** The store-wide anchor's entries, one per append, as a copy carries them. */
  readonly anchors: readonly AnchorEntry[];
}

const orThrow = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** A demo year of `complaints` complaints, loaded through the handler into memory, and its log. */
export const baseLog = async (complaints: number, seed = 2025): Promise<Base> => {
  const plan = generateDemo({ seed, complaints });
  const store = orThrow(createInMemoryEventStore());
  await loadPlan(store, plan);
  const events: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = orThrow(await store.readAll({ maxCount: 5000, ...(after === undefined ? {} : { after }) })());
    // each event as a reader decodes it from a store's text, never the object the in-memory store
    // keeps (which the hash chain made in this process): the append suites then prove every event
    // as an import or a copy from another store must
    for (const recorded of page.events) events.push(orThrow(decodeStored(recorded, { type: recorded.event.type, data: JSON.parse(JSON.stringify(recorded.event.data)), metadata: JSON.parse(JSON.stringify(recorded.event.metadata)) })));
    if (page.events.length === 0 || page.isEnd) break;
    after = page.events[page.events.length - 1]!.position;
  }
  const anchors = orThrow(await store.readAnchors()()).entries.map((e) => {
    const entry = decodeAnchorEntry(e.entry);
    if (E.isLeft(entry)) throw new Error(`anchor entry ${e.sequence} does not decode`);
    return entry.right;
  });
  return { plan, events, anchors };
};

const renamed = (id: string, tile: number): string => (tile === 0 ? id : `${id}-T${tile}`);

/** The base log tiled `tiles` times into rows, interleaved as a real log interleaves complaints. */
export const tiledRows = (base: Base, tiles: number): Row[] => Array.from(eachTiledRow(base, tiles));

/** The same rows one at a time, for logs too big to hold in memory at once. */
export function* eachTiledRow(base: Base, tiles: number): Generator<Row> {
  let position = 0n;
  for (const recorded of base.events) {
    for (let tile = 0; tile < tiles; tile++) {
      const { event } = recorded;
      const data: Record<string, unknown> = { ...event.data, complaintId: renamed(event.data.complaintId, tile) };
      if (typeof data['escalatesFrom'] === 'string') data['escalatesFrom'] = renamed(data['escalatesFrom'], tile);
      const { digest: _digest, previousDigest: _previous, ...rest } = event.metadata as typeof event.metadata & { digest?: string; previousDigest?: string };
      const eventId = tile === 0 ? event.metadata.eventId : randomUUID();
      const metadata = tile === 0 ? event.metadata : { ...rest, eventId, commandId: renamed(event.metadata.commandId, tile), correlationId: renamed(event.metadata.correlationId, tile) };
      position += 1n;
      yield {
        position,
        stream_id: streamIdOf(renamed(event.data.complaintId, tile)),
        revision: recorded.revision,
        event_id: eventId,
        type: event.type,
        data: JSON.stringify(data),
        metadata: JSON.stringify(metadata),
        recorded_at: event.metadata.recordedAt,
      };
    }
  }
}

/** How many tiles of a base give at least `events` events. */
export const tilesFor = (base: Base, events: number): number => Math.max(1, Math.ceil(events / base.events.length));
