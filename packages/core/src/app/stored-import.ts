/**
 * Importing events exactly as another store holds them (`cim-complaints copy`): the JSON text of
 * each event is written unchanged, so events of an older schema stay as they were written (they
 * are upcast on read, as in their first store), sealed personal fields stay sealed, and every
 * digest and every link of the hash chain is what it was. The anchor entries come across as
 * stored too, so the copy's anchor head is the source's.
 *
 * What is checked here, once for every store, before a store writes anything: each event is the
 * next revision of its stream, reads back (it decodes, through the upcasters), claims no digest
 * but its own, and gives no event id twice; each anchor entry is well formed, carries its own
 * digest, links to the target's last entry (or the one before it in the batch) and names an event
 * the target will hold, with that event's digest. A store adds what only it can check (an event
 * id it already holds) and writes all or nothing where it has transactions.
 *
 * @example
 * const page = await source.readRaw({ after })();
 * await target.importStored!({ events: page.right.events, anchors })(); // Right({ events, anchors, lastPosition })
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeEvent, type ComplaintEnvelope } from '../complaint/envelope.js';
import { formatProblems } from '../shared/errors.js';
import { anchorDigest, claimedDigest, contentDigest, decodeAnchorEntry, type AnchorEntry } from './chain.js';
import { storeError, type GlobalPosition, type StoreError } from './event-store.js';
import { parseStoredColumns } from './stored-event.js';

/** An event as another store holds it: where it goes, and its JSON text, which is written unchanged. */
export interface ImportedEvent {
  readonly streamId: string;
  /** Its revision in its stream: the stream's next one in the target. */
  readonly revision: number;
  readonly type: string;
  /** The JSON text of `data` and `metadata`, as the source stores it. */
  readonly data: string;
  readonly metadata: string;
}

/** What one import writes: events in the source's global order, and the anchor entries they complete. */
export interface ImportBatch {
  readonly events: readonly ImportedEvent[];
  /**
   * Anchor entries as the source stores them (each `{ streamId, revision, digest, previous?, anchor }`),
   * in the source's order: each names an event of this batch or one the target already holds.
   */
  readonly anchors?: readonly unknown[];
}

export interface ImportResult {
  readonly events: number;
  readonly anchors: number;
  /** The target's position of the last event written (none when the batch held no events). */
  readonly lastPosition: GlobalPosition | undefined;
}

/** An event that passed the checks: its text, and what a store needs to file it. */
export interface CheckedImportEvent extends ImportedEvent {
  readonly eventId: string;
  readonly recordedAt: string;
  /** Its content digest (the digest it claims, which is its own). */
  readonly digest: string;
  /** The event as a reader decodes it from this text (upcast, if it is of an older schema). */
  readonly readBack: ComplaintEnvelope;
}

export interface CheckedImport {
  readonly events: readonly CheckedImportEvent[];
  readonly anchors: readonly AnchorEntry[];
}

/** What the checks need to know of the target, read in the transaction that writes. */
export interface ImportTarget {
  /** The current revision of every stream `streamsOfImport` names. */
  readonly heads: ReadonlyMap<string, number | 'no-stream'>;
  /** The digest (`anchor`) of the target's last anchor entry; none on a store with no anchor yet. */
  readonly lastAnchor: string | undefined;
}

const refused = (message: string, streamId?: string): StoreError =>
  storeError('invalid-write', `nothing was imported: ${message}`, streamId === undefined ? {} : { streamId });

const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;

/** Every stream an import touches, through its events or its anchor entries: the heads a store reads first. */
export const streamsOfImport = (batch: ImportBatch): string[] => {
  const streams = new Set<string>();
  for (const event of batch.events) streams.add(event.streamId);
  for (const anchor of batch.anchors ?? []) {
    const streamId = fieldOf(anchor, 'streamId');
    if (typeof streamId === 'string') streams.add(streamId);
  }
  return [...streams];
};

/** What an import writes to one stream so far. */
interface ImportedStream {
  next: number;
  /** The digest of each event imported to it, in order: the last is that of revision `next - 1`. */
  readonly digests: string[];
}

const checkEvent = (event: ImportedEvent, expected: number, index: number): E.Either<StoreError, CheckedImportEvent> => {
  // named only when refused: every event of a copy passes here
  const at = (): string => `event ${index} (${typeof event.streamId === 'string' ? event.streamId : '?'}@${String(event.revision)})`;
  if (typeof event.streamId !== 'string' || event.streamId === '') return E.left(refused(`${at()} has no stream id`));
  if (!Number.isSafeInteger(event.revision) || event.revision !== expected) {
    return E.left(refused(`${at()} is not the next revision of its stream in the target (${expected})`, event.streamId));
  }
  if (typeof event.type !== 'string' || typeof event.data !== 'string' || typeof event.metadata !== 'string') {
    return E.left(refused(`${at()}: type, data and metadata must be text`, event.streamId));
  }
  const columns = parseStoredColumns(event.data, event.metadata);
  if (E.isLeft(columns)) return E.left(refused(`${at()} would not read back: ${formatProblems(columns.left)}`, event.streamId));
  const stored = { type: event.type, data: columns.right.data, metadata: columns.right.metadata };
  const decoded = decodeEvent(stored, { showValues: false });
  if (E.isLeft(decoded)) return E.left(refused(`${at()} would not read back: ${formatProblems(decoded.left)}`, event.streamId));
  const digest = contentDigest(stored);
  const claimed = claimedDigest(stored.metadata);
  // a digest that is not the event's own reads back as tampering for ever
  if (claimed !== undefined && claimed !== digest) return E.left(refused(`${at()}: its metadata.digest is not the digest of its content`, event.streamId));
  return E.right({
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    eventId: decoded.right.metadata.eventId,
    recordedAt: decoded.right.metadata.recordedAt,
    digest,
    readBack: decoded.right,
  });
};

/**
 * Checks a whole import against what the target holds; `Left` with the first problem, naming the
 * event or anchor entry and never its stored values. A store writes nothing of a refused import.
 */
export const checkImport = (batch: ImportBatch, target: ImportTarget): E.Either<StoreError, CheckedImport> => {
  // per stream: its next revision, and the digest of each event of the batch from its first
  // (for the anchor entries that name them); one look-up per event, no key built for it
  const streams = new Map<string, ImportedStream>();
  const streamOf = (streamId: string): ImportedStream => {
    let known = streams.get(streamId);
    if (known === undefined) {
      const head = target.heads.get(streamId) ?? 'no-stream';
      known = { next: head === 'no-stream' ? 0 : head + 1, digests: [] };
      streams.set(streamId, known);
    }
    return known;
  };
  const events: CheckedImportEvent[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < batch.events.length; i += 1) {
    const event = batch.events[i]!;
    const stream = typeof event.streamId === 'string' ? streamOf(event.streamId) : undefined;
    const checked = checkEvent(event, stream?.next ?? 0, i);
    if (E.isLeft(checked)) return checked;
    const { eventId, streamId, digest } = checked.right;
    if (ids.has(eventId)) return E.left(refused(`event id ${eventId} is given twice`, streamId));
    ids.add(eventId);
    stream!.next += 1;
    stream!.digests.push(digest);
    events.push(checked.right);
  }
  const anchors: AnchorEntry[] = [];
  let last = target.lastAnchor;
  const given = batch.anchors ?? [];
  for (let i = 0; i < given.length; i += 1) {
    const decoded = decodeAnchorEntry(given[i]);
    if (E.isLeft(decoded)) return E.left(refused(`anchor entry ${i} is not an anchor entry`));
    const entry = decoded.right;
    // named only when refused: every entry of a copy passes here
    const where = (): string => `anchor entry ${i} (${entry.streamId}@${entry.revision})`;
    if (anchorDigest(entry) !== entry.anchor) return E.left(refused(`${where()} does not carry its own digest`, entry.streamId));
    if (entry.previous !== last) {
      return E.left(refused(`${where()} does not link to the target's last anchor entry (${last ?? 'none'})`, entry.streamId));
    }
    const stream = streams.get(entry.streamId);
    const inBatch = stream === undefined ? undefined : stream.digests[entry.revision - (stream.next - stream.digests.length)];
    if (inBatch !== undefined && inBatch !== entry.digest) return E.left(refused(`${where()} names that event with another digest`, entry.streamId));
    if (inBatch === undefined && !(Number.isSafeInteger(entry.revision) && entry.revision >= 0 && entry.revision < streamOf(entry.streamId).next)) {
      return E.left(refused(`${where()} names an event the target does not hold`, entry.streamId));
    }
    anchors.push(entry);
    last = entry.anchor;
  }
  return E.right({ events, anchors });
};
