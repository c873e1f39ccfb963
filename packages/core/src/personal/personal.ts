/**
 * Personal data in events (C5, UK GDPR): which fields hold it, and the three forms such a field
 * takes. Stored, a personal field is plain text (events written before sealing existed) or
 * `Sealed`: encrypted under its data subject's key by the application layer (app/sealing.ts),
 * so the chain, `verify`, the SLA and the monitoring report work on ciphertext without any key.
 * Read, it is plain text again (the key is there), still `Sealed` (no key store was given), or
 * `Withheld`: erased (the key was deleted) or redacted (the reader's role may not see it).
 * Pure: no crypto here, only the shapes and where they are.
 *
 * @example
 * personalText({ withheld: 'erased' }); // '[erased]'
 * personalPathsOf({ type: 'ThirdPartyAuthorised', data }); // ['party.name', 'party.contact']
 */
import * as t from 'io-ts';
import { NonEmptyString } from '../shared/codecs.js';

/** The one cipher sealed values use. */
export const SEALING_ALGORITHM = 'aes-256-gcm';

/**
 * A personal field encrypted under its data subject's key: AES-256-GCM, a fresh 12-byte nonce
 * (`iv`), the event id and the field's path as associated data. `ref` is a keyed digest of the
 * plain text (HMAC-SHA256 under the same key), so two fields naming the same person compare equal
 * without the key, and nothing can be learnt from it once the key is gone.
 */
export const Sealed = t.exact(
  t.type({
    sealed: t.literal(SEALING_ALGORITHM),
    /** The data subject whose key sealed it (`subjectOf`). */
    subject: NonEmptyString,
    /** base64 of the 12-byte nonce, the ciphertext and the 16-byte tag. */
    iv: NonEmptyString,
    ct: t.string,
    tag: NonEmptyString,
    ref: NonEmptyString,
  }),
  'Sealed',
);
export type Sealed = t.TypeOf<typeof Sealed>;

/** Why a reader does not see a personal field: its key was deleted, or its role may not see it. */
export const WithheldReason = t.keyof({ erased: null, redacted: null }, 'WithheldReason');
export type WithheldReason = t.TypeOf<typeof WithheldReason>;

/** A personal field a reader does not see; `ref` (when known) still tells the same person apart. */
export const Withheld = t.exact(t.intersection([t.type({ withheld: WithheldReason }), t.partial({ ref: NonEmptyString })]), 'Withheld');
export type Withheld = t.TypeOf<typeof Withheld>;

/** A personal field of an event: plain text, sealed, or withheld. */
export const Personal = t.union([NonEmptyString, Sealed, Withheld], 'Personal');
export type Personal = t.TypeOf<typeof Personal>;

/** A personal free text that may be empty (`desiredOutcome`). */
export const PersonalText = t.union([t.string, Sealed, Withheld], 'PersonalText');
export type PersonalText = t.TypeOf<typeof PersonalText>;

/** Whether a value is a sealed personal field. */
export const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' && value !== null && (value as { sealed?: unknown }).sealed === SEALING_ALGORITHM;

/** Whether a value is a withheld personal field. */
export const isWithheld = (value: unknown): value is Withheld =>
  typeof value === 'object' && value !== null && typeof (value as { withheld?: unknown }).withheld === 'string';

/** The marker shown in place of a field a reader does not see. */
export const ERASED_TEXT = '[erased]';
export const REDACTED_TEXT = '[redacted]';
export const SEALED_TEXT = '[sealed]';

/** A personal field as text for people: itself when plain, else `[erased]`, `[redacted]` or `[sealed]`. */
export const personalText = (value: PersonalText | undefined): string =>
  value === undefined ? '' : typeof value === 'string' ? value : isSealed(value) ? SEALED_TEXT : value.withheld === 'erased' ? ERASED_TEXT : REDACTED_TEXT;

/**
 * Whether two personal fields name the same thing: plain texts by equality, sealed or withheld
 * ones by their `ref` (a field without one matches nothing but itself).
 */
export const samePersonal = (a: PersonalText | undefined, b: PersonalText | undefined): boolean => {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a === b) return true;
  return a.ref !== undefined && a.ref === b.ref;
};

/**
 * The data subject of a complaint's personal data: its complainant, one per complaint (the
 * complaint is the only identity the log has for a person). Third parties named on a complaint act
 * for its complainant and are sealed, and erased, with the complainant's data.
 */
export const subjectOf = (complaintId: string): string => `complainant:${complaintId}`;

/** The complaint a subject id belongs to, if it is one `subjectOf` made. */
export const complaintOfSubject = (subject: string): string | undefined => (subject.startsWith('complainant:') ? subject.slice('complainant:'.length) : undefined);

/** Paths (dotted, within `data`) of the personal fields of each event type; the free texts only when the event says so. */
const ALWAYS: Readonly<Record<string, readonly string[]>> = {
  ComplaintReceived: ['complainant.name', 'complainant.email', 'complainant.phone', 'complainant.postalAddress'],
  ThirdPartyAuthorised: ['party.name', 'party.contact', 'evidence'],
  ThirdPartyAuthorisationWithdrawn: ['partyName'],
  ComplaintAcknowledged: ['partyName'],
  ResponseIssued: ['partyName'],
  CorrespondenceReceived: ['partyName'],
  CorrespondenceSent: ['partyName'],
};
/** Free texts a command may mark as personal (`personalText: true`, kept on the event). */
const MARKED: Readonly<Record<string, readonly string[]>> = {
  ComplaintReceived: ['summary', 'desiredOutcome'],
  CorrespondenceReceived: ['summary'],
  CorrespondenceSent: ['summary'],
};

/** The event types that have personal fields (for the command boundary: complaint/personal-input.ts). */
export const personalEventTypes: readonly string[] = [...new Set([...Object.keys(ALWAYS), ...Object.keys(MARKED)])];

/** Every path a personal field of an event type can have (for the catalogue and the laws). */
export const personalPathsOfType = (type: string): readonly string[] => [...(ALWAYS[type] ?? []), ...(MARKED[type] ?? [])];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The personal paths an event's data has: its fields that are personal and present. */
export const personalPathsOf = (event: { readonly type: string; readonly data: unknown }): readonly string[] => {
  if (!isRecord(event.data)) return [];
  const marked = event.data['personalText'] === true ? (MARKED[event.type] ?? []) : [];
  return [...(ALWAYS[event.type] ?? []), ...marked].filter((path) => valueAt(event.data, path) !== undefined);
};

const valueAt = (data: unknown, path: string): unknown => path.split('.').reduce<unknown>((v, key) => (isRecord(v) ? v[key] : undefined), data);

const withValueAt = (data: Record<string, unknown>, [key, ...rest]: readonly string[], value: unknown): Record<string, unknown> =>
  rest.length === 0 ? { ...data, [key!]: value } : { ...data, [key!]: withValueAt(isRecord(data[key!]) ? (data[key!] as Record<string, unknown>) : {}, rest, value) };

/**
 * The event with each personal field replaced by `change(value, path)` (new objects; the event is
 * not touched). A field whose value `change` returns unchanged is kept as it was.
 */
export const mapPersonal = <E extends { readonly type: string; readonly data: unknown }>(event: E, change: (value: unknown, path: string) => unknown): E => {
  const paths = personalPathsOf(event);
  if (paths.length === 0) return event;
  let data = event.data as Record<string, unknown>;
  for (const path of paths) {
    const before = valueAt(data, path);
    const after = change(before, path);
    if (after !== before) data = withValueAt(data, path.split('.'), after);
  }
  return data === event.data ? event : { ...event, data };
};

/** The personal fields of an event, with their paths. */
export const personalFieldsOf = (event: { readonly type: string; readonly data: unknown }): readonly { readonly path: string; readonly value: unknown }[] =>
  personalPathsOf(event).map((path) => ({ path, value: valueAt(event.data, path) }));
