/**
 * Verifies what a store holds against its hash chains: every stored event read raw (nothing
 * decoded or skipped), each digest recomputed over the stored JSON, each stream's links followed,
 * and the store-wide anchor checked against the streams' heads. Each break names its stream,
 * revision and kind; see docs/tamper-evidence.md for what each kind means and what no check can see.
 *
 * @example
 * const verified = await verifyStore(store)(); // Right({ intact: true, breaks: [], streams: [...], anchor: { head: 'sha256:...' } })
 * verifyStored(rows, anchorLog, { streamId: 'complaint-c-1' }); // the same, over rows already read
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { decodeEvent } from '../complaint/envelope.js';
import { DEFAULT_STREAM_PREFIX, streamIdOf } from '../complaint/stream.js';
import { formatProblems } from '../shared/errors.js';
import { anchorDigest, claimedDigest, claimedPreviousDigest, contentDigest, decodeAnchorEntry, unchainedPrefixDigest, type AnchorEntry, type StoredContent } from './chain.js';
import type { AnchorLog, EventStore, GlobalPosition, RawStoredEvent, StoreError } from './event-store.js';
import { parseStoredJson, storedContentOf } from './stored-event.js';

/** What is wrong with a stored event, or with the anchor. */
export type BreakKind =
  /** Its content is not what its digest (or its successor, or the anchor) says was stored. */
  | 'changed'
  /** An event is missing from the middle of its stream. */
  | 'removed'
  /** An event that is not part of the chain sits in a stream (a second start, a branch, a late event without a digest). */
  | 'inserted'
  /** Events are stored in another order than they were written (revisions or global positions). */
  | 'reordered'
  /** An event of one complaint is stored in another complaint's stream. */
  | 'moved'
  /** A copy of a stored event, under another id or revision. */
  | 'duplicated'
  /** A revision number is skipped where the chain says nothing is missing. */
  | 'revision-gap'
  /** A revision no store writes: negative, fractional, beyond 2^53 - 1, or not a number. */
  | 'revision-out-of-range'
  /** A stream ends before the revision the anchor recorded (or is gone), or the anchor no longer holds a head kept elsewhere. */
  | 'truncated'
  /** Events after the last anchored revision of their stream: written outside the library, or (EventStoreDB) not yet anchored when a writer stopped. */
  | 'unanchored'
  /** A stored event that is not JSON or does not decode as an event (or an anchor entry that does not decode). */
  | 'undecodable';

export interface ChainBreak {
  readonly kind: BreakKind;
  readonly streamId: string;
  /** The stored revision (for the anchor: the entry's sequence); for `removed` and `truncated` the revision the missing event had; null when the stored revision is not a number. */
  readonly revision: number | null;
  readonly position?: GlobalPosition;
  /** What is wrong, in words (the location is in the fields above). */
  readonly message: string;
  /** For `moved`: the stream the event belongs to; for `duplicated`: where the original is. */
  readonly from?: { readonly streamId: string; readonly revision: number | null };
}

export interface StreamSummary {
  readonly streamId: string;
  readonly events: number;
  /** The stream's last event: its revision and digest (the content digest of an event without one). */
  readonly head?: { readonly revision: number; readonly digest: string };
  /** Written before the chain existed: the events up to this revision carry no digest. */
  readonly unchainedThrough?: number;
  /** The last revision the anchor records for the stream. */
  readonly anchoredThrough?: number;
}

export interface Verification {
  readonly intact: boolean;
  readonly events: number;
  readonly breaks: readonly ChainBreak[];
  readonly streams: readonly StreamSummary[];
  readonly anchor: { readonly name: string; readonly entries: number; readonly head?: string; readonly sequence?: number };
}

export interface VerifyOptions {
  /** Report only this stream (and the anchor); the whole store is still read, so moves into or out of it are seen. */
  readonly streamId?: string;
  /** The prefix of complaint streams (default `complaint-`): an event's complaint names the stream it belongs in. */
  readonly streamPrefix?: string;
  /** An anchor head digest kept elsewhere: it must still be in the anchor, else the store was truncated or rewritten since. */
  readonly expectHead?: string;
}

/** What verify knows about one stored row. */
interface Row {
  readonly streamId: string;
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly storeEventId: string;
  readonly content: StoredContent | undefined;
  /** The content digest recomputed from the stored JSON. */
  readonly computed: string | undefined;
  readonly claimed: string | undefined;
  readonly previous: string | undefined;
  readonly home: string | undefined;
  readonly metadataEventId: string | undefined;
}

/** Adds a value to the list under a key. */
const pushTo = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

/**
 * For each node reachable from `start`, the length of the longest path down from it and whether
 * `target` lies on it. Iterative (a stream or the anchor can be longer than the call stack is
 * deep), and safe on cycles, which forged digests can make.
 */
const reachFrom = <N>(start: N, children: (node: N) => readonly N[], target: N | undefined, memo: Map<N, { length: number; reaches: boolean }>): { length: number; reaches: boolean } => {
  const onPath = new Set<N>();
  const stack: { node: N; expanded: boolean }[] = [{ node: start, expanded: false }];
  while (stack.length > 0) {
    const { node, expanded } = stack.pop()!;
    if (memo.has(node)) continue;
    if (!expanded) {
      onPath.add(node);
      stack.push({ node, expanded: true });
      for (const child of children(node)) if (!memo.has(child) && !onPath.has(child)) stack.push({ node: child, expanded: false });
      continue;
    }
    onPath.delete(node);
    let length = 0;
    let reaches = node === target;
    for (const child of children(node)) {
      const below = memo.get(child);
      if (below === undefined) continue;
      length = Math.max(length, below.length);
      reaches ||= below.reaches;
    }
    memo.set(node, { length: length + 1, reaches });
  }
  return memo.get(start)!;
};

/** The digest the chain knows a row by: the one it claims, else (no digest: written before the chain) its content's. */
const idOf = (row: Row): string | undefined => row.claimed ?? row.computed;
const isChained = (row: Row): boolean => row.claimed !== undefined;
const validRevision = (revision: number): boolean => Number.isSafeInteger(revision) && revision >= 0;
const byRevision = (a: Row, b: Row): number => a.revision - b.revision || (a.position < b.position ? -1 : a.position > b.position ? 1 : 0);
const reportedRevision = (revision: number): number | null => (Number.isFinite(revision) ? revision : null);

const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;

const rowOf = (raw: RawStoredEvent, prefix: string): { row: Row; problems?: string } => {
  const parsed = storedContentOf(raw);
  const base = { streamId: raw.streamId, revision: raw.revision, position: raw.position, storeEventId: raw.storeEventId };
  if (E.isLeft(parsed)) {
    // The links a readable metadata column still names, so its neighbours do not read as broken too.
    const metadata = parseStoredJson('metadata', raw.metadata);
    const links = E.isRight(metadata) ? { claimed: claimedDigest(metadata.right), previous: claimedPreviousDigest(metadata.right) } : { claimed: undefined, previous: undefined };
    return {
      row: { ...base, content: undefined, computed: undefined, ...links, home: undefined, metadataEventId: undefined },
      problems: formatProblems([...parsed.left]),
    };
  }
  const content = parsed.right;
  const complaintId = fieldOf(content.data, 'complaintId');
  const eventId = fieldOf(content.metadata, 'eventId');
  const decoded = decodeEvent(content, { showValues: false });
  return {
    row: {
      ...base,
      content,
      computed: contentDigest(content),
      claimed: claimedDigest(content.metadata),
      previous: claimedPreviousDigest(content.metadata),
      home: typeof complaintId === 'string' && complaintId !== '' ? streamIdOf(complaintId, prefix) : undefined,
      metadataEventId: typeof eventId === 'string' ? eventId : undefined,
    },
    ...(E.isLeft(decoded) ? { problems: formatProblems(decoded.left) } : {}),
  };
};

/** The breaks found so far, one per (kind, stream, revision). */
const breakList = () => {
  const list: ChainBreak[] = [];
  const seen = new Set<string>();
  const flagged = new Set<Row>();
  const byStream = new Map<string, ChainBreak[]>();
  return {
    list,
    add: (found: ChainBreak, row?: Row): void => {
      if (row !== undefined) flagged.add(row);
      const key = `${found.kind}|${found.streamId}|${found.revision}`;
      if (seen.has(key)) return;
      seen.add(key);
      list.push(found);
      pushTo(byStream, found.streamId, found);
    },
    /** The breaks found so far in a stream (or the anchor). */
    of: (streamId: string): readonly ChainBreak[] => byStream.get(streamId) ?? [],
    /** Marks a row as accounted for by a break already reported. */
    flag: (row: Row): void => void flagged.add(row),
    isFlagged: (row: Row): boolean => flagged.has(row),
    inStream: (streamId: string, from: number, to: number): boolean =>
      (byStream.get(streamId) ?? []).some((b) => b.revision !== null && b.revision >= from && b.revision <= to),
  };
};
type Breaks = ReturnType<typeof breakList>;

const at = (row: Row) => ({ streamId: row.streamId, revision: reportedRevision(row.revision), position: row.position });
const where = (row: Row): string => `${row.streamId}@${Number.isFinite(row.revision) ? row.revision : 'not-a-number'} (position ${row.position})`;

/** Indices of a longest strictly increasing run of positions (deterministic: the smallest tails win). */
const longestIncreasing = (positions: readonly bigint[]): Set<number> => {
  const tails: number[] = [];
  const parent: number[] = [];
  positions.forEach((p, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positions[tails[mid]!]! < p) lo = mid + 1;
      else hi = mid;
    }
    parent[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  });
  const kept = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = parent[i]!) kept.add(i);
  return kept;
};

interface ValidAnchor {
  readonly sequence: number;
  readonly entry: AnchorEntry;
}

/** Checks the anchor log itself; returns the entries that can be trusted for the streams' checks. */
const checkAnchorLog = (log: AnchorLog, breaks: Breaks, expectHead: string | undefined): ValidAnchor[] => {
  const name = log.name;
  const sorted = [...log.entries].sort((a, b) => a.sequence - b.sequence);
  const decoded: ValidAnchor[] = [];
  for (const raw of sorted) {
    const entry = decodeAnchorEntry(raw.entry);
    if (E.isLeft(entry)) {
      breaks.add({ kind: 'undecodable', streamId: name, revision: raw.sequence, message: `anchor entry ${raw.sequence} does not decode` });
      continue;
    }
    decoded.push({ sequence: raw.sequence, entry: entry.right });
  }
  const anchors = new Map<string, number>();
  decoded.forEach((a, i) => anchors.set(a.entry.anchor, anchors.has(a.entry.anchor) ? anchors.get(a.entry.anchor)! : i));
  const successors = new Map<string, number[]>();
  decoded.forEach((a, i) => {
    if (a.entry.previous !== undefined) pushTo(successors, a.entry.previous, i);
  });
  const flagged = new Set<number>();
  const flag = (i: number, found: ChainBreak) => {
    flagged.add(i);
    breaks.add(found);
  };
  const valid: ValidAnchor[] = [];
  decoded.forEach((a, i) => {
    const { entry, sequence } = a;
    if (anchors.get(entry.anchor) !== i) {
      flag(i, { kind: 'duplicated', streamId: name, revision: sequence, message: `anchor entry ${sequence} repeats entry ${decoded[anchors.get(entry.anchor)!]!.sequence}` });
      return;
    }
    if (anchorDigest(entry) !== entry.anchor) {
      flag(i, { kind: 'changed', streamId: name, revision: sequence, message: `anchor entry ${sequence} does not match its own digest` });
      return;
    }
    valid.push(a);
  });
  // Links, as for a stream: each entry names the one written before it.
  decoded.forEach((a, i) => {
    const { entry, sequence } = a;
    const prior = decoded[i - 1];
    if (entry.previous === undefined) {
      if (i === 0) return;
      const secondStart = decoded.slice(0, i).some((d) => d.entry.previous === undefined);
      if (!secondStart && breaks.of(name).some((b) => b.kind === 'reordered')) return;
      flag(i, secondStart ? { kind: 'inserted', streamId: name, revision: sequence, message: `anchor entry ${sequence} starts a second anchor` } : { kind: 'reordered', streamId: name, revision: sequence, message: `anchor entry ${sequence}, the first, is stored after entries that follow it` });
      return;
    }
    const linked = anchors.get(entry.previous);
    if (linked !== undefined) {
      if (linked > i) flag(i, { kind: 'reordered', streamId: name, revision: sequence, message: `anchor entry ${sequence} follows entry ${decoded[linked]!.sequence}, which is stored after it` });
      else if (linked === i - 1 && sequence > prior!.sequence + 1) {
        breaks.add({ kind: 'revision-gap', streamId: name, revision: sequence, message: `anchor entry ${sequence} follows entry ${prior!.sequence}: the numbers between are skipped, nothing is missing` });
      }
      return;
    }
    if (prior !== undefined && sequence === prior.sequence + 1 && !successors.has(prior.entry.anchor) && !flagged.has(i - 1)) {
      flag(i - 1, { kind: 'changed', streamId: name, revision: prior.sequence, message: `anchor entry ${prior.sequence} is not the entry ${sequence} was written after` });
    } else if (!flagged.has(i - 1)) {
      const missing = prior === undefined ? sequence - 1 : prior.sequence + 1;
      breaks.add({ kind: 'removed', streamId: name, revision: missing, message: `the anchor entry before ${sequence} is missing` });
    }
  });
  // Two entries written after the same one: the longer branch is the anchor, the other was inserted.
  const next = (i: number): readonly number[] => (anchors.get(decoded[i]!.entry.anchor) === i ? (successors.get(decoded[i]!.entry.anchor) ?? []) : []);
  const memo = new Map<number, { length: number; reaches: boolean }>();
  for (const branches of successors.values()) {
    if (branches.length < 2) continue;
    const [, ...others] = [...branches].sort((x, y) => reachFrom(y, next, undefined, memo).length - reachFrom(x, next, undefined, memo).length || x - y);
    for (const start of others) {
      for (const stack = [start]; stack.length > 0; ) {
        const i = stack.pop()!;
        if (flagged.has(i)) continue;
        flag(i, { kind: 'inserted', streamId: name, revision: decoded[i]!.sequence, message: `anchor entry ${decoded[i]!.sequence} branches off the anchor` });
        for (const j of next(i)) stack.push(j);
      }
    }
  }
  if (expectHead !== undefined && !anchors.has(expectHead)) {
    const last = sorted[sorted.length - 1]?.sequence ?? -1;
    breaks.add({
      kind: 'truncated',
      streamId: name,
      revision: last + 1,
      message: `the anchor head kept elsewhere (${expectHead}) is not in this store's anchor: the store was truncated or rewritten after it was kept`,
    });
  }
  return valid;
};

interface StreamContext {
  readonly streamId: string;
  /** Every row stored in the stream. */
  readonly stored: readonly Row[];
  /** The stream's rows that take part in its order (not excluded as out of range, undecodable JSON, duplicated or moved). */
  readonly ordering: readonly Row[];
  /** Every row stored in the stream, by the digest the chain knows it by. */
  readonly present: ReadonlyMap<string, Row>;
  /** Digests of rows stored in other streams that belong in this one. */
  readonly movedOut: ReadonlySet<string>;
  readonly anchors: readonly ValidAnchor[];
}

/** Checks one stream's chain, revisions and anchor entries; returns its rows in chain order and its summary. */
const checkStream = (context: StreamContext, global: ReadonlyMap<string, readonly Row[]>, breaks: Breaks): { chainOrder: Row[]; summary: StreamSummary } => {
  const { streamId, stored, ordering, present, movedOut, anchors } = context;
  const successors = new Map<string, Row[]>();
  for (const row of ordering) if (isChained(row) && row.previous !== undefined) pushTo(successors, row.previous, row);
  const lastAnchor = anchors[anchors.length - 1]?.entry;
  const anchoredHead = lastAnchor === undefined ? undefined : present.get(lastAnchor.digest);
  // The anchored head stored at a lower revision than anchored: events before it were removed and the rest renumbered.
  const shortened = lastAnchor !== undefined && anchoredHead !== undefined && anchoredHead.revision < lastAnchor.revision;
  const lastAnchoredRevision = anchors.reduce((max, a) => Math.max(max, a.entry.revision), -1);
  const prefixDigestBefore = (index: number): string => unchainedPrefixDigest(ordering.slice(0, index).map((r) => r.computed!));
  const linkOf = (index: number): string | undefined => (index < 0 ? undefined : isChained(ordering[index]!) ? ordering[index]!.claimed : prefixDigestBefore(index + 1));
  const coveredByPrefix = new Set<Row>();
  const firstChained = ordering.findIndex(isChained);

  // Revision numbers before anything else: two events at one revision, and holes among events without a digest
  // (nothing says whether those were removed or renumbered: a missing number is reported as removed).
  ordering.forEach((row, i) => {
    const before = ordering[i - 1];
    if (before !== undefined && row.revision === before.revision) {
      breaks.add({ kind: 'inserted', ...at(row), message: `shares its revision with the event at position ${before.position}` }, row);
      return;
    }
    const expected = before === undefined ? 0 : before.revision + 1;
    if (!isChained(row) && row.revision > expected) {
      breaks.add({ kind: 'removed', streamId, revision: expected, message: `revisions ${expected} to ${row.revision - 1} are missing` });
    }
  });

  ordering.forEach((row, i) => {
    // A row whose content is not its digest's is reported as changed: its link cannot be trusted either.
    if (!isChained(row) || row.claimed !== row.computed) return;
    const previous = row.previous;
    const before = ordering[i - 1];
    if (previous === undefined) {
      if (i === 0) return;
      // The stream's one start, stored after events that follow it: the reordering is already reported there.
      const secondStart = ordering.slice(0, i).some((r) => !isChained(r) || r.previous === undefined);
      if (!secondStart && breaks.of(streamId).some((b) => b.kind === 'reordered')) return breaks.flag(row);
      breaks.add(
        secondStart
          ? { kind: 'inserted', ...at(row), message: `starts a chain of its own after ${i} earlier event(s)` }
          : { kind: 'reordered', ...at(row), message: `the stream's first event, stored after ${i} event(s) that follow it` },
        row,
      );
      return;
    }
    if (before !== undefined && !isChained(before) && previous === prefixDigestBefore(i)) {
      ordering.slice(0, i).forEach((r) => coveredByPrefix.add(r));
      return;
    }
    const inStream = present.get(previous);
    if (inStream !== undefined) {
      if (!validRevision(inStream.revision)) return;
      if (byRevision(inStream, row) > 0) breaks.add({ kind: 'reordered', ...at(row), message: `written after ${where(inStream)}, which is stored after it` }, row);
      return;
    }
    if (movedOut.has(previous)) return;
    const elsewhere = global.get(previous)?.find((r) => r.streamId !== streamId);
    if (elsewhere !== undefined) {
      breaks.add(
        { kind: 'moved', ...at(row), message: `written after ${where(elsewhere)}: it belongs to ${elsewhere.streamId}`, from: { streamId: elsewhere.streamId, revision: validRevision(elsewhere.revision) ? elsewhere.revision + 1 : null } },
        row,
      );
      return;
    }
    if (before !== undefined && !isChained(before)) {
      if (!breaks.inStream(streamId, 0, before.revision)) {
        breaks.add({ kind: 'changed', ...at(before), message: `the events without a digest up to here are not the ones ${where(row)} was chained onto (one was changed, removed or inserted)` }, before);
      }
      return;
    }
    if (before !== undefined && before.revision === row.revision - 1 && !successors.has(before.claimed!) && !shortened) {
      breaks.add({ kind: 'changed', ...at(before), message: `not the event ${where(row)} was written after (it was replaced)` }, before);
      return;
    }
    const missing = before === undefined ? 0 : before.revision + 1;
    // A row there that is already reported (not JSON, say) is not missing.
    if (stored.some((r) => r.revision === missing && breaks.isFlagged(r))) return;
    breaks.add({ kind: 'removed', streamId, revision: missing, message: `missing: ${where(row)} was written after an event that is not stored` });
  });

  // Two events written after the same one: the branch that leads to the anchored head (else the longer, else the earlier) is the chain.
  // A row claiming another row's digest (a changed copy) has no successors of its own.
  const next = (row: Row): readonly Row[] => (present.get(row.claimed!) === row ? (successors.get(row.claimed!) ?? []) : []);
  const memo = new Map<Row, { length: number; reaches: boolean }>();
  const reach = (row: Row) => reachFrom(row, next, anchoredHead, memo);
  const markBranch = (row: Row): void => {
    const stack = [row];
    const seen = new Set<Row>();
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (seen.has(r)) continue;
      seen.add(r);
      if (!breaks.isFlagged(r)) breaks.add({ kind: 'inserted', ...at(r), message: 'branches off the chain' }, r);
      for (const child of next(r)) stack.push(child);
    }
  };
  for (const rows of successors.values()) {
    if (rows.length < 2) continue;
    const ranked = rows
      .map((row) => ({ row, ...reach(row) }))
      .sort((a, b) => Number(b.reaches) - Number(a.reaches) || b.length - a.length || byRevision(a.row, b.row));
    for (const { row } of ranked.slice(1)) markBranch(row);
  }

  // Events without a digest after the chain began belong only where a later link covers them (or, at the end, the anchor).
  ordering.forEach((row, i) => {
    if (firstChained < 0 || i < firstChained || isChained(row) || coveredByPrefix.has(row)) return;
    if (ordering.slice(i + 1).some(isChained)) breaks.add({ kind: 'inserted', ...at(row), message: 'has no digest, in the middle of a chained stream' }, row);
  });

  // Revision numbers of chained events: a skipped number the chain does not explain is a gap.
  ordering.forEach((row, i) => {
    const before = ordering[i - 1];
    const expected = before === undefined ? 0 : before.revision + 1;
    if (!isChained(row) || row.revision <= expected || breaks.isFlagged(row)) return;
    if (row.previous === linkOf(i - 1)) {
      breaks.add({ kind: 'revision-gap', ...at(row), message: `follows revision ${before?.revision ?? 'none'}: the revisions between are skipped, and the chain says nothing is missing` }, row);
      return;
    }
    // A link elsewhere (a row out of range, a row moved away, a reordering) or a break already found explains the hole.
    const explained = row.previous !== undefined && (present.has(row.previous) || movedOut.has(row.previous));
    if (!explained && !breaks.inStream(streamId, expected, row.revision)) {
      breaks.add({ kind: 'revision-gap', ...at(row), message: `follows revision ${before?.revision ?? 'none'}: the revisions between are skipped` }, row);
    }
  });

  // The anchor's entries for this stream: each names a revision and the digest stored there.
  const maxRevision = ordering.length === 0 ? -1 : ordering[ordering.length - 1]!.revision;
  const streamBroken = () => breaks.of(streamId).length > 0;
  for (const { entry } of anchors) {
    const found = present.get(entry.digest);
    if (found !== undefined) {
      if (found.revision !== entry.revision && !streamBroken()) {
        breaks.add({ kind: 'changed', streamId, revision: entry.revision, message: `the anchor records this revision, but that event is stored as ${where(found)}` });
      }
      continue;
    }
    if (movedOut.has(entry.digest) || (global.get(entry.digest) ?? []).length > 0) continue;
    if (entry.revision > maxRevision) {
      if (!breaks.of(streamId).some((b) => b.kind === 'truncated')) {
        breaks.add({
          kind: 'truncated',
          streamId,
          revision: maxRevision + 1,
          message:
            maxRevision < 0
              ? `${streamId} is gone: the anchor records it up to revision ${lastAnchoredRevision}`
              : `${streamId} ends at revision ${maxRevision}; the anchor records it up to revision ${lastAnchoredRevision}`,
        });
      }
      continue;
    }
    const stored = ordering.find((r) => r.revision === entry.revision);
    if (stored !== undefined) {
      if (!breaks.isFlagged(stored)) breaks.add({ kind: 'changed', ...at(stored), message: 'not the event the anchor recorded here' }, stored);
    } else if (!breaks.inStream(streamId, entry.revision, entry.revision)) {
      breaks.add({ kind: 'removed', streamId, revision: entry.revision, message: 'recorded by the anchor, and missing' });
    }
  }
  // Events no append of the library recorded: what the chain continues with after the anchored head (the whole
  // chain when nothing of the stream is anchored), and events without a digest after the last anchored revision.
  if (anchors.length > 0 || ordering.some(isChained)) {
    const after = new Set<Row>();
    const stack = anchors.length === 0 ? ordering.filter((r) => isChained(r) && r.previous === undefined) : anchoredHead === undefined ? [] : [...next(anchoredHead)];
    while (stack.length > 0) {
      const row = stack.pop()!;
      if (after.has(row) || breaks.isFlagged(row)) continue;
      after.add(row);
      for (const child of next(row)) stack.push(child);
    }
    const tail = ordering.filter(
      (r) => !breaks.isFlagged(r) && !coveredByPrefix.has(r) && (after.has(r) || (anchors.length === 0 && isChained(r)) || (!isChained(r) && anchors.length > 0 && r.revision > lastAnchoredRevision)),
    );
    if (tail.length > 0) {
      const first = tail[0]!;
      breaks.add({
        kind: 'unanchored',
        ...at(first),
        message: `${tail.length} event(s) from here are after the last revision the anchor records (${lastAnchoredRevision < 0 ? 'none' : lastAnchoredRevision}): written outside the library, or by a writer that stopped before anchoring them`,
      });
      tail.forEach(breaks.flag);
    }
  }

  // Chain order: follow the links; whatever they do not reach keeps its revision order.
  const chainOrder: Row[] = [];
  const placed = new Set<Row>();
  const follow = (start: Row) => {
    for (let row: Row | undefined = start; row !== undefined && !placed.has(row); ) {
      placed.add(row);
      chainOrder.push(row);
      row = isChained(row) ? (successors.get(row.claimed!) ?? []).find((r) => !placed.has(r) && !breaks.isFlagged(r)) : undefined;
    }
  };
  const inOrdering = new Set(ordering);
  for (const row of ordering) {
    const predecessor = row.previous === undefined ? undefined : present.get(row.previous);
    if (!placed.has(row) && (predecessor === undefined || placed.has(predecessor) || !inOrdering.has(predecessor))) follow(row);
  }
  for (const row of ordering) if (!placed.has(row)) follow(row);

  const head = ordering[ordering.length - 1];
  const unchainedThrough = firstChained === 0 ? undefined : (firstChained < 0 ? head : ordering[firstChained - 1])?.revision;
  return {
    chainOrder,
    summary: {
      streamId,
      events: 0,
      ...(head === undefined || idOf(head) === undefined ? {} : { head: { revision: head.revision, digest: idOf(head)! } }),
      ...(unchainedThrough === undefined ? {} : { unchainedThrough }),
      ...(lastAnchoredRevision < 0 ? {} : { anchoredThrough: lastAnchoredRevision }),
    },
  };
};

/** Verifies rows read raw from a store (every one, in any order) against its anchor log. */
export const verifyStored = (raws: readonly RawStoredEvent[], log: AnchorLog, options: VerifyOptions = {}): Verification => {
  const prefix = options.streamPrefix ?? DEFAULT_STREAM_PREFIX;
  const breaks = breakList();
  const rows: Row[] = [];
  const excluded = new Set<Row>();
  for (const raw of raws) {
    const { row, problems } = rowOf(raw, prefix);
    rows.push(row);
    if (!validRevision(row.revision)) {
      breaks.add({ kind: 'revision-out-of-range', ...at(row), message: 'no store writes a revision that is not a whole number from 0 to 2^53 - 1' }, row);
      excluded.add(row);
    }
    if (problems !== undefined) breaks.add({ kind: 'undecodable', ...at(row), message: `does not decode: ${problems}` }, row);
    if (row.content === undefined) excluded.add(row);
  }

  const global = new Map<string, Row[]>();
  for (const row of rows) {
    const id = idOf(row);
    if (id !== undefined) pushTo(global, id, row);
  }
  // Copies (the same content, under whatever id): the original is the one in its own stream at a revision a store writes, written first.
  const byContent = new Map<string, Row[]>();
  for (const row of rows) if (row.computed !== undefined) pushTo(byContent, row.computed, row);
  for (const copies of byContent.values()) {
    if (copies.length < 2) continue;
    const [original, ...others] = [...copies].sort(
      (a, b) =>
        Number(b.home === b.streamId) - Number(a.home === a.streamId) ||
        Number(validRevision(b.revision)) - Number(validRevision(a.revision)) ||
        (a.position < b.position ? -1 : a.position > b.position ? 1 : 0),
    );
    for (const copy of others) {
      if (!excluded.has(copy)) breaks.add({ kind: 'duplicated', ...at(copy), message: `a copy of ${where(original!)}`, from: { streamId: original!.streamId, revision: reportedRevision(original!.revision) } }, copy);
      excluded.add(copy);
    }
  }
  const movedOut = new Map<string, Set<string>>();
  for (const row of rows) {
    if (excluded.has(row) || row.content === undefined) continue;
    const intact = row.claimed === undefined || row.claimed === row.computed;
    if (row.claimed !== undefined && row.claimed !== row.computed) {
      breaks.add({ kind: 'changed', ...at(row), message: 'its content is not what its digest was computed over' }, row);
    } else if (row.metadataEventId !== undefined && row.metadataEventId !== row.storeEventId) {
      breaks.add({ kind: 'changed', ...at(row), message: "stored under another id than its metadata's eventId" }, row);
    }
    if (intact && row.home !== undefined && row.home !== row.streamId) {
      breaks.add({ kind: 'moved', ...at(row), message: `an event of ${row.home}`, from: { streamId: row.home, revision: null } }, row);
      excluded.add(row);
      movedOut.set(row.home, (movedOut.get(row.home) ?? new Set()).add(idOf(row)!));
    }
  }

  const valid = checkAnchorLog(log, breaks, options.expectHead);
  const anchorsOf = new Map<string, ValidAnchor[]>();
  for (const a of valid) pushTo(anchorsOf, a.entry.streamId, a);

  const streamIds = [...new Set([...rows.map((r) => r.streamId), ...anchorsOf.keys()])].sort();
  const chainOrders = new Map<string, Row[]>();
  const summaries: StreamSummary[] = [];
  const rowsOfStream = new Map<string, Row[]>();
  for (const row of rows) pushTo(rowsOfStream, row.streamId, row);
  for (const streamId of streamIds) {
    const own = rowsOfStream.get(streamId) ?? [];
    const present = new Map<string, Row>();
    for (const row of own) {
      const id = idOf(row);
      if (id !== undefined && !present.has(id)) present.set(id, row);
    }
    const ordering = own.filter((r) => !excluded.has(r)).sort(byRevision);
    const { chainOrder, summary } = checkStream(
      { streamId, stored: own, ordering, present, movedOut: movedOut.get(streamId) ?? new Set(), anchors: anchorsOf.get(streamId) ?? [] },
      global,
      breaks,
    );
    chainOrders.set(streamId, chainOrder);
    summaries.push({ ...summary, events: own.length });
  }

  // Global positions: where the anchor is written with the events, its order is the store's order.
  const inAnchoredBatch = new Set<Row>();
  if (log.ordered) {
    const sequence: Row[] = [];
    const lastIndex = new Map<string, number>();
    // A stream already found out of order moves its positions with its revisions: it is reported once, there.
    const reordered = new Set(breaks.list.filter((b) => b.kind === 'reordered').map((b) => b.streamId));
    const indices = new Map<string, Map<string, number>>();
    const indexInOrder = (streamId: string): Map<string, number> => {
      let index = indices.get(streamId);
      if (index === undefined) {
        index = new Map();
        for (const [i, row] of (chainOrders.get(streamId) ?? []).entries()) if (idOf(row) !== undefined && !index.has(idOf(row)!)) index.set(idOf(row)!, i);
        indices.set(streamId, index);
      }
      return index;
    };
    for (const { entry } of valid) {
      if (reordered.has(entry.streamId)) continue;
      const order = chainOrders.get(entry.streamId) ?? [];
      const index = indexInOrder(entry.streamId).get(entry.digest) ?? -1;
      const from = (lastIndex.get(entry.streamId) ?? -1) + 1;
      if (index < from) continue;
      lastIndex.set(entry.streamId, index);
      for (const row of order.slice(from, index + 1)) {
        sequence.push(row);
        inAnchoredBatch.add(row);
      }
    }
    const kept = longestIncreasing(sequence.map((r) => r.position));
    sequence.forEach((row, i) => {
      if (!kept.has(i)) breaks.add({ kind: 'reordered', ...at(row), message: 'stored out of the order its append was anchored in' }, row);
    });
  }
  const reorderedStreams = new Set(breaks.list.filter((b) => b.kind === 'reordered').map((b) => b.streamId));
  for (const [streamId, order] of chainOrders) {
    if (reorderedStreams.has(streamId)) continue;
    const rest = order.filter((r) => !inAnchoredBatch.has(r));
    rest.forEach((row, i) => {
      const before = rest[i - 1];
      if (before !== undefined && row.position < before.position && !breaks.isFlagged(row)) {
        breaks.add({ kind: 'reordered', ...at(row), message: `stored before ${where(before)}, which was written before it` }, row);
      }
    });
  }

  const last = [...log.entries].sort((a, b) => a.sequence - b.sequence).pop();
  const head = last === undefined ? undefined : fieldOf(last.entry, 'anchor');
  const selected = options.streamId;
  const reported = breaks.list
    .filter((b) => selected === undefined || b.streamId === selected || b.streamId === log.name || b.from?.streamId === selected)
    .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : (a.revision ?? Infinity) - (b.revision ?? Infinity)));
  return {
    intact: reported.length === 0,
    events: selected === undefined ? rows.length : rows.filter((r) => r.streamId === selected).length,
    breaks: reported,
    streams: selected === undefined ? summaries : summaries.filter((s) => s.streamId === selected),
    anchor: {
      name: log.name,
      entries: log.entries.length,
      ...(typeof head === 'string' ? { head, sequence: last!.sequence } : {}),
    },
  };
};

/** Reads every stored event raw, page by page, and the anchor, then verifies them. */
export const verifyStore =
  (store: EventStore, options: VerifyOptions & { readonly pageSize?: number } = {}): TE.TaskEither<StoreError, Verification> =>
  async () => {
    const raws: RawStoredEvent[] = [];
    let after: GlobalPosition | undefined;
    for (;;) {
      const page = await store.readRaw({ ...(after === undefined ? {} : { after }), maxCount: options.pageSize ?? 1000 })();
      if (E.isLeft(page)) return page;
      raws.push(...page.right.events);
      if (page.right.isEnd || page.right.events.length === 0) break;
      after = page.right.lastPosition;
    }
    const anchors = await store.readAnchors()();
    if (E.isLeft(anchors)) return anchors;
    return E.right(verifyStored(raws, anchors.right, options));
  };
