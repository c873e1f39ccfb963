/**
 * The tamper law: any single edit, deletion, insertion or swap of a stored event, made behind the
 * library's back in a lawful history, is found by `verify`. A store joins the law by saying how
 * its rows are rewritten (`TamperTarget`); the kit brings the in-memory one
 * (`tamperableInMemoryStore`), and any CIM system can add its own store to its suite.
 *
 * @example
 * await fc.assert(fc.asyncProperty(historyCommandsArb({ maxComplaints: 3 }), tamperArb, async (commands, tamper) => {
 *   await tamperIsFound(tamperableInMemoryStore(), commands, tamper);
 * }));
 */
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  contentDigest,
  unchainedPrefixDigest,
  verifyStore,
  type ComplaintCommand,
  type EventStore,
  type RawStoredEvent,
  type Verification,
} from '@cim-complaints/core';
import { recordHistory } from '../arbitraries/history.js';

/** A store whose stored events a test can replace wholesale, as someone with the files or the database could. */
export interface TamperTarget {
  readonly store: EventStore;
  /** Makes these rows (as `readRaw` gives them) everything the store holds; the anchor is left as it is. */
  readonly rewrite: (rows: readonly RawStoredEvent[]) => Promise<void>;
  readonly close?: () => Promise<void>;
}

/** One change to the stored rows; indices are taken modulo the number of rows (or of leaves). */
export type Tamper =
  /** A value in the event changed: a leaf of `data` or `metadata`, the `type`, or the id the store keeps it under. */
  | { readonly kind: 'edit'; readonly row: number; readonly part: 'data' | 'metadata' | 'type' | 'storeEventId'; readonly leaf: number }
  | { readonly kind: 'delete'; readonly row: number }
  /** A copy of an event under a new id, at the end of a stream: naive, or with every digest recomputed to fit. */
  | { readonly kind: 'insert'; readonly row: number; readonly into: number; readonly forged: boolean }
  /** Two events change places (their revisions and positions stay). */
  | { readonly kind: 'swap'; readonly a: number; readonly b: number }
  /** Two events swap global positions. */
  | { readonly kind: 'swap-positions'; readonly a: number; readonly b: number }
  /** An event renumbered: negative, past the end, far past it, or beyond what a number can hold exactly. */
  | { readonly kind: 'revision'; readonly row: number; readonly to: 'negative' | 'past-end' | 'far' | 'huge' }
  /** An event moved to the end of another stream. */
  | { readonly kind: 'move'; readonly row: number; readonly into: number };

/** Every kind of single tamper. */
export const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), row: fc.nat(), part: fc.constantFrom('data' as const, 'metadata' as const, 'type' as const, 'storeEventId' as const), leaf: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), row: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), row: fc.nat(), into: fc.nat(), forged: fc.boolean() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('swap-positions' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('revision' as const), row: fc.nat(), to: fc.constantFrom('negative' as const, 'past-end' as const, 'far' as const, 'huge' as const) }),
  fc.record({ kind: fc.constant('move' as const), row: fc.nat(), into: fc.nat() }),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths to every scalar in a JSON value. */
const leaves = (value: Json, path: readonly (string | number)[] = []): (string | number)[][] => {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.keys(value).flatMap((key) => leaves(value[key]!, [...path, key]));
  return [[...path]];
};

const changed = (value: Json): Json =>
  typeof value === 'string' ? `${value}~` : typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : 'x';

const setAt = (value: Json, path: readonly (string | number)[], leaf: Json): Json => {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? setAt(item, rest, leaf) : item));
  const object = value as { [key: string]: Json };
  return { ...object, [head!]: setAt(object[head!]!, rest, leaf) };
};

const getAt = (value: Json, path: readonly (string | number)[]): Json =>
  path.reduce<Json>((v, key) => (v as { [key: string]: Json })[key as string]!, value);

const streamsOf = (rows: readonly RawStoredEvent[]): string[] => [...new Set(rows.map((r) => r.streamId))].sort();
const nextPosition = (rows: readonly RawStoredEvent[]): bigint => rows.reduce((max, r) => (r.position > max ? r.position : max), 0n) + 1n;
const endOf = (rows: readonly RawStoredEvent[], streamId: string): RawStoredEvent[] =>
  rows.filter((r) => r.streamId === streamId).sort((a, b) => a.revision - b.revision);

/** A copy of a stored event under a new id, chained (when `forged`) onto the end of `streamId` as the library would have. */
const copyInto = (rows: readonly RawStoredEvent[], source: RawStoredEvent, streamId: string, forged: boolean): RawStoredEvent => {
  const stream = endOf(rows, streamId);
  const last = stream[stream.length - 1];
  const id = `forged-${nextPosition(rows)}`;
  const data = JSON.parse(source.data) as { [key: string]: Json };
  const metadata = { ...(JSON.parse(source.metadata) as { [key: string]: Json }) };
  if (forged) {
    metadata.eventId = id;
    delete metadata.digest;
    delete metadata.previousDigest;
    const lastMetadata = last === undefined ? undefined : (JSON.parse(last.metadata) as { digest?: string });
    const link =
      last === undefined
        ? undefined
        : (lastMetadata?.digest ?? unchainedPrefixDigest(stream.map((r) => contentDigest({ type: r.type, data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) }))));
    if (link !== undefined) metadata.previousDigest = link;
    metadata.digest = contentDigest({ type: source.type, data, metadata });
  }
  return {
    streamId,
    revision: last === undefined ? 0 : last.revision + 1,
    position: nextPosition(rows),
    storeEventId: forged ? id : `copy-${nextPosition(rows)}`,
    type: source.type,
    data: JSON.stringify(data),
    metadata: JSON.stringify(metadata),
  };
};

/** The rows after one tamper; `undefined` when it would change nothing (a swap of a row with itself, say). */
export const applyTamper = (rows: readonly RawStoredEvent[], tamper: Tamper): RawStoredEvent[] | undefined => {
  if (rows.length === 0) return undefined;
  const pick = (n: number) => rows[n % rows.length]!;
  const others = (n: number, streamId: string) => {
    const streams = streamsOf(rows).filter((s) => s !== streamId);
    return streams.length === 0 ? undefined : streams[n % streams.length]!;
  };
  switch (tamper.kind) {
    case 'edit': {
      const row = pick(tamper.row);
      if (tamper.part === 'type') return rows.map((r) => (r === row ? { ...r, type: `${r.type}~` } : r));
      if (tamper.part === 'storeEventId') return rows.map((r) => (r === row ? { ...r, storeEventId: `${r.storeEventId}~` } : r));
      const value = JSON.parse(row[tamper.part]) as Json;
      const paths = leaves(value);
      if (paths.length === 0) return undefined;
      const path = paths[tamper.leaf % paths.length]!;
      const edited = JSON.stringify(setAt(value, path, changed(getAt(value, path))));
      return rows.map((r) => (r === row ? { ...r, [tamper.part]: edited } : r));
    }
    case 'delete': {
      const row = pick(tamper.row);
      return rows.filter((r) => r !== row);
    }
    case 'insert': {
      const source = pick(tamper.row);
      const streams = streamsOf(rows);
      return [...rows, copyInto(rows, source, streams[tamper.into % streams.length]!, tamper.forged)];
    }
    case 'swap': {
      const a = pick(tamper.a);
      const b = pick(tamper.b);
      if (a === b) return undefined;
      const content = (r: RawStoredEvent) => ({ storeEventId: r.storeEventId, type: r.type, data: r.data, metadata: r.metadata });
      return rows.map((r) => (r === a ? { ...a, ...content(b) } : r === b ? { ...b, ...content(a) } : r));
    }
    case 'swap-positions': {
      const a = pick(tamper.a);
      const b = pick(tamper.b);
      if (a === b) return undefined;
      return rows.map((r) => (r === a ? { ...a, position: b.position } : r === b ? { ...b, position: a.position } : r));
    }
    case 'revision': {
      const row = pick(tamper.row);
      const end = endOf(rows, row.streamId).length;
      const to = { negative: -1, 'past-end': end + 1, far: end + 1000, huge: 2 ** 53 + 2 }[tamper.to];
      return rows.map((r) => (r === row ? { ...r, revision: to } : r));
    }
    case 'move': {
      const row = pick(tamper.row);
      const into = others(tamper.into, row.streamId);
      if (into === undefined) return undefined;
      const end = endOf(rows, into);
      return rows.map((r) => (r === row ? { ...r, streamId: into, revision: end.length === 0 ? 0 : end[end.length - 1]!.revision + 1 } : r));
    }
  }
};

const readAllRaw = async (store: EventStore): Promise<RawStoredEvent[]> => {
  const rows: RawStoredEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readRaw(after === undefined ? {} : { after })();
    if (E.isLeft(page)) throw new Error(`the store could not be read raw: ${page.left.message}`);
    rows.push(...page.right.events);
    if (page.right.isEnd || page.right.events.length === 0) return rows;
    after = page.right.lastPosition;
  }
};

const verified = async (store: EventStore): Promise<Verification> => {
  const result = await verifyStore(store)();
  if (E.isLeft(result)) throw new Error(`verify failed on the store: ${result.left.message}`);
  return result.right;
};

/**
 * Records the commands through the handler, checks the store verifies intact, applies the tamper
 * and checks `verify` finds at least one break. Throws (for fast-check) when the law fails;
 * resolves to what verify said after, or `undefined` when the tamper would have changed nothing.
 */
export const tamperIsFound = async (target: TamperTarget, commands: readonly ComplaintCommand[], tamper: Tamper): Promise<Verification | undefined> => {
  await recordHistory(target.store, commands);
  const before = await verified(target.store);
  if (!before.intact) throw new Error(`a lawful history does not verify: ${JSON.stringify(before.breaks)}`);
  const rows = await readAllRaw(target.store);
  const tampered = applyTamper(rows, tamper);
  if (tampered === undefined) return undefined;
  await target.rewrite(tampered);
  const after = await verified(target.store);
  if (after.intact) throw new Error(`verify did not find ${JSON.stringify(tamper)}`);
  return after;
};
