import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { envelopesFor } from '@cim-complaints/testing/vitest';
import { decodeEvent, type ComplaintEnvelope } from '../complaint/envelope.js';
import { chainEnvelopes } from './chain.js';
import type { RecordedEvent } from './event-store.js';
import { buildInMemoryEventStore } from './in-memory-event-store.js';
import { encodeForStore } from './stored-event.js';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const read = async (store: ReturnType<typeof buildInMemoryEventStore>['store'], streamId: string): Promise<readonly RecordedEvent[]> =>
  right(await store.readStream(streamId)()).events;

/** Every object in a value, the value included. */
const objectsIn = (value: unknown): object[] =>
  typeof value === 'object' && value !== null ? [value, ...Object.values(value).flatMap(objectsIn)] : [];

describe('in-memory event store', () => {
  describe('when events have been written', () => {
    it('reads back exactly what a decode of its stored text gives', async () => {
      const { store, rows } = buildInMemoryEventStore();
      const envelopes = envelopesFor('c-1', 3);
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopes.slice(0, 1))());
      right(await store.appendToStream('complaint-c-1', 0, chainEnvelopes(envelopes.slice(1), undefined))());
      const fromText = rows().map((row) => right(decodeEvent(JSON.parse(row.json))));
      expect((await read(store, 'complaint-c-1')).map((e) => e.event)).toEqual(fromText);
    });

    it('gives as its raw text exactly the text encodeForStore wrote', async () => {
      const { store, rows } = buildInMemoryEventStore();
      const envelopes = chainEnvelopes(envelopesFor('c-1', 3), undefined);
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopes)());
      const written = right(encodeForStore('complaint-c-1', envelopes));
      expect(rows().map((row) => row.json)).toEqual(written.map((e) => `{"type":${JSON.stringify(e.type)},"data":${e.data},"metadata":${e.metadata}}`));
      expect(right(await store.readRawStream('complaint-c-1')()).map(({ type, data, metadata }) => ({ type, data, metadata }))).toEqual(
        written.map(({ type, data, metadata }) => ({ type, data, metadata })),
      );
    });

    it('hands out events nobody can change, through a read or through what they appended', async () => {
      const { store } = buildInMemoryEventStore();
      const [receipt, letter] = envelopesFor('c-1', 2);
      const [chained] = chainEnvelopes([letter!], undefined);
      right(await store.appendToStream('complaint-c-1', 'no-stream', [receipt!])());
      right(await store.appendToStream('complaint-c-1', 0, [chained!])());
      const before = structuredClone(await read(store, 'complaint-c-1'));

      // the caller's own envelopes are not what is kept; what chainEnvelopes made cannot be changed at all
      (receipt!.data as { complainant: { name: string } }).complainant.name = 'Changed';
      expect(() => {
        (chained!.data as { summary: string }).summary = 'Changed';
      }).toThrow(TypeError);
      const events = await read(store, 'complaint-c-1');
      for (const part of events.flatMap(objectsIn)) expect(Object.isFrozen(part)).toBe(true);
      expect(() => {
        (events[1]!.event.data as { summary: string }).summary = 'Changed';
      }).toThrow(TypeError);
      expect(await read(store, 'complaint-c-1')).toEqual(before);
    });

    it('hands each reader its own list of events', async () => {
      const { store } = buildInMemoryEventStore();
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 2))());
      const first = right(await store.readStream('complaint-c-1')());
      (first.events as RecordedEvent[]).pop();
      expect(await read(store, 'complaint-c-1')).toHaveLength(2);
    });
  });

  describe('when rows are planted or rewritten through the testing hooks', () => {
    it('reads a planted row from its text', async () => {
      const { store, appendRaw } = buildInMemoryEventStore();
      const [receipt] = envelopesFor('c-1', 1);
      appendRaw('complaint-c-1', JSON.stringify(receipt));
      const events = await read(store, 'complaint-c-1');
      expect(events.map((e) => e.event)).toEqual([receipt]);
      for (const part of events.flatMap(objectsIn)) expect(Object.isFrozen(part)).toBe(true);
    });

    it('reads a rewritten row as rewritten, never as the event it kept before', async () => {
      const { store, rows, rewriteRows } = buildInMemoryEventStore();
      right(await store.appendToStream('complaint-c-1', 'no-stream', envelopesFor('c-1', 2))());
      await read(store, 'complaint-c-1');
      const edited = rows().map((row) => (row.revision === 1 ? { ...row, json: row.json.replace('Letter 1', 'Letter 9') } : row));
      rewriteRows(edited);
      const events = await read(store, 'complaint-c-1');
      expect((events[1]!.event.data as { summary: string }).summary).toBe('Letter 9');
      expect(Object.keys(rows()[0]!).sort()).toEqual(['eventId', 'json', 'position', 'revision', 'streamId']);
    });
  });

  describe('when an event would not read back', () => {
    it('refuses it even after the chain, and holds nothing', async () => {
      const { store } = buildInMemoryEventStore();
      const [receipt, letter] = envelopesFor('c-1', 2);
      const poisoned = { ...letter!, data: { ...letter!.data, summary: Infinity } } as unknown as ComplaintEnvelope;
      const appended = await store.appendToStream('complaint-c-1', 'no-stream', chainEnvelopes([receipt!, poisoned], undefined))();
      expect(appended).toMatchObject(E.left({ kind: 'invalid-write', streamId: 'complaint-c-1' }));
      expect(await read(store, 'complaint-c-1')).toEqual([]);
    });
  });
});
