/**
 * The `KeyStore` contract (C5): one suite every key store passes (in memory, SQLite, EventStoreDB),
 * and, given an event store beside it, the personal-data round trip through `protectPersonalData`:
 * every personal field is stored sealed and reads back as written, the chain verifies over the
 * ciphertext, and erasure leaves no key and every field withheld as erased.
 *
 * @example
 * keyStoreContract('sqlite', async () => ({ keys, events: sqliteStore, reopen, teardown }));
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  createCommandHandler,
  fold,
  isSealed,
  personalFieldsOf,
  protectPersonalData,
  streamIdOf,
  subjectOf,
  verifyStore,
  type ComplaintCommand,
  type EventStore,
  type KeyStore,
} from '@cim-complaints/core';
import { commands } from '../fixtures.js';
import { CONTRACT_NOW, right, uniqueIds } from './support.js';

export interface KeyStoreFixture {
  readonly keys: KeyStore;
  /** An empty event store to protect with `keys`, for the round trip through it; none to test the key store alone. */
  readonly events?: EventStore;
  /** The same key store opened again (a persistent store keeps what it held); none for one in memory. */
  readonly reopen?: () => Promise<KeyStore>;
  /** Closes what the fixture opened. */
  readonly teardown: () => Promise<void>;
}

/** Every personal field a complaint can hold, in plain text, as the commands give them. */
export const PERSONAL_TEXTS = {
  name: 'Alex Quinton-Marsh',
  email: 'alex.quinton-marsh@example.org',
  phone: '+44 7700 900461',
  postalAddress: '12 Larchfield Road, Maidenhead SL6 4AB',
  summary: 'Charged twice for the renewal of Alex Quinton-Marsh',
  desiredOutcome: 'A refund to the card ending 4417',
  partyName: 'Robin Quinton-Marsh',
  partyContact: 'robin.qm@example.net',
  letter: 'Robin sent the bank statement for account 33445566',
  evidence: 'Signed authority form from Alex Quinton-Marsh',
} as const;

/** Commands that between them write every personal field of every event type that has one. */
export const everyPersonalFieldCommands = (complaintId: string): ComplaintCommand[] => {
  const c = commands(complaintId, '2025-06-02T09:00:00Z');
  const p = PERSONAL_TEXTS;
  return [
    c.receive({
      complainant: { name: p.name, email: p.email, phone: p.phone, postalAddress: p.postalAddress, relationship: 'member' },
      summary: p.summary,
      desiredOutcome: p.desiredOutcome,
      personalText: true,
    }),
    c.authoriseThirdParty({ party: { name: p.partyName, relationship: 'spouse', contact: p.partyContact }, evidence: p.evidence, at: '2025-06-02T10:00:00Z' }),
    c.acknowledge({ to: 'third-party', partyName: p.partyName, at: '2025-06-02T11:00:00Z' }),
    c.recordCorrespondence({ direction: 'inbound', party: 'third-party', partyName: p.partyName, summary: p.letter, personalText: true, at: '2025-06-03T09:00:00Z' }),
    c.recordCorrespondence({ direction: 'outbound', party: 'third-party', partyName: p.partyName, summary: 'Reply sent', at: '2025-06-03T10:00:00Z' }),
    c.assign({ at: '2025-06-03T11:00:00Z' }),
    c.issueResponse({ to: 'third-party', partyName: p.partyName, at: '2025-06-04T09:00:00Z' }),
    c.withdrawThirdPartyAuthorisation({ partyName: p.partyName, at: '2025-06-05T09:00:00Z' }),
    c.close({ at: '2025-06-05T10:00:00Z' }),
  ];
};

const plainTexts: readonly string[] = Object.values(PERSONAL_TEXTS);

/** Registers the key-store contract for one store under `name`. */
export const keyStoreContract = (name: string, makeFixture: () => Promise<KeyStoreFixture>): void => {
  describe(`key store contract [${name}]`, () => {
    const ids = uniqueIds(`keys-${name}`);
    let teardowns: (() => Promise<void>)[] = [];
    const fixture = async (): Promise<KeyStoreFixture> => {
      const f = await makeFixture();
      teardowns.push(f.teardown);
      return f;
    };
    afterEach(async () => {
      for (const t of teardowns) await t();
      teardowns = [];
    });

    describe('when a subject first needs a key', () => {
      it('makes a 32-byte key once, and gives the same key ever after', async () => {
        const { keys } = await fixture();
        const subject = subjectOf(ids.next('c'));
        expect(right(await keys.getKey(subject)())).toEqual({ status: 'none' });
        const first = right(await keys.keyFor(subject)());
        expect(first.length).toBe(32);
        expect(Buffer.from(right(await keys.keyFor(subject)())).equals(Buffer.from(first))).toBe(true);
        const found = right(await keys.getKey(subject)());
        expect(found.status).toBe('active');
        if (found.status === 'active') expect(Buffer.from(found.key).equals(Buffer.from(first))).toBe(true);
      });

      it('gives each subject its own key', async () => {
        const { keys } = await fixture();
        const a = right(await keys.keyFor(subjectOf(ids.next('c')))());
        const b = right(await keys.keyFor(subjectOf(ids.next('c')))());
        expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
      });
    });

    describe('when a key is erased', () => {
      it('holds no key for the subject, only its tombstone, and never makes one again', async () => {
        const { keys } = await fixture();
        const subject = subjectOf(ids.next('c'));
        const other = subjectOf(ids.next('c'));
        right(await keys.keyFor(subject)());
        const kept = right(await keys.keyFor(other)());
        expect(right(await keys.eraseKey(subject)())).toEqual({ erased: true });
        expect(right(await keys.eraseKey(subject)())).toEqual({ erased: false });
        expect(right(await keys.getKey(subject)()).status).toBe('erased');
        const again = await keys.keyFor(subject)();
        expect(E.isLeft(again) && again.left.kind).toBe('invalid-write');
        const otherKey = right(await keys.getKey(other)());
        expect(otherKey.status === 'active' && Buffer.from(otherKey.key).equals(Buffer.from(kept))).toBe(true);
        const listed = right(await keys.listKeys()());
        expect(listed.find((r) => r.subject === subject)).toMatchObject({ subject, status: 'erased' });
        expect(listed.find((r) => r.subject === other)).toMatchObject({ subject: other, status: 'active' });
        expect(JSON.stringify(listed)).not.toContain(Buffer.from(kept).toString('base64'));
      });

      it('erases a subject that never had a key, so none is made for it later', async () => {
        const { keys } = await fixture();
        const subject = subjectOf(ids.next('c'));
        expect(right(await keys.eraseKey(subject)())).toEqual({ erased: true });
        expect(E.isLeft(await keys.keyFor(subject)())).toBe(true);
      });
    });

    describe('when keys are imported from another key store (copy)', () => {
      const importer = (keys: KeyStore) => {
        if (keys.importKey === undefined) throw new Error(`the ${name} key store has no importKey: it cannot be copied into`);
        return keys.importKey;
      };
      const bytes = (fill: number) => new Uint8Array(32).fill(fill);
      const held = async (keys: KeyStore, subject: string) => {
        const found = right(await keys.getKey(subject)());
        return found.status === 'active' ? Buffer.from(found.key).toString('hex') : found.status;
      };

      it('takes a new subject\'s key and its creation time, and the same key again changes nothing', async () => {
        const { keys } = await fixture();
        const subject = subjectOf(ids.next('c'));
        expect(right(await importer(keys)({ subject, status: 'active', key: bytes(7), createdAt: '2025-01-02T03:04:05.000Z' })())).toBe('imported');
        expect(await held(keys, subject)).toBe(Buffer.from(bytes(7)).toString('hex'));
        expect(right(await keys.listKeys()()).find((r) => r.subject === subject)).toEqual({ subject, status: 'active', createdAt: '2025-01-02T03:04:05.000Z' });
        expect(right(await importer(keys)({ subject, status: 'active', key: bytes(7), createdAt: '2025-01-02T03:04:05.000Z' })())).toBe('unchanged');
        expect(Buffer.from(right(await keys.keyFor(subject)())).toString('hex')).toBe(Buffer.from(bytes(7)).toString('hex'));
      });

      it('refuses another key for a subject that has one, keeping the one it has', async () => {
        const { keys } = await fixture();
        const subject = subjectOf(ids.next('c'));
        const own = Buffer.from(right(await keys.keyFor(subject)())).toString('hex');
        const refused = await importer(keys)({ subject, status: 'active', key: bytes(9), createdAt: '2025-01-02T03:04:05.000Z' })();
        expect(E.isLeft(refused) && refused.left.kind).toBe('invalid-write');
        expect(await held(keys, subject)).toBe(own);
        const short = await importer(keys)({ subject: subjectOf(ids.next('c')), status: 'active', key: new Uint8Array(16), createdAt: '2025-01-02T03:04:05.000Z' })();
        expect(E.isLeft(short) && short.left.kind).toBe('invalid-argument');
      });

      it('carries an erasure over a key it holds, and never brings an erased key back', async () => {
        const { keys } = await fixture();
        const subject = subjectOf(ids.next('c'));
        const fresh = subjectOf(ids.next('c'));
        right(await keys.keyFor(subject)());
        const tombstone = { status: 'erased' as const, createdAt: '2025-01-02T03:04:05.000Z', erasedAt: '2025-02-03T04:05:06.000Z' };
        expect(right(await importer(keys)({ subject, ...tombstone })())).toBe('erased');
        expect(await held(keys, subject)).toBe('erased');
        expect(right(await importer(keys)({ subject, status: 'active', key: bytes(7), createdAt: '2025-01-02T03:04:05.000Z' })())).toBe('kept-erased');
        expect(await held(keys, subject)).toBe('erased');
        expect(right(await importer(keys)({ subject, ...tombstone })())).toBe('unchanged');
        expect(right(await importer(keys)({ subject: fresh, ...tombstone })())).toBe('imported');
        expect(right(await keys.listKeys()()).find((r) => r.subject === fresh)).toEqual({ subject: fresh, status: 'erased', createdAt: tombstone.createdAt, erasedAt: tombstone.erasedAt });
        expect(E.isLeft(await keys.keyFor(fresh)())).toBe(true);
      });
    });

    it('keeps keys and tombstones when opened again', async () => {
      const f = await fixture();
      if (f.reopen === undefined) return;
      const kept = subjectOf(ids.next('c'));
      const erased = subjectOf(ids.next('c'));
      const key = right(await f.keys.keyFor(kept)());
      right(await f.keys.keyFor(erased)());
      right(await f.keys.eraseKey(erased)());
      const again = await f.reopen();
      teardowns.push(async () => again.close?.());
      const found = right(await again.getKey(kept)());
      expect(found.status === 'active' && Buffer.from(found.key).equals(Buffer.from(key))).toBe(true);
      expect(right(await again.getKey(erased)()).status).toBe('erased');
    });

    describe('with an event store: protectPersonalData', () => {
      const run = async (store: EventStore, list: readonly ComplaintCommand[]) => {
        const handle = createCommandHandler({ store, clock: () => CONTRACT_NOW });
        for (const command of list) right(await handle(command)());
      };

      it('stores every personal field sealed, reads each back as written, and verifies over the ciphertext', async () => {
        const f = await fixture();
        if (f.events === undefined) return;
        const store = protectPersonalData(f.events, f.keys);
        const complaintId = ids.next('c');
        const list = everyPersonalFieldCommands(complaintId);
        await run(store, list);
        const streamId = streamIdOf(complaintId);
        const read = right(await store.readStream(streamId)()).events.map((e) => e.event);
        const stored = right(await f.events.readStream(streamId)()).events.map((e) => e.event);
        // every personal field of every event: sealed as stored, its own text as read
        const paths = stored.flatMap((e) => personalFieldsOf(e).map((field) => `${e.type}:${field.path}`));
        expect(new Set(paths)).toEqual(
          new Set([
            'ComplaintReceived:complainant.name',
            'ComplaintReceived:complainant.email',
            'ComplaintReceived:complainant.phone',
            'ComplaintReceived:complainant.postalAddress',
            'ComplaintReceived:summary',
            'ComplaintReceived:desiredOutcome',
            'ThirdPartyAuthorised:party.name',
            'ThirdPartyAuthorised:party.contact',
            'ThirdPartyAuthorised:evidence',
            'ComplaintAcknowledged:partyName',
            'CorrespondenceReceived:partyName',
            'CorrespondenceReceived:summary',
            'CorrespondenceSent:partyName',
            'ResponseIssued:partyName',
            'ThirdPartyAuthorisationWithdrawn:partyName',
          ]),
        );
        for (const e of stored) for (const field of personalFieldsOf(e)) expect(isSealed(field.value), `${e.type} ${field.path}`).toBe(true);
        const received = read[0]!;
        expect(received.type === 'ComplaintReceived' && received.data).toMatchObject({
          complainant: { name: PERSONAL_TEXTS.name, email: PERSONAL_TEXTS.email, phone: PERSONAL_TEXTS.phone, postalAddress: PERSONAL_TEXTS.postalAddress },
          summary: PERSONAL_TEXTS.summary,
          desiredOutcome: PERSONAL_TEXTS.desiredOutcome,
        });
        for (const e of read) for (const field of personalFieldsOf(e)) expect(typeof field.value, `${e.type} ${field.path}`).toBe('string');
        const raw = right(await f.events.readRawStream(streamId)());
        const text = raw.map((r) => r.data + r.metadata).join('\n');
        for (const plain of plainTexts) expect(text).not.toContain(plain);
        expect(right(await verifyStore(f.events)()).intact).toBe(true);
        // the decider reads the case in plain text through the protected store: it is closed, with its third party withdrawn
        const state = fold(read);
        expect(state.status).toBe('closed');
      });

      it('after erasure, holds no key and reads every personal field as erased; dates and the chain are unchanged', async () => {
        const f = await fixture();
        if (f.events === undefined) return;
        const store = protectPersonalData(f.events, f.keys);
        const complaintId = ids.next('c');
        await run(store, everyPersonalFieldCommands(complaintId));
        const streamId = streamIdOf(complaintId);
        const before = fold(right(await store.readStream(streamId)()).events.map((e) => e.event));
        await run(store, [commands(complaintId).eraseComplainantData({ at: '2025-06-06T09:00:00Z' })]);
        expect(right(await f.keys.getKey(subjectOf(complaintId))()).status).toBe('erased');
        const read = right(await store.readStream(streamId)()).events.map((e) => e.event);
        for (const e of read) for (const field of personalFieldsOf(e)) expect(field.value, `${e.type} ${field.path}`).toMatchObject({ withheld: 'erased' });
        const after = fold(read);
        expect(after.status === 'closed' && before.status === 'closed' && after.closedAt).toBe(before.status === 'closed' ? before.closedAt : undefined);
        expect(after.status === 'closed' && after.thirdParties[0]?.withdrawnAt).toBe('2025-06-05T09:00:00Z');
        expect(right(await verifyStore(f.events)()).intact).toBe(true);
        // nothing personal can be written for the subject again
        const letter = await createCommandHandler({ store, clock: () => CONTRACT_NOW })(
          commands(complaintId).recordCorrespondence({ direction: 'inbound', summary: 'Another letter from Alex', personalText: true, at: '2025-06-07T09:00:00Z' }),
        )();
        expect(E.isLeft(letter) && letter.left._tag === 'Rejection' && letter.left.code).toBe('personal-data-erased');
      });
    });
  });
};
