import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { encodeForStore } from '../app/stored-event.js';
import { decodeEvent } from './envelope.js';
import { EVENT_SCHEMA_VERSION } from './events.js';
import { upcastStored, type Upcaster } from './upcast.js';

const fixture = new URL('../../../testing/fixtures/first-version/store.jsonl', import.meta.url);
const firstVersion = readFileSync(fixture, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown>; metadata: Record<string, unknown>; streamId: string });
const firstOf = (type: string) => {
  const found = firstVersion.find((e) => e.type === type);
  if (found === undefined) throw new Error(`the fixture has no ${type}`);
  return { type: found.type, data: found.data, metadata: found.metadata };
};

describe('upcasting stored events', () => {
  describe('given a response stored by schema version 1 (no addressee)', () => {
    const stored = firstOf('ResponseIssued');
    const before = JSON.stringify(stored);
    const read = decodeEvent(stored);

    it('reads it as a letter to the complainant', () => {
      expect(E.isRight(read) && read.right.type === 'ResponseIssued' && read.right.data.to).toBe('complainant');
    });
    it('says in the metadata it read that it was upcast, and from which version', () => {
      expect(E.isRight(read) && read.right.metadata).toMatchObject({ schemaVersion: EVENT_SCHEMA_VERSION, upcastFrom: 1 });
    });
    it('leaves what was stored untouched', () => {
      expect(JSON.stringify(stored)).toBe(before);
      expect(stored.data).not.toHaveProperty('to');
    });
  });

  describe('given an acknowledgement stored by schema version 1', () => {
    it('reads it as sent to the complainant', () => {
      const read = decodeEvent(firstOf('ComplaintAcknowledged'));
      expect(E.isRight(read) && read.right.type === 'ComplaintAcknowledged' && read.right.data.to).toBe('complainant');
    });
  });

  describe('given events of version 1 whose shape did not change', () => {
    it('reads their data exactly as stored', () => {
      for (const type of ['ComplaintReceived', 'ComplaintAssigned', 'ComplaintClosed', 'CorrespondenceSent']) {
        const stored = firstOf(type);
        const read = decodeEvent(stored);
        expect(E.isRight(read) && read.right.data).toEqual(stored.data);
      }
    });
  });

  describe('given the whole first-version fixture store', () => {
    it('decodes every one of its events', () => {
      const failed = firstVersion.map((e, line) => ({ line: line + 1, read: decodeEvent({ type: e.type, data: e.data, metadata: e.metadata }) })).filter((r) => E.isLeft(r.read));
      expect(firstVersion.length).toBeGreaterThan(1000);
      expect(failed.map((f) => f.line)).toEqual([]);
    });
  });

  describe('given an event of the current version', () => {
    it('passes it through as the same object, without an upcastFrom', () => {
      const current = { type: 'ResponseIssued', data: { to: 'complainant' }, metadata: { schemaVersion: EVENT_SCHEMA_VERSION } };
      expect(upcastStored(current)).toEqual(E.right(current));
      expect(E.isRight(upcastStored(current)) && (upcastStored(current) as E.Right<unknown>).right).toBe(current);
    });
  });

  describe('given an event written by a newer version than this one', () => {
    it('refuses to guess, naming metadata.schemaVersion and the versions it reads', () => {
      const stored = { ...firstOf('ComplaintClosed'), metadata: { ...firstOf('ComplaintClosed').metadata, schemaVersion: EVENT_SCHEMA_VERSION + 1 } };
      const read = decodeEvent(stored);
      expect(read).toEqual(
        E.left([
          {
            path: 'metadata.schemaVersion',
            message: `the event was written by schema version ${EVENT_SCHEMA_VERSION + 1}; this version reads versions 1 to ${EVENT_SCHEMA_VERSION} (upgrade the library to read it)`,
          },
        ]),
      );
    });
  });

  describe('given a chain with a missing step', () => {
    it('says which step is missing rather than reading the event half-upcast', () => {
      const chain: Upcaster[] = [{ from: 1, describe: 'a', upcast: (_t, d) => d }];
      const result = upcastStored({ type: 'ComplaintClosed', data: {}, metadata: { schemaVersion: 1 } }, 3, chain);
      expect(result).toEqual(E.left([{ path: 'metadata.schemaVersion', message: 'no upcaster reads schema version 2 as 3' }]));
    });
  });

  describe('when a version-1 event is given to a store to write', () => {
    it('is refused: a store writes the current schema only, and would not read it back as given', () => {
      const stored = firstOf('ResponseIssued');
      const written = encodeForStore('complaint-x', [{ ...stored, metadata: stored.metadata } as never]);
      expect(E.isLeft(written) && written.left.kind).toBe('invalid-write');
    });
  });
});
