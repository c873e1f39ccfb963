/**
 * `copy`'s work: every event of one store written into another exactly as stored, in global
 * order, with the anchor entries and the personal-data keys, then both sides verified and their
 * heads compared. Events go through the target's `importStored` (core's stored-import.ts checks
 * each one), so older-schema events stay as written and sealed fields stay sealed.
 *
 * A copy is resumable: the target only ever holds a prefix of the source (each stream a prefix of
 * its stream, the anchor a prefix of the anchor), so `--continue` reads what the target holds,
 * checks that each of its stream heads and its anchor head are the source's at that place, and
 * goes on from there.
 *
 * @example
 * const outcome = await copyStore(from, await verifySource(from), to, { resume: false, onProgress: (done, total) => bar.update(done, total) });
 * outcome.target.intact && outcome.sameHeads; // true: the copy verifies, with the source's head digests
 */
import {
  claimedDigest,
  contentDigest,
  decodeAnchorEntry,
  DEFAULT_STREAM_PREFIX,
  verifyStore,
  type AnchorEntry,
  type EventStore,
  type GlobalPosition,
  type ImportedEvent,
  type KeyImportOutcome,
  type KeyStore,
  type RawStoredEvent,
  type StoreError,
  type Verification,
} from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { failure } from '../errors.js';
import { storeFailure, type OpenedStore } from '../store-selection.js';

export interface CopyOptions {
  /** Go on with a copy into a target that already holds part of the source. */
  readonly resume: boolean;
  /** Events per import (one transaction each where the target has transactions). */
  readonly pageSize?: number;
  readonly onProgress?: (copied: number, total: number) => void;
}

export interface KeyCopy {
  readonly subjects: number;
  readonly outcomes: Readonly<Record<KeyImportOutcome, number>>;
}

export interface CopyOutcome {
  /** The source as verified before copying. */
  readonly source: Verification;
  /** Events and anchor entries the target held before, and what this run wrote. */
  readonly alreadyThere: { readonly events: number; readonly anchors: number };
  readonly copied: { readonly events: number; readonly anchors: number };
  readonly keys: KeyCopy | undefined;
  /** The target as verified after copying. */
  readonly target: Verification;
  /** Every stream head and the anchor head of the target equal the source's. */
  readonly sameHeads: boolean;
  /** What differs, when they are not. */
  readonly differences: readonly string[];
  /** The source held events or anchor entries after the copy ended that its verification did not (it was written meanwhile). */
  readonly sourceGrew: boolean;
}

const prefixOf = (opened: OpenedStore): string => {
  const prefix = (opened.store as { readonly streamPrefix?: unknown }).streamPrefix;
  return typeof prefix === 'string' ? prefix : DEFAULT_STREAM_PREFIX;
};

/** The store as stored: personal fields sealed, which is how they are copied. */
const rawOf = (opened: OpenedStore): EventStore => opened.sealed ?? opened.store;

const must = <A>(doing: string, name: string, result: E.Either<StoreError, A>): A => {
  if (E.isLeft(result)) throw storeFailure(doing, name, result.left);
  return result.right;
};

/** The digest a raw event is chained and anchored by: the one it claims, else its content's. */
const digestOf = (raw: RawStoredEvent): string => {
  const metadata = JSON.parse(raw.metadata) as unknown;
  return claimedDigest(metadata) ?? contentDigest({ type: raw.type, data: JSON.parse(raw.data) as unknown, metadata });
};

interface Head {
  readonly revision: number;
  readonly digest: string;
}

/** Every stream head a store holds, its event count and its anchor entries: what `--continue` goes on from. */
const holdings = async (store: EventStore, name: string, pageSize: number) => {
  const heads = new Map<string, Head>();
  let events = 0;
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = must('reading', name, await store.readRaw({ ...(after === undefined ? {} : { after }), maxCount: pageSize })());
    for (const raw of page.events) {
      events += 1;
      const held = heads.get(raw.streamId);
      if (held === undefined || raw.revision > held.revision) heads.set(raw.streamId, { revision: raw.revision, digest: digestOf(raw) });
    }
    if (page.isEnd) break;
    after = page.lastPosition;
  }
  return { heads, events };
};

const decodedAnchors = (name: string, entries: readonly { readonly entry: unknown }[]): AnchorEntry[] =>
  entries.map((e, i) => {
    const decoded = decodeAnchorEntry(e.entry);
    // the source verified intact, so this is a store written to meanwhile by something else
    if (E.isLeft(decoded)) throw failure(`the anchor of ${name} has an entry (${i}) that is not an anchor entry`);
    return decoded.right;
  });

const emptyOutcomes = (): Record<KeyImportOutcome, number> => ({ imported: 0, unchanged: 0, erased: 0, 'kept-erased': 0 });

/** Every key and tombstone of the source's key store into the target's. */
const copyKeys = async (from: KeyStore | undefined, to: KeyStore | undefined, fromName: string, toName: string): Promise<KeyCopy | undefined> => {
  if (from === undefined) return undefined;
  const records = must('listing the keys of', from.name, await from.listKeys()());
  if (records.length === 0) return { subjects: 0, outcomes: emptyOutcomes() };
  if (to?.importKey === undefined) throw failure(`${fromName} holds ${records.length} personal-data key(s) and the keys of ${toName} (${to?.name ?? 'none'}) cannot take them: give --to-keys`);
  const outcomes = emptyOutcomes();
  for (const record of records) {
    let imported: E.Either<StoreError, KeyImportOutcome>;
    if (record.status === 'erased') {
      imported = await to.importKey({ subject: record.subject, status: 'erased', createdAt: record.createdAt, erasedAt: record.erasedAt ?? record.createdAt })();
    } else {
      const found = must('reading a key of', from.name, await from.getKey(record.subject)());
      // erased between the listing and now: the erasure is what travels
      imported =
        found.status === 'active'
          ? await to.importKey({ subject: record.subject, status: 'active', key: found.key, createdAt: record.createdAt })()
          : await to.importKey({ subject: record.subject, status: 'erased', createdAt: record.createdAt, erasedAt: found.status === 'erased' ? found.erasedAt : record.createdAt })();
    }
    outcomes[must('copying a key into', to.name, imported)] += 1;
  }
  return { subjects: records.length, outcomes };
};

/** The differences between the source's heads (as copied) and the target's verification. */
const compareHeads = (expected: ReadonlyMap<string, Head>, anchorHead: string | undefined, target: Verification): string[] => {
  const differences: string[] = [];
  const got = new Map(target.streams.map((s) => [s.streamId, s.head]));
  for (const [streamId, head] of expected) {
    const found = got.get(streamId);
    if (found === undefined) differences.push(`${streamId}: missing from the target`);
    else if (found.revision !== head.revision || found.digest !== head.digest) differences.push(`${streamId}: the target's head is ${found.revision} ${found.digest}, the source's ${head.revision} ${head.digest}`);
  }
  for (const streamId of got.keys()) if (!expected.has(streamId)) differences.push(`${streamId}: in the target only`);
  if (target.anchor.head !== anchorHead) differences.push(`the anchor head: the target's is ${target.anchor.head ?? 'none'}, the source's ${anchorHead ?? 'none'}`);
  return differences;
};

/**
 * Verifies the store to copy: a copy of a broken record would carry the break on as if it were
 * sound, so a source that does not verify is refused before the target is even opened.
 */
export const verifySource = async (from: OpenedStore): Promise<Verification> => {
  const verified = must('verifying', from.name, await verifyStore(rawOf(from), { streamPrefix: prefixOf(from) })());
  if (!verified.intact) {
    const shown = verified.breaks.slice(0, 3).map((b) => `${b.kind} at ${b.streamId}@${b.revision ?? 'not-a-number'}`);
    throw failure(
      `${from.name} does not verify (${verified.breaks.length} break(s): ${shown.join('; ')}${verified.breaks.length > 3 ? '; ...' : ''}): nothing was copied; run verify on it for the details`,
    );
  }
  return verified;
};

/** Copies `from` (which `verifySource` found intact) into `to`. */
export const copyStore = async (from: OpenedStore, verified: Verification, to: OpenedStore, options: CopyOptions): Promise<CopyOutcome> => {
  const pageSize = options.pageSize ?? 500;
  const source = rawOf(from);
  const target = rawOf(to);
  const importStored = target.importStored;
  if (importStored === undefined) throw failure(`${to.name} cannot be copied into: its store has no import`);
  const targetPrefix = prefixOf(to);

  // 1. every stream must be one the target serves
  const outside = verified.streams.find((s) => !s.streamId.startsWith(targetPrefix));
  if (outside !== undefined) throw failure(`${to.name} holds complaint streams under the prefix ${JSON.stringify(targetPrefix)}, and ${outside.streamId} of ${from.name} is not one: nothing was copied`);

  // 2. what the target holds already: nothing, unless this run goes on with an earlier copy
  const targetAnchors = decodedAnchors(to.name, must('reading the anchor of', to.name, await target.readAnchors()()).entries);
  const first = must('reading', to.name, await target.readRaw({ maxCount: 1 })());
  const heads = new Map<string, Head>();
  let alreadyEvents = 0;
  if (first.events.length > 0 || targetAnchors.length > 0) {
    if (!options.resume) {
      throw failure(`${to.name} is not empty: copy writes only into an empty store, or goes on with an earlier copy into it with --continue; nothing was copied`);
    }
    const held = await holdings(target, to.name, pageSize * 4);
    alreadyEvents = held.events;
    for (const [streamId, head] of held.heads) heads.set(streamId, head);
  }

  // 3. the anchor: the target's must be the start of the source's
  let sourceAnchors = decodedAnchors(from.name, must('reading the anchor of', from.name, await source.readAnchors()()).entries);
  targetAnchors.forEach((entry, i) => {
    if (sourceAnchors[i]?.anchor !== entry.anchor) throw failure(`${to.name} is not a copy of ${from.name}: its anchor entry ${i} differs from the source's; nothing was copied`);
  });
  let anchorsWritten = targetAnchors.length;
  let anchorHead = targetAnchors[targetAnchors.length - 1]?.anchor;

  const nextOf = (streamId: string): number => (heads.get(streamId)?.revision ?? -1) + 1;
  /** The source's anchor entries, from the next one not written, whose events the target will hold. */
  const anchorsReady = (): AnchorEntry[] => {
    const ready: AnchorEntry[] = [];
    for (let i = anchorsWritten; i < sourceAnchors.length; i += 1) {
      const entry = sourceAnchors[i]!;
      if (entry.revision >= nextOf(entry.streamId)) break;
      ready.push(entry);
    }
    return ready;
  };
  const write = async (events: readonly ImportedEvent[], digests: readonly string[], countedEvents: number) => {
    // the events first, so the anchor entries that name them can come in the same import
    events.forEach((e, i) => heads.set(e.streamId, { revision: e.revision, digest: digests[i]! }));
    const anchors = anchorsReady();
    if (events.length === 0 && anchors.length === 0) return;
    must('copying into', to.name, await importStored({ events, anchors })());
    copied.events += countedEvents;
    copied.anchors += anchors.length;
    anchorsWritten += anchors.length;
    if (anchors.length > 0) anchorHead = anchors[anchors.length - 1]!.anchor;
  };

  // 4. the events, page by page in the source's global order
  const copied = { events: 0, anchors: 0 };
  let seen = 0;
  let after: GlobalPosition | undefined;
  const total = verified.events;
  for (;;) {
    const page = must('reading', from.name, await source.readRaw({ ...(after === undefined ? {} : { after }), maxCount: pageSize })());
    const batch: ImportedEvent[] = [];
    const digests: string[] = [];
    for (const raw of page.events) {
      seen += 1;
      // heads move on only once a page is written: an event of this page is never at or below its stream's head
      const held = heads.get(raw.streamId);
      if (held !== undefined && raw.revision <= held.revision) {
        // copied by an earlier run: the target's head must be this very event
        if (raw.revision === held.revision && digestOf(raw) !== held.digest) {
          throw failure(`${to.name} is not a copy of ${from.name}: ${raw.streamId}@${raw.revision} differs; nothing more was copied`);
        }
        continue;
      }
      batch.push({ streamId: raw.streamId, revision: raw.revision, type: raw.type, data: raw.data, metadata: raw.metadata });
      digests.push(digestOf(raw));
    }
    await write(batch, digests, batch.length);
    options.onProgress?.(Math.min(seen, total), total);
    if (page.isEnd) break;
    after = page.lastPosition;
  }

  // 5. anchor entries written since the source was first read, for the events copied since
  sourceAnchors = decodedAnchors(from.name, must('reading the anchor of', from.name, await source.readAnchors()()).entries);
  await write([], [], 0);

  // 6. the keys, after the events: every key an event copied was sealed under exists by now
  const keys = await copyKeys(from.keys, to.keys, from.name, to.name);

  // 7. the copy must verify, with the source's heads
  const copy = must('verifying', to.name, await verifyStore(target, { streamPrefix: targetPrefix })());
  const differences = compareHeads(heads, anchorHead, copy);
  const sourceGrew = seen > verified.events || sourceAnchors.length > verified.anchor.entries || anchorsWritten < sourceAnchors.length;
  return {
    source: verified,
    alreadyThere: { events: alreadyEvents, anchors: targetAnchors.length },
    copied,
    keys,
    target: copy,
    sameHeads: differences.length === 0,
    differences,
    sourceGrew,
  };
};
