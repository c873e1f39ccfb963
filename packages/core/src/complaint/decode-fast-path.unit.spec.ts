// decodeEvent skips io-ts's decode for a sound event (its codec's `is` holds and it has no unknown
// field): the skip must give exactly what the decode gives, for every event, sound or not.
import { oddEnvelopeArb } from '@cim-complaints/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { validationProblems } from '../shared/errors.js';
import { decodeEvent, EventMetadata } from './envelope.js';
import { eventCodecs, type EventType } from './events.js';

/** The decode alone, as decodeEvent did it before the skip: the oracle. */
const decodedByIoTs = (stored: { type: EventType; data: unknown; metadata: unknown }) => {
  const event = (eventCodecs[stored.type] as unknown as t.Any).decode({ type: stored.type, data: stored.data });
  const metadata = EventMetadata.decode(stored.metadata);
  return E.isRight(event) && E.isRight(metadata) ? E.right({ ...(event.right as object), metadata: metadata.right }) : E.left([...(E.isLeft(event) ? validationProblems(event.left) : [])]);
};

/** A stored event with, now and then, a field no codec defines added at some depth. */
const storedArb = fc
  .tuple(oddEnvelopeArb('c-1'), fc.option(fc.constantFrom('data', 'data.complainant', 'metadata', 'metadata.actor', 'data.actions.0', 'data.manager'), { nil: undefined }))
  .map(([envelope, where]) => {
    const stored = JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>;
    if (where !== undefined) {
      let target: unknown = stored;
      for (const step of where.split('.')) target = (target as Record<string, unknown> | undefined)?.[step];
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) (target as Record<string, unknown>)['unexpected'] = 'added';
    }
    return stored as { type: EventType; data: unknown; metadata: unknown };
  });

describe('decoding a stored event', () => {
  it('gives what io-ts decoding gives, for sound events and for events with unknown fields at any depth', () => {
    fc.assert(
      fc.property(storedArb, (stored) => {
        const fast = decodeEvent(stored);
        const slow = decodedByIoTs(stored);
        expect(E.isRight(fast)).toBe(E.isRight(slow));
        if (E.isRight(fast) && E.isRight(slow)) expect(fast.right).toEqual(slow.right);
      }),
      { numRuns: 3000 },
    );
  });
});
