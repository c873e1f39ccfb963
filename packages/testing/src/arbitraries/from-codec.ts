/**
 * Stored events of every type, built by walking the io-ts codecs themselves, with values as odd
 * as a caller could send (all of Unicode, numbers from every corner of the doubles, instants at
 * every offset) and now and then one the codec refuses. A new event type or field is covered
 * the day it is added. For the law that a store holds an event exactly as given, or not at all.
 *
 * @example
 * fc.assert(fc.asyncProperty(oddEnvelopeArb('c-1'), async (envelope) => { ... }));
 */
import * as fc from 'fast-check';
import type * as t from 'io-ts';
import { eventCodecs, eventIdFor, EVENT_SCHEMA_VERSION, type CodecNode, type ComplaintEnvelope, type EventType } from '@cim-complaints/core';
import { oddInstantArb, oddNumberArb, oddTextArb } from './odd-commands.js';


const byName: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  Instant: oddInstantArb(),
  LocalDate: fc.constantFrom('2025-06-30', '2024-02-29', '2025-02-29', '2025-6-1'),
  Count: oddNumberArb,
  NonEmptyString: oddTextArb,
};

/** An arbitrary for any value of an io-ts codec (objects, arrays, keyofs, literals, brands, intersections). */
export const arbitraryOf = (codec: t.Any): fc.Arbitrary<unknown> => {
  const node = codec as unknown as CodecNode;
  const named = byName[node.name];
  if (named !== undefined) return named;
  switch (node._tag) {
    case 'InterfaceType':
      return fc.record(Object.fromEntries(Object.entries(node.props ?? {}).map(([k, v]) => [k, arbitraryOf(v as unknown as t.Any)])));
    case 'PartialType':
      return fc.record(Object.fromEntries(Object.entries(node.props ?? {}).map(([k, v]) => [k, arbitraryOf(v as unknown as t.Any)])), { requiredKeys: [] });
    case 'IntersectionType':
      return fc.tuple(...(node.types ?? []).map((m) => arbitraryOf(m as unknown as t.Any))).map((parts) => Object.assign({}, ...(parts as object[])) as unknown);
    case 'ExactType':
    case 'ReadonlyType':
    case 'RefinementType':
      return arbitraryOf(node.type as unknown as t.Any);
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return fc.array(arbitraryOf(node.type as unknown as t.Any), { maxLength: 3 });
    case 'KeyofType':
      return fc.constantFrom(...Object.keys(node.keys ?? {}));
    case 'LiteralType':
      return fc.constant(node.value);
    case 'UnionType':
      return fc.oneof(...(node.types ?? []).map((m) => arbitraryOf(m as unknown as t.Any)));
    case 'StringType':
      return oddTextArb;
    case 'NumberType':
      return oddNumberArb;
    case 'BooleanType':
      return fc.boolean();
    default:
      throw new Error(`arbitraryOf: no arbitrary for ${node._tag ?? node.name}`);
  }
};

/** An envelope of one event type (any, by default) for a complaint, as odd as its codec lets a caller make it. */
export const oddEnvelopeArb = (complaintId: string, type?: EventType): fc.Arbitrary<ComplaintEnvelope> =>
  (type === undefined ? fc.constantFrom(...(Object.keys(eventCodecs) as EventType[])) : fc.constant(type)).chain((eventType) =>
    fc
      .record({
        event: arbitraryOf(eventCodecs[eventType] as unknown as t.Any) as fc.Arbitrary<{ type: EventType; data: Record<string, unknown> }>,
        commandId: fc.uuid(),
        actor: fc.record({ id: oddTextArb, role: oddTextArb }),
        at: oddInstantArb(),
      })
      .map(
        ({ event, commandId, actor, at }) =>
          ({
            type: event.type,
            data: { ...event.data, complaintId },
            metadata: {
              eventId: eventIdFor(commandId, 0),
              commandId,
              correlationId: commandId,
              actor,
              occurredAt: at,
              recordedAt: '2025-06-30T12:00:00Z',
              schemaVersion: EVENT_SCHEMA_VERSION,
              policy: 'CX097-V4',
            },
          }) as unknown as ComplaintEnvelope,
      ),
  );
