/**
 * The stored form of an event: `{ type, data, metadata }`. Metadata is extensible: fields
 * this version does not know (a hash chain, an encryption key id) survive decoding untouched.
 * Event ids derive from the command id and the event's index, so a retried command produces
 * the same ids and a store can tell a retry from a new write.
 *
 * @example
 * const stored = toEnvelopes(command, events, { recordedAt: '2025-02-03T10:00:01Z', policy: 'CX097-V4' });
 * stored[0].metadata.eventId; // the same UUID every time this command is decided
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Actor, Instant, NonEmptyString } from '../shared/codecs.js';
import { describeValue, kindOf, validationProblems, type Problem, type ProblemOptions } from '../shared/errors.js';
import { soundCheck } from '../shared/sound.js';
import { uuidV5 } from '../shared/uuid.js';
import { EVENT_SCHEMA_VERSION, eventCodecs, eventTypes, isEventType, type ComplaintEvent } from './events.js';
import type { ComplaintCommand } from './commands.js';
import { upcastStored } from './upcast.js';

export const EventMetadata = t.intersection(
  [
    t.type({
      eventId: NonEmptyString,
      /** The command that caused the event (causation). */
      commandId: NonEmptyString,
      correlationId: NonEmptyString,
      actor: Actor,
      /** When it happened in the world: the command's `at`. */
      occurredAt: Instant,
      /** When the application recorded it. */
      recordedAt: Instant,
      schemaVersion: t.number,
      /** The policy version the complaint is judged under (C18). */
      policy: NonEmptyString,
    }),
    t.partial({
      /** SHA-256 of the command's canonical JSON: a retry must carry the same body (see command-digest.ts). */
      commandDigest: NonEmptyString,
      /** Set by a reader, never stored: the schema version the event was stored under, when it was upcast (upcast.ts). */
      upcastFrom: t.number,
      /** `sha256:<hex>` over the event's canonical JSON, this field left out: the link of its stream's hash chain (app/chain.ts). */
      digest: NonEmptyString,
      /** The digest of the event before it in its stream (absent on a stream's first event; see docs/tamper-evidence.md). */
      previousDigest: NonEmptyString,
    }),
  ],
  'EventMetadata',
);
export type EventMetadata = t.TypeOf<typeof EventMetadata>;

/** An event as stored: the event and its metadata. */
export type ComplaintEnvelope = ComplaintEvent & { readonly metadata: EventMetadata };

/** The namespace of this library's v5 event ids. */
export const EVENT_ID_NAMESPACE = '6f0c6bd4-5d0e-4c55-9f3a-2b3f4a4e8c11';

/** The id of the `index`-th event a command produced: the same for every retry of the command. */
export const eventIdFor = (commandId: string, index: number): string => uuidV5(`${commandId}#${index}`, EVENT_ID_NAMESPACE);

export interface EnvelopeContext {
  /** When the application records the events (read from its clock, never the core's). */
  readonly recordedAt: string;
  readonly policy: string;
  /** Defaults to the command id: a command starts its own correlation. */
  readonly correlationId?: string;
  /** The digest of the command's body, so a reused command id with another body is recognised. */
  readonly commandDigest?: string;
}

/** Wraps the events a command produced in their stored envelopes. */
export const toEnvelopes = (
  command: ComplaintCommand,
  events: readonly ComplaintEvent[],
  context: EnvelopeContext,
): ComplaintEnvelope[] =>
  events.map((event, index) => {
    // written field by field, no spreads: every event written passes here
    const metadata: { -readonly [K in keyof EventMetadata]: EventMetadata[K] } = {
      eventId: eventIdFor(command.commandId, index) as NonEmptyString,
      commandId: command.commandId,
      correlationId: (context.correlationId ?? command.commandId) as NonEmptyString,
      actor: command.actor,
      occurredAt: command.at,
      recordedAt: context.recordedAt as Instant,
      schemaVersion: EVENT_SCHEMA_VERSION,
      policy: context.policy as NonEmptyString,
    };
    if (context.commandDigest !== undefined) metadata.commandDigest = context.commandDigest as NonEmptyString;
    return { type: event.type, data: event.data, metadata } as ComplaintEnvelope;
  });

const prefixed = (prefix: string) => (problems: Problem[]): Problem[] =>
  problems.map((p) => ({ ...p, path: p.path === '' ? prefix : `${prefix}.${p.path}` }));

// each event type's compiled check of its data, made at its first use (a command that reads no event pays nothing)
const soundData: Partial<Record<ComplaintEvent['type'], (value: unknown) => boolean>> = {};
let soundMetadata: ((value: unknown) => boolean) | undefined;

/**
 * Whether `data` and `metadata` of an event of `type` decode to themselves: what a sound check of
 * `{ type, data }` against the event's codec answers (every event codec is `{ type: literal, data }`,
 * events.ts), without building that object.
 */
const isSound = (type: ComplaintEvent['type'], data: unknown, metadata: unknown): boolean =>
  (soundData[type] ??= soundCheck(eventCodecs[type].props.data as unknown as t.Any))(data) && (soundMetadata ??= soundCheck(EventMetadata))(metadata);

/** A sound event's envelope: its own parts, nothing copied. */
const soundEnvelope = (type: ComplaintEvent['type'], data: unknown, metadata: unknown): ComplaintEnvelope => {
  // Built field by field from an empty object: a literal with fields is a site V8 may decide to
  // allocate in the old generation once callers keep its events (see decodeStored in
  // app/stored-event.ts), and a replay's events would then all outlive their collection.
  const sound = {} as { type: unknown; data: unknown; metadata: unknown };
  sound.type = type;
  sound.data = data;
  sound.metadata = metadata;
  return sound as ComplaintEnvelope;
};

/**
 * Whether a stored event is of the current schema version and decodes to itself: what
 * `decodeEvent` answers for it is its own parts, nothing copied.
 */
export const isSoundStoredEvent = (type: unknown, data: unknown, metadata: unknown): type is ComplaintEvent['type'] =>
  isEventType(type) &&
  typeof metadata === 'object' &&
  metadata !== null &&
  (metadata as { readonly schemaVersion?: unknown }).schemaVersion === EVENT_SCHEMA_VERSION &&
  isSound(type, data, metadata);

/**
 * A stored event of the current schema version that decodes to itself, as its envelope, which is
 * what `decodeEvent` answers for it, without the objects `decodeEvent` builds on the way: nearly
 * every event a store reads. Undefined for anything else, which `decodeEvent` reads or names.
 */
export const soundStoredEvent = (type: unknown, data: unknown, metadata: unknown): ComplaintEnvelope | undefined =>
  isSoundStoredEvent(type, data, metadata) ? soundEnvelope(type, data, metadata) : undefined;

/**
 * Decodes one stored event `{ type, data, metadata }`. Never throws; a Left names every bad path
 * (`data.complainant.name`, `metadata.occurredAt`). Stores pass `{ showValues: false }`: what is
 * stored may be personal data, so their messages name paths, not values.
 */
export const decodeEvent = (input: unknown, options: ProblemOptions = {}): E.Either<Problem[], ComplaintEnvelope> => {
  const show = (options.showValues ?? true) ? describeValue : kindOf;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return E.left([{ path: '', message: `expected a stored event object, got ${show(input)}` }]);
  }
  const stored = input as { type?: unknown; data?: unknown; metadata?: unknown };
  if (!isEventType(stored.type)) {
    return E.left([{ path: 'type', message: `expected one of ${eventTypes.join(', ')}, got ${show(stored.type)}` }]);
  }
  const sound = soundStoredEvent(stored.type, stored.data, stored.metadata);
  if (sound !== undefined) return E.right(sound);
  // an event of an older schema is read as this version reads it; what is stored is not touched
  const given = { type: stored.type, data: stored.data, metadata: stored.metadata };
  const current = upcastStored(given);
  if (E.isLeft(current)) return current;
  const { data, metadata } = current.right;
  const type = stored.type;
  // A sound event: `is` holds and no field is unknown (one compiled pass, sound.ts), so decoding
  // would return it unchanged (a property test holds the two paths equal); skip building the copy.
  // An event read as stored was checked above (soundStoredEvent); an upcast one is checked here.
  if (current.right !== given && isSound(type, data, metadata)) return E.right(soundEnvelope(type, data, metadata));
  const codec = eventCodecs[type] as unknown as t.Decoder<unknown, ComplaintEvent> & t.Any;
  const event = { type, data };
  const eventResult = codec.decode(event);
  const metadataResult = EventMetadata.decode(metadata);
  const problems = [
    ...(E.isLeft(eventResult) ? validationProblems(eventResult.left, options) : []),
    ...(E.isLeft(metadataResult) ? prefixed('metadata')(validationProblems(metadataResult.left, options)) : []),
  ];
  if (E.isLeft(eventResult) || E.isLeft(metadataResult)) return E.left(problems);
  return E.right({ ...eventResult.right, metadata: metadataResult.right });
};

/** The plain JSON of an envelope, for stores: what `decodeEvent` reads back. */
export const encodeEvent = (envelope: ComplaintEnvelope): { type: string; data: unknown; metadata: unknown } => ({
  type: envelope.type,
  data: envelope.data,
  metadata: envelope.metadata,
});
