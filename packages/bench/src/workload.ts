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

/** A stored event as a row, its data and metadata written as JSON text. */
const rowOf = (position: bigint, streamId: string, revision: number, type: string, data: unknown, metadata: { readonly eventId: string; readonly recordedAt: string }): Row => ({
  position,
  stream_id: streamId,
  revision,
  event_id: metadata.eventId,
  type,
  data: JSON.stringify(data),
  metadata: JSON.stringify(metadata),
  recorded_at: metadata.recordedAt,
});

/** An event's metadata without its hash chain: what a copy that carries none holds. */
const unchained = (metadata: RecordedEvent['event']['metadata']) => {
  const { digest: _digest, previousDigest: _previous, ...rest } = metadata as typeof metadata & { digest?: string; previousDigest?: string };
  return rest;
};

/** The same rows one at a time, for logs too big to hold in memory at once. */
export function* eachTiledRow(base: Base, tiles: number): Generator<Row> {
  let position = 0n;
  for (const recorded of base.events) {
    for (let tile = 0; tile < tiles; tile++) {
      const { event } = recorded;
      const data: Record<string, unknown> = { ...event.data, complaintId: renamed(event.data.complaintId, tile) };
      if (typeof data['escalatesFrom'] === 'string') data['escalatesFrom'] = renamed(data['escalatesFrom'], tile);
      const metadata =
        tile === 0
          ? event.metadata
          : { ...unchained(event.metadata), eventId: randomUUID(), commandId: renamed(event.metadata.commandId, tile), correlationId: renamed(event.metadata.correlationId, tile) };
      position += 1n;
      yield rowOf(position, streamIdOf(renamed(event.data.complaintId, tile)), recorded.revision, event.type, data, metadata);
    }
  }
}

/**
 * The base log, then letters received on its complaints (one each in turn, each a minute after
 * that complaint's last event) until the log holds `events`: the same complaints, a longer log.
 * Monitoring keeps no correspondence (C5), so what it holds should not grow with these.
 */
export function* eachLongerRow(base: Base, events: number): Generator<Row> {
  const template = base.events.find((r) => r.event.type === 'CorrespondenceReceived')?.event;
  if (template === undefined) throw new Error('the base log has no letter received to copy');
  const last = new Map<string, { complaintId: string; revision: number; atMs: number; metadata: RecordedEvent['event']['metadata'] }>();
  let position = 0n;
  for (const recorded of base.events) {
    position += 1n;
    const atMs = Math.max(last.get(recorded.streamId)?.atMs ?? 0, Date.parse(recorded.event.data.at));
    last.set(recorded.streamId, { complaintId: recorded.event.data.complaintId, revision: recorded.revision, atMs, metadata: recorded.event.metadata });
    yield rowOf(position, recorded.streamId, recorded.revision, recorded.event.type, recorded.event.data, recorded.event.metadata);
  }
  const streams = [...last];
  const target = BigInt(events);
  for (let letter = 1; position < target; letter += 1) {
    for (const [streamId, stream] of streams) {
      if (position >= target) break;
      position += 1n;
      stream.revision += 1;
      stream.atMs += 60_000;
      const at = new Date(stream.atMs).toISOString();
      const { complaintId } = stream;
      const metadata = { ...unchained(stream.metadata), eventId: randomUUID(), commandId: `${complaintId}/letter-${letter}`, correlationId: `${complaintId}/letter-${letter}`, recordedAt: at };
      yield rowOf(position, streamId, stream.revision, template.type, { ...template.data, complaintId, at }, metadata);
    }
  }
}

/** How many tiles of a base give at least `events` events. */
export const tilesFor = (base: Base, events: number): number => Math.max(1, Math.ceil(events / base.events.length));
