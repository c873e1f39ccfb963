// decodeEvent skips io-ts's decode for a sound event (its codec's `is` holds and it has no unknown
// field): the skip must give exactly what the decode gives, for every event, sound or not.
import { oddEnvelopeArb } from '@cim-complaints/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { validationProblems } from '../shared/errors.js';
import { decodeEvent, EventMetadata, soundStoredEvent } from './envelope.js';
import { eventCodecs, eventTypes, type EventType } from './events.js';

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

describe('reading a stored event of the current version that decodes to itself', () => {
  it('gives what decodeEvent gives, the stored parts themselves, or nothing (and decodeEvent then decides)', () => {
    fc.assert(
      fc.property(storedArb, fc.constantFrom(...eventTypes), (stored, otherType) => {
        // each stored event as its own type and, now and then, as another's
        for (const type of [stored.type, otherType]) {
          const sound = soundStoredEvent(type, stored.data, stored.metadata);
          if (sound === undefined) continue;
          const decoded = decodeEvent({ type, data: stored.data, metadata: stored.metadata });
          expect(decoded).toEqual(E.right(sound));
          expect([sound.type, sound.data, sound.metadata]).toEqual([type, stored.data, stored.metadata]);
          expect(sound.data).toBe(stored.data);
          expect(sound.metadata).toBe(stored.metadata);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is found for sound events: every event the arbitrary makes without an unknown field', () => {
    fc.assert(
      fc.property(oddEnvelopeArb('c-1'), (envelope) => {
        const stored = JSON.parse(JSON.stringify(envelope)) as { type: EventType; data: unknown; metadata: unknown };
        const decoded = decodeEvent(stored);
        if (E.isRight(decoded) && decoded.right.data === stored.data) expect(soundStoredEvent(stored.type, stored.data, stored.metadata)).toBeDefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('relies on each event codec being `{ type: literal, data }`, its literal the type it is filed under', () => {
    for (const type of eventTypes) {
      const codec = eventCodecs[type] as unknown as { _tag: string; props: { type: { value: unknown }; data: unknown } };
      expect([codec._tag, Object.keys(codec.props), codec.props.type.value]).toEqual(['InterfaceType', ['type', 'data'], type]);
    }
  });
});
