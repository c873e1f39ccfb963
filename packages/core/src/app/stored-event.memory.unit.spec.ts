import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { envelopesFor } from '@cim-complaints/testing/vitest';
import type { RecordedEvent } from './event-store.js';
import { decodeEventRow } from './sql-rows.js';
import { encodeForStore } from './stored-event.js';

const oldSpaceUsed = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;

/** A full collection: the flag only puts `gc` in contexts made after it is set. */
const collectGarbage = (): void => {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
};

// Not a timing: how much of what a replay drops still reaches the old generation. V8 may allocate
// the objects of a literal site in the old generation once it has seen them live long; a record
// built that way keeps its young JSON alive through every later collection (about 0.6 KB a row).
describe('decoding stored rows', () => {
  it('leaves what the caller drops to die young, even after another caller kept many records', () => {
    const encoded = encodeForStore('complaint-c-1', envelopesFor('c-1', 4));
    if (E.isLeft(encoded)) throw new Error(encoded.left.message);
    const rows = encoded.right.map((e, revision) => ({ position: BigInt(revision + 1), stream_id: 'complaint-c-1', revision, type: e.type, data: e.data, metadata: e.metadata }));
    const decode = (i: number): RecordedEvent => {
      const decoded = decodeEventRow(rows[i % rows.length]!);
      if (E.isLeft(decoded)) throw new Error(decoded.left.message);
      return decoded.right;
    };
    // a caller that keeps what it reads, as an in-memory store or a read model does
    const kept: RecordedEvent[] = [];
    for (let i = 0; i < 60_000; i += 1) kept.push(decode(i));
    // then a replay that keeps nothing, from an empty young generation: none of it should survive
    // two collections, so none should reach the old generation
    collectGarbage();
    const before = oldSpaceUsed();
    let last: RecordedEvent | undefined;
    for (let i = 0; i < 150_000; i += 1) last = decode(i);
    const grownMb = (oldSpaceUsed() - before) / 1e6;
    expect(last?.position).toBe(BigInt((150_000 - 1) % rows.length + 1));
    expect(kept).toHaveLength(60_000);
    expect(grownMb).toBeLessThan(10);
  });
});
