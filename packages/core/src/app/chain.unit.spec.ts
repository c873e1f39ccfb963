import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { envelopesFor } from '@cim-complaints/testing/vitest';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import { chainEnvelopes, contentDigest } from './chain.js';
import { encodeForStore } from './stored-event.js';

describe('chainEnvelopes', () => {
  describe('when a batch is chained', () => {
    it('links each event to the one before, each digest the digest of what a store reads back', () => {
      const chained = chainEnvelopes(envelopesFor('c-1', 3), 'sha256:before');
      expect(chained.map((e) => e.metadata.previousDigest)).toEqual(['sha256:before', chained[0]!.metadata.digest, chained[1]!.metadata.digest]);
      for (const envelope of chained) expect(envelope.metadata.digest).toBe(contentDigest(JSON.parse(JSON.stringify(envelope)) as ComplaintEnvelope));
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
