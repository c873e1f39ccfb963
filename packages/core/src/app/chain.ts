/**
 * The hash chain: every event's metadata carries `digest`, SHA-256 over the event's canonical JSON
 * (type, data and metadata with keys sorted at every depth and no whitespace, the `digest` field
 * itself left out), and `previousDigest`, the digest of the event before it in its stream. A
 * stream's first event has no `previousDigest`. An event that follows events written before the
 * chain existed links to them through the digest of that unchained prefix (`unchainedPrefixDigest`).
 *
 * The anchor is a second chain, store-wide: each append adds an entry naming the stream, the
 * revision and the digest of the batch's last event, linked to the entry before it. It is what
 * shows a stream's last events, or a whole stream, removed. See docs/tamper-evidence.md.
 *
 * @example
 * const chained = chainEnvelopes(envelopes, previousDigest); // each with metadata.digest and metadata.previousDigest
 * contentDigest({ type, data, metadata }) === chained[0].metadata.digest; // what verify recomputes from the stored JSON
 */
import { hash } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import { NonEmptyString } from '../shared/codecs.js';
import { canonicalJson, canonicalObject, canonicalOfWritten } from '../shared/canonical-json.js';
import { frozenPlainCopy } from '../shared/plain-json.js';

const sha256 = (text: string): string => `sha256:${hash('sha256', text, 'hex')}`;

/** An event as stored: its type, data and metadata as plain JSON values. */
export interface StoredContent {
  readonly type: unknown;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * The digest of a stored event: SHA-256 over the canonical JSON of `{ type, data, metadata }`,
 * the metadata's own `digest` field left out. Computed over what is stored, never over a decoded
 * or upcast event, so a reader that upgrades old events changes what it sees, never the chain.
 */
export const contentDigest = (stored: StoredContent): string => sha256(contentText(stored));

/**
 * The canonical JSON a content digest is over, written out: the keys in canonical order (data,
 * metadata, type), each left out when undefined, the metadata's `digest` left out. What
 * `canonicalJson({ type, data, metadata: metadata without digest })` writes (a property holds the
 * two equal), without copying the metadata to leave its digest out: every event stored and every
 * event verified is hashed.
 */
export const contentText = (stored: StoredContent): string => {
  const { type, data, metadata } = stored;
  let text = '{';
  if (data !== undefined) text += `"data":${canonicalJson(data)}`;
  if (metadata !== undefined) {
    if (text.length > 1) text += ',';
    text += `"metadata":${typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? canonicalObject(metadata, 'digest') : canonicalJson(metadata)}`;
  }
  if (type !== undefined) {
    if (text.length > 1) text += ',';
    text += `"type":${canonicalJson(type)}`;
  }
  return `${text}}`;
};

/**
 * The content digest of an event a store is about to write, from the JSON text it writes
 * (`JSON.stringify` of the event given) and that text parsed back: what `contentDigest` gives
 * for the parsed event (a property holds the two equal), reusing the text where it is already
 * canonical, as the hash chain writes events, instead of writing it again.
 */
export const writtenContentDigest = (type: string, dataText: string, data: unknown, metadataText: string, metadata: unknown): string =>
  sha256(contentTextOfParts(canonicalOfWritten(dataText, data), canonicalOfWritten(metadataText, metadata, 'digest'), JSON.stringify(type)));

/** The content text (contentText) from the canonical JSON of each part, the metadata's without its digest. */
const contentTextOfParts = (data: string, metadata: string, type: string): string => `{"data":${data},"metadata":${metadata},"type":${type}}`;

/**
 * The link from a stream's first chained event to the events stored before the chain existed:
 * SHA-256 over the canonical JSON of `{ unchained: [digest of each, in revision order] }`. It
 * makes every one of those events part of the chain from then on.
 */
export const unchainedPrefixDigest = (digests: readonly string[]): string => sha256(canonicalJson({ unchained: digests }));

/** The `digest` a stored metadata object claims, if it claims one as a string. */
export const claimedDigest = (metadata: unknown): string | undefined => stringField(metadata, 'digest');

/** The `previousDigest` a stored metadata object claims, if any. */
export const claimedPreviousDigest = (metadata: unknown): string | undefined => stringField(metadata, 'previousDigest');

const stringField = (value: unknown, key: string): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
};

// Envelopes chainEnvelopes made from plain JSON: deep-frozen copies, each with the digest of its
// content. A store's encodeForStore takes the digest from here instead of parsing the envelope's
// JSON text back to hash it again: the text of a frozen plain copy parses back equal to it.
const chainedDigests = new WeakMap<object, string>();

/** The content digest `chainEnvelopes` worked out for an envelope it made (frozen, plain JSON), if it made this one. */
export const chainedDigestOf = (envelope: ComplaintEnvelope): string | undefined => chainedDigests.get(envelope);

/**
 * Chains a batch onto its stream: the first event links to `previous` (none on a new stream),
 * each next one to the one before it. Any digest fields the envelopes carried are replaced. An
 * envelope of plain JSON values comes back as a deep-frozen copy (the input is not changed).
 */
export const chainEnvelopes = (envelopes: readonly ComplaintEnvelope[], previous: string | undefined): ComplaintEnvelope[] => {
  const chained: ComplaintEnvelope[] = [];
  let link = previous;
  for (const envelope of envelopes) {
    // every field but the two links, then the new link (a loop: object rest is slow in V8)
    const metadata: Record<string, unknown> = {};
    const given = envelope.metadata as Record<string, unknown>;
    for (const key of Object.keys(given)) if (key !== 'digest' && key !== 'previousDigest') metadata[key] = given[key];
    if (link !== undefined) metadata.previousDigest = link;
    // hashed as copied: every field read once, so what is hashed is what is stored. Each part is
    // copied with its keys in canonical order; the metadata is left open for the digest.
    const type = frozenPlainCopy(envelope.type);
    const data = type === undefined ? undefined : frozenPlainCopy(envelope.data);
    const copied = data === undefined ? undefined : frozenPlainCopy(metadata, true);
    if (type === undefined || data === undefined || copied === undefined) {
      const digest = contentDigest({ type: envelope.type, data: envelope.data, metadata }) as NonEmptyString;
      chained.push({ ...envelope, metadata: { ...metadata, digest } } as ComplaintEnvelope);
      link = digest;
      continue;
    }
    // the copied metadata has no digest field yet: this is the content digest's text (contentText)
    const digest = sha256(contentTextOfParts(data.canonical, copied.canonical, type.canonical)) as NonEmptyString;
    const copiedMetadata = copied.copy;
    copiedMetadata.digest = digest;
    Object.freeze(copiedMetadata);
    // the envelope in the order every reader builds it
    const made = Object.freeze({ type: type.copy, data: data.copy, metadata: copiedMetadata }) as ComplaintEnvelope;
    chainedDigests.set(made, digest);
    chained.push(made);
    link = digest;
  }
  return chained;
};

/** One entry of the store-wide anchor: a batch's last event, and the entry before it. */
export const AnchorEntry = t.intersection(
  [
    t.type({
      streamId: NonEmptyString,
      /** The revision of the batch's last event. */
      revision: t.number,
      /** That event's digest (for an event written without one: its content digest). */
      digest: NonEmptyString,
      /** This entry's own digest: SHA-256 over the other fields. */
      anchor: NonEmptyString,
    }),
    // absent on the first entry
    t.partial({ previous: NonEmptyString }),
  ],
  'AnchorEntry',
);
export type AnchorEntry = t.TypeOf<typeof AnchorEntry>;

/** The digest of an anchor entry: over its stream, revision, event digest and the previous entry's digest. */
export const anchorDigest = (entry: { readonly streamId: string; readonly revision: number; readonly digest: string; readonly previous?: string | undefined }): string =>
  sha256(anchorText(entry));

/**
 * The canonical JSON of an anchor entry's fields, written out: the keys in canonical order
 * (digest, previous, revision, streamId), `previous` left out when there is none. What
 * `canonicalJson` writes for them (a property holds the two equal), without its general walk:
 * every append makes an entry.
 */
export const anchorText = (entry: { readonly streamId: string; readonly revision: number; readonly digest: string; readonly previous?: string | undefined }): string =>
  `{"digest":${JSON.stringify(entry.digest)},${entry.previous === undefined ? '' : `"previous":${JSON.stringify(entry.previous)},`}"revision":${JSON.stringify(entry.revision)},"streamId":${JSON.stringify(entry.streamId)}}`;

/** The next anchor entry after `previous` (the store's last entry, none on a new store). */
export const nextAnchorEntry = (previous: string | undefined, streamId: string, revision: number, digest: string): AnchorEntry => {
  // one object in one of two shapes, no spreads: every append makes one
  const anchor = anchorDigest({ streamId, revision, digest, previous }) as NonEmptyString;
  return (
    previous === undefined
      ? { streamId, revision, digest, anchor }
      : { streamId, revision, digest, previous, anchor }
  ) as AnchorEntry;
};

/** Decodes a stored anchor entry; never throws. */
export const decodeAnchorEntry = (value: unknown): E.Either<t.Errors, AnchorEntry> => AnchorEntry.decode(value);
