import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import type { ResolvedEvent } from '@eventstore/db-client';
import { envelopesFor } from '@cim-complaints/testing/vitest';
import { fromResolvedEvent, toEventData, UNKNOWN_POSITION } from '../src/codec.js';

const [envelope] = envelopesFor('c-codec', 1);

/** A read event as the client hands it back. */
const resolved = (overrides: Record<string, unknown> = {}, commitPosition?: bigint): ResolvedEvent =>
  ({
    event: {
      streamId: 'complaint-c-codec',
      id: envelope!.metadata.eventId,
      revision: 7n,
      type: envelope!.type,
      isJson: true,
      data: JSON.parse(JSON.stringify(envelope!.data)),
      metadata: JSON.parse(JSON.stringify(envelope!.metadata)),
      created: new Date(0),
      position: commitPosition === undefined ? undefined : { commit: commitPosition, prepare: commitPosition },
      ...overrides,
    },
  }) as unknown as ResolvedEvent;

const failure = (r: ResolvedEvent) => {
  const decoded = fromResolvedEvent(r);
  if (E.isRight(decoded)) throw new Error('expected decode-failed');
  return decoded.left;
};

describe('codec', () => {
  describe('when an envelope is written', () => {
    it('is a JSON event whose id is the deterministic event id and whose metadata is the envelope’s', () => {
      const data = toEventData(envelope!);
      expect(data).toMatchObject({ id: envelope!.metadata.eventId, type: envelope!.type, contentType: 'application/json', data: envelope!.data, metadata: envelope!.metadata });
    });
  });

  describe('when a stored event is read', () => {
    it('decodes through the core codecs, with stream, revision and commit position', () => {
      expect(fromResolvedEvent(resolved({}, 4242n))).toEqual(E.right({ streamId: 'complaint-c-codec', revision: 7, position: 4242n, event: envelope }));
    });

    it('says the position is unknown when the server did not send one', () => {
      const decoded = fromResolvedEvent(resolved());
      expect(E.isRight(decoded) && decoded.right).toMatchObject({ position: UNKNOWN_POSITION });
    });

    it('fails naming stream, revision and path when the data does not fit the codec', () => {
      const error = failure(resolved({ data: { ...(envelope!.data as object), channel: '' } }));
      expect(error).toMatchObject({ kind: 'decode-failed', streamId: 'complaint-c-codec', revision: 7 });
      expect(error.message).toContain('complaint-c-codec@7');
      expect(error.problems!.map((p) => p.path)).toContain('data.channel');
    });

    it('fails when data or metadata was not JSON (the client hands back text or bytes)', () => {
      expect(failure(resolved({ data: '{not json' })).problems!.length).toBeGreaterThan(0);
      expect(failure(resolved({ metadata: new Uint8Array([1, 2, 3]) })).problems!.some((p) => p.path.startsWith('metadata'))).toBe(true);
    });

    it('fails for a binary event and for an unknown type', () => {
      expect(failure(resolved({ isJson: false, data: new Uint8Array([1]) })).message).toContain('binary');
      expect(failure(resolved({ type: 'ComplaintMisfiled' })).problems![0]!.path).toBe('type');
    });

    it('fails when the stored id is not the metadata’s event id (written by someone else)', () => {
      expect(failure(resolved({ id: '00000000-0000-4000-8000-000000000000' })).problems![0]!.path).toBe('metadata.eventId');
    });

    it('fails for a link whose event is gone', () => {
      const link = { link: { streamId: 'complaint-c-codec', revision: 3n, type: '$>' } } as unknown as ResolvedEvent;
      expect(failure(link)).toMatchObject({ kind: 'decode-failed', streamId: 'complaint-c-codec', revision: 3 });
    });
  });
});
