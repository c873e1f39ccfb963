/**
 * Schema evolution without migration: a stored event keeps the shape its version wrote
 * (`metadata.schemaVersion`), and a reader upcasts it, step by step, to the shape this version
 * decodes. Stored data is never rewritten, so what was stored, and a digest over it, stays as it
 * was; only what a reader sees changes.
 *
 * The chain (docs/event-catalogue.md, "Schema versions"):
 * - 1 → 2: `ComplaintAcknowledged` and `ResponseIssued` gained `to`, the addressee (C4, C8);
 *   the first version wrote only letters to the complainant, so a missing `to` reads as
 *   `complainant`. Every other field version 2 added is optional, and absent in version 1.
 * - 2 → 3: personal fields may be sealed (C5); a version 2 event holds them as plain text, which
 *   version 3 still reads: nothing changes but the version.
 *
 * An upcast event's metadata reads `schemaVersion` as the current version and `upcastFrom` as
 * the version it was stored under, so a reader (and an auditor) can tell the two apart.
 *
 * @example
 * upcastStored({ type: 'ResponseIssued', data: { ... }, metadata: { schemaVersion: 1, ... } });
 * // Right({ type: 'ResponseIssued', data: { ..., to: 'complainant' }, metadata: { schemaVersion: 2, upcastFrom: 1, ... } })
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Problem } from '../shared/errors.js';
import { EVENT_SCHEMA_VERSION } from './events.js';

/** An event as stored, before decoding: its JSON. */
export interface StoredJson {
  readonly type: unknown;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** One step: reads the `data` of an event stored at version `from` as version `from + 1` would have written it. */
export interface Upcaster {
  readonly from: number;
  readonly describe: string;
  readonly upcast: (type: string, data: Readonly<Record<string, unknown>>) => Readonly<Record<string, unknown>>;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The upcasters of this version, one per schema change, in order. */
export const upcasters: readonly Upcaster[] = [
  {
    from: 1,
    describe: '`ComplaintAcknowledged` and `ResponseIssued` gained `to` (C4, C8): version 1 wrote only to the complainant, so a missing `to` reads as `complainant`; the fields version 2 added besides are optional and absent',
    upcast: (type, data) =>
      (type === 'ComplaintAcknowledged' || type === 'ResponseIssued') && !Object.prototype.hasOwnProperty.call(data, 'to')
        ? { ...data, to: 'complainant' }
        : data,
  },
  {
    from: 2,
    describe: 'personal fields (the complainant\'s name and contact details, third parties\' names and contacts, marked free texts) may be sealed under the data subject\'s key (C5), and the erasure, legal hold and subject access events were added: a version 2 event holds its personal fields as plain text, which reads unchanged',
    upcast: (_type, data) => data,
  },
];

/**
 * Reads a stored event as the current schema version: Right unchanged when it is current (or its
 * version is unreadable, which decoding then names), the upcast copy when older, and Left when it
 * was written by a newer version than this one, which cannot know what that version meant.
 * Never changes its input.
 */
export const upcastStored = (stored: StoredJson, current: number = EVENT_SCHEMA_VERSION, chain: readonly Upcaster[] = upcasters): E.Either<Problem[], StoredJson> => {
  const { type, data, metadata } = stored;
  if (!isRecord(metadata) || !isRecord(data) || typeof type !== 'string') return E.right(stored);
  const version = metadata['schemaVersion'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return E.right(stored);
  if (version === current) return E.right(stored);
  if (version > current) {
    return E.left([
      { path: 'metadata.schemaVersion', message: `the event was written by schema version ${version}; this version reads versions 1 to ${current} (upgrade the library to read it)` },
    ]);
  }
  let upcast = data;
  for (let from = version; from < current; from++) {
    const step = chain.find((u) => u.from === from);
    if (step === undefined) return E.left([{ path: 'metadata.schemaVersion', message: `no upcaster reads schema version ${from} as ${from + 1}` }]);
    upcast = step.upcast(type, upcast);
  }
  return E.right({ type, data: upcast, metadata: { ...metadata, schemaVersion: current, upcastFrom: version } });
};
