// soundCheck answers as io-ts's `is` and hasOnlyKnownFields answer together, for every event codec
// and the metadata codec, on events sound and odd, with fields added or broken at any depth.
import { oddEnvelopeArb } from '@cim-complaints/testing';
import fc from 'fast-check';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { EventMetadata } from '../complaint/envelope.js';
import { eventCodecs, eventTypes, type EventType } from '../complaint/events.js';
import { NonEmptyString } from './codecs.js';
import { generatedSoundCheck, soundCheck, soundCheckByClosures } from './sound.js';
import { hasOnlyKnownFields } from './strict.js';

const oracle = (codec: t.Any) => (value: unknown) => codec.is(value) && hasOnlyKnownFields(codec)(value);

/** A JSON copy of an envelope with one change at some depth: a field added, removed, or set to something odd. */
const changedArb = fc
  .tuple(
    oddEnvelopeArb('c-1'),
    fc.option(fc.constantFrom('data', 'data.complainant', 'data.manager', 'data.actions', 'data.actions.0', 'metadata', 'metadata.actor', 'data.party'), { nil: undefined }),
    fc.constantFrom('add', 'remove', 'odd'),
    fc.constantFrom<unknown>(null, 42, 'text', [], {}, undefined, true, ['x'], { nested: 1 }, -0, Number.NaN),
  )
  .map(([envelope, where, how, odd]) => {
    const stored = JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>;
    if (where !== undefined) {
      let target: unknown = stored;
      for (const step of where.split('.')) target = (target as Record<string, unknown> | undefined)?.[step];
      if (typeof target === 'object' && target !== null) {
        const record = target as Record<string, unknown>;
        const keys = Object.keys(record);
        const key = keys[keys.length > 0 ? keys.length - 1 : 0] ?? 'k';
        if (how === 'add') record['unexpected'] = odd;
        else if (how === 'remove') delete record[key];
        else record[key] = odd;
      }
    }
    return stored as { type: EventType; data: unknown; metadata: unknown };
  });

describe('soundCheck', () => {
  it('answers as `is` and hasOnlyKnownFields together, for every event type and the metadata', () => {
    fc.assert(
      fc.property(changedArb, fc.constantFrom(...eventTypes), (stored, asType) => {
        // each stored event against its own codec and, now and then, another's
        for (const type of [stored.type, asType]) {
          const codec = eventCodecs[type] as unknown as t.Any;
          const event = { type: stored.type, data: stored.data };
          const expected = oracle(codec)(event);
          expect(soundCheck(codec)(event)).toBe(expected);
          expect(soundCheckByClosures(codec)(event)).toBe(expected);
        }
        const expected = oracle(EventMetadata)(stored.metadata);
        expect(soundCheck(EventMetadata)(stored.metadata)).toBe(expected);
        expect(soundCheckByClosures(EventMetadata)(stored.metadata)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('answers for codecs it has no closure for, and for values that are not JSON, as the oracle does', () => {
    const Point = t.intersection([t.type({ x: t.number }), t.partial({ label: NonEmptyString })]);
    const Overlapping = t.intersection([t.type({ x: t.number }), t.type({ x: t.number, y: t.string })]);
    const codecs: t.Any[] = [Point, Overlapping, t.record(t.string, t.number), t.union([Point, t.null]), t.readonlyArray(Point), t.exact(t.type({ a: t.string })), t.tuple([t.string, t.number])];
    class Custom {
      x = 1;
    }
    const tagged = { x: 1, [Symbol.toStringTag]: 'Tagged' };
    const values: unknown[] = [{ x: 1 }, { x: 1, label: 'a' }, { x: 1, label: '' }, { x: 1, z: 2 }, { x: 1, y: 'b' }, Object.assign(Object.create(null), { x: 1 }), new Custom(), tagged, new Date(0), [{ x: 1 }], ['a', 1], null, { a: 'b' }, { a: 'b', c: 1 }];
    for (const codec of codecs) {
      for (const value of values) {
        const expected = { codec: codec.name, value, sound: oracle(codec)(value) };
        expect({ codec: codec.name, value, sound: soundCheck(codec)(value) }).toEqual(expected);
        expect({ codec: codec.name, value, sound: soundCheckByClosures(codec)(value) }).toEqual(expected);
      }
    }
  });

  it('is generated code for the codecs of stored events, and closures where code generation is refused', () => {
    const codec = t.type({ type: t.literal('Noted'), data: t.type({ at: NonEmptyString, tags: t.array(t.keyof({ a: null, b: null })) }) });
    const sound = { type: 'Noted', data: { at: 'now', tags: ['a', 'b'] } };
    const unsound = { type: 'Noted', data: { at: 'now', tags: ['c'] } };
    expect(generatedSoundCheck(codec)?.(sound)).toBe(true);
    expect(generatedSoundCheck(codec)?.(unsound)).toBe(false);
    const generate = globalThis.Function;
    globalThis.Function = function refused(): never {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    try {
      expect(generatedSoundCheck(codec)).toBeUndefined();
      const fresh = t.type({ type: t.literal('Noted'), data: t.type({ at: NonEmptyString, tags: t.array(t.keyof({ a: null, b: null })) }) });
      expect([soundCheck(fresh)(sound), soundCheck(fresh)(unsound)]).toEqual([true, false]);
    } finally {
      globalThis.Function = generate;
    }
  });
});
