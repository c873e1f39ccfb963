import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { acceptedHistory, complaintCommandsArb } from '@cim-complaints/testing';
import { envelopesFor } from '@cim-complaints/testing/vitest';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import { anchorDigest, anchorText, chainEnvelopes, chainedDigestOf, contentDigest, contentText, writtenContentDigest } from './chain.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { encodeForStore, type EncodedEvent } from './stored-event.js';

describe('chainEnvelopes', () => {
  describe('when a batch is chained', () => {
    it('links each event to the one before, each digest the digest of what a store reads back', () => {
      const chained = chainEnvelopes(envelopesFor('c-1', 3), 'sha256:before');
      expect(chained.map((e) => e.metadata.previousDigest)).toEqual(['sha256:before', chained[0]!.metadata.digest, chained[1]!.metadata.digest]);
      for (const envelope of chained) expect(envelope.metadata.digest).toBe(contentDigest(JSON.parse(JSON.stringify(envelope)) as ComplaintEnvelope));
    });
  });

  describe('when the events are plain JSON, as the decider writes them', () => {
    it('gives frozen copies, leaving the input as it was', () => {
      const given = envelopesFor('c-1', 2);
      const before = structuredClone(given);
      const chained = chainEnvelopes(given, undefined);
      expect(given).toEqual(before);
      for (const envelope of chained) {
        expect(Object.isFrozen(envelope) && Object.isFrozen(envelope.data) && Object.isFrozen(envelope.metadata)).toBe(true);
        expect(chainedDigestOf(envelope)).toBe(envelope.metadata.digest);
      }
      expect(chainedDigestOf(given[0]!)).toBeUndefined();
    });

    it('writes each event in the order readers build it, its data with keys in canonical order: stored data is its own canonical JSON', () => {
      fc.assert(
        fc.property(complaintCommandsArb('c-1', { maxSteps: 20 }), (commands) => {
          const history = acceptedHistory(commands);
          for (const envelope of chainEnvelopes(history, undefined)) {
            expect(Object.keys(envelope)).toEqual(['type', 'data', 'metadata']);
            expect(JSON.stringify(envelope.data)).toBe(canonicalJson(envelope.data));
          }
        }),
        { numRuns: 50 },
      );
    });

    it('are encoded for a store exactly as the same events given as copies are (proved, hashed and written alike)', () => {
      fc.assert(
        fc.property(complaintCommandsArb('c-1', { maxSteps: 20 }), (commands) => {
          const history = acceptedHistory(commands);
          const chained = chainEnvelopes(history.map((e) => ({ ...e, metadata: { ...e.metadata } })), undefined);
          // what the decider writes is plain JSON: every envelope takes the fast path
          for (const envelope of chained) expect(chainedDigestOf(envelope)).toBe(envelope.metadata.digest);
          // copies are not the envelopes chainEnvelopes made: the full proof runs for them
          const copies = structuredClone(chained);
          const fast = encodeForStore('complaint-c-1', chained);
          const full = encodeForStore('complaint-c-1', copies);
          const fields = (encoded: typeof full) =>
            E.map((events: readonly EncodedEvent[]) => events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata, recordedAt: e.recordedAt, digest: e.digest, readBack: e.readBack })))(encoded);
          expect(fields(fast)).toEqual(fields(full));
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('when a chained event would not read back', () => {
    it.each([
      ['an infinite number, which JSON holds as null', { summary: Infinity }],
      ['an unknown field, which decoding drops', { extra: 'dropped on read' }],
    ])('is still refused by the store: %s', (_what, data) => {
      const [letter] = envelopesFor('c-1', 1, 1);
      const chained = chainEnvelopes([{ ...letter!, data: { ...letter!.data, ...data } } as unknown as ComplaintEnvelope], undefined);
      expect(encodeForStore('complaint-c-1', chained)).toMatchObject(E.left({ kind: 'invalid-write', streamId: 'complaint-c-1' }));
    });
  });
});

describe('an anchor entry’s text', () => {
  it('is what canonical JSON writes for its fields, with or without a previous entry', () => {
    fc.assert(
      fc.property(fc.string(), fc.oneof(fc.integer(), fc.double()), fc.string(), fc.option(fc.string(), { nil: undefined }), (streamId, revision, digest, previous) => {
        const entry = { streamId, revision, digest, previous };
        expect(anchorText(entry)).toBe(canonicalJson({ streamId, revision, digest, previous }));
        expect(anchorDigest(entry)).toBe(`sha256:${createHash('sha256').update(canonicalJson(entry)).digest('hex')}`);
      }),
    );
  });
});

describe('an event’s content text', () => {
  // what the digest was over before it was written out: a copy of the metadata without its digest
  const asCopied = (stored: { type: unknown; data: unknown; metadata: unknown }): string => {
    let rest = stored.metadata;
    if (typeof rest === 'object' && rest !== null && !Array.isArray(rest)) {
      const { digest: _digest, ...others } = rest as Record<string, unknown>;
      rest = others;
    }
    return canonicalJson({ type: stored.type, data: stored.data, metadata: rest });
  };
  const metadataArb = fc.oneof(
    fc.anything(),
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.record({ digest: fc.jsonValue(), eventId: fc.string(), previousDigest: fc.option(fc.string(), { nil: undefined }) }, { requiredKeys: [] }),
  );

  it('is what canonical JSON writes for the event with its metadata’s digest left out, for any stored value', () => {
    fc.assert(
      fc.property(fc.option(fc.anything(), { nil: undefined }), fc.option(fc.anything(), { nil: undefined }), fc.option(metadataArb, { nil: undefined }), (type, data, metadata) => {
        const stored = { type, data, metadata };
        expect(contentText(stored)).toBe(asCopied(stored));
        expect(contentDigest(stored)).toBe(`sha256:${createHash('sha256').update(asCopied(stored)).digest('hex')}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the content digest of an event a store writes, from its own JSON text', () => {
  // keys sorted at every depth, as the hash chain copies them; the metadata's digest (if any) added last, as the chain adds it
  const sortedCopy = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sortedCopy) : typeof x === 'object' && x !== null ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortedCopy((x as Record<string, unknown>)[k])])) : x;
  const chainedMetadata = (m: unknown, digest: string | undefined): unknown => {
    const sorted = sortedCopy(m);
    return digest === undefined || typeof sorted !== 'object' || sorted === null || Array.isArray(sorted) ? sorted : { ...(sorted as object), digest };
  };
  const written = (type: string, data: unknown, metadata: unknown): [string, string, unknown, string, unknown] => {
    const dataText = JSON.stringify(data);
    const metadataText = JSON.stringify(metadata);
    return [type, dataText, JSON.parse(dataText), metadataText, JSON.parse(metadataText)];
  };
  const metadataArb = fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), fc.record({ digest: fc.jsonValue(), eventId: fc.string(), b: fc.jsonValue() }, { requiredKeys: [] }));

  it('is the content digest of the parsed event, whatever order its keys are in', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), metadataArb, (type, data, metadata) => {
        const args = written(type, data, metadata);
        expect(writtenContentDigest(...args)).toBe(contentDigest({ type, data: args[2], metadata: args[4] }));
      }),
      { numRuns: 1000 },
    );
  });

  it('is the content digest of the parsed event when it is in canonical order, with or without a digest last', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), metadataArb, fc.option(fc.string(), { nil: undefined }), (type, data, metadata, digest) => {
        const args = written(type, sortedCopy(data), chainedMetadata(metadata, digest));
        expect(writtenContentDigest(...args)).toBe(contentDigest({ type, data: args[2], metadata: args[4] }));
      }),
      { numRuns: 1000 },
    );
  });

  it('is not fooled by a digest field in the middle, or a text that only ends like one', () => {
    const cases: unknown[] = [
      { a: 1, digest: 'd', z: 2 },
      { digest: 'd' },
      { a: { digest: 'x' }, digest: 'x' },
      { a: ',"digest":"d"}', digest: 'd' },
      { b: 1, a: 2, digest: 'd' },
      { a: 1, digest: 7 },
    ];
    for (const metadata of cases) {
      const args = written('T', { b: [1, { a: 2 }] }, metadata);
      expect(writtenContentDigest(...args)).toBe(contentDigest({ type: 'T', data: args[2], metadata: args[4] }));
    }
  });
});
