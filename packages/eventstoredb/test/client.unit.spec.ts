import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import {
  CONNECTION_SCHEMES,
  EVENTSTORE_CLIENT_PACKAGE,
  KURRENT_CLIENT_PACKAGE,
  clientPackageFor,
  excludeSystemEvents,
  expecting,
  jsonEvent,
  loadClientFactory,
  streamNameFilter,
} from '../src/client.js';
import { clientFromConnectionString } from '../src/connection.js';

const notFound = (id: string) => Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- /app/node_modules/@cim-complaints/eventstoredb/dist/index.js`), { code: 'MODULE_NOT_FOUND' });

describe('the client module', () => {
  describe('when choosing a client package by the connection string', () => {
    it.each([
      ['esdb://localhost:2113?tls=false', EVENTSTORE_CLIENT_PACKAGE],
      ['esdb+discover://cluster.example.org:2113', EVENTSTORE_CLIENT_PACKAGE],
      ['  esdb://admin:changeit@db:2113', EVENTSTORE_CLIENT_PACKAGE],
      ['kurrentdb://localhost:2113?tls=false', KURRENT_CLIENT_PACKAGE],
      ['kurrentdb+discover://cluster.example.org:2113', KURRENT_CLIENT_PACKAGE],
      ['kurrent://localhost:2113', KURRENT_CLIENT_PACKAGE],
      ['kurrent+discover://cluster.example.org:2113', KURRENT_CLIENT_PACKAGE],
      ['kdb://localhost:2113', KURRENT_CLIENT_PACKAGE],
      ['kdb+discover://cluster.example.org:2113', KURRENT_CLIENT_PACKAGE],
    ])('reads %s as a string for %s', (connectionString, packageName) => {
      expect(clientPackageFor(connectionString)).toBe(packageName);
    });

    it('knows no other scheme (the clients read theirs in lower case only)', () => {
      for (const other of ['http://localhost:2113', 'ESDB://localhost:2113', 'postgres://db/x', 'localhost:2113', '', 'esdb:/localhost'])
        expect(clientPackageFor(other)).toBeUndefined();
      expect(CONNECTION_SCHEMES).toContain('kurrentdb://');
    });

    it('refuses another scheme as invalid-argument, naming the schemes and never the rest of the string', () => {
      const refused = clientFromConnectionString('http://admin:s3cret@db:2113');
      expect(refused).toMatchObject(E.left({ _tag: 'StoreError', kind: 'invalid-argument' }));
      const message = E.isLeft(refused) ? refused.left.message : '';
      expect(message).toMatch(/^invalid EventStoreDB connection string: it must start with esdb:\/\/, .*kurrentdb:\/\//);
      expect(message).toContain('got http://');
      expect(message).not.toContain('s3cret');
      expect(clientFromConnectionString('localhost:2113')).toMatchObject(E.left({ kind: 'invalid-argument', message: expect.stringContaining('no scheme') }));
    });
  });

  describe('when the client package is not installed', () => {
    it('is an invalid-argument StoreError naming the package to install, not a throw', () => {
      for (const packageName of [EVENTSTORE_CLIENT_PACKAGE, KURRENT_CLIENT_PACKAGE] as const) {
        const missing = loadClientFactory(packageName, (id) => {
          throw notFound(id);
        });
        expect(missing).toMatchObject(E.left({ _tag: 'StoreError', kind: 'invalid-argument' }));
        const message = E.isLeft(missing) ? missing.left.message : '';
        expect(message).toContain(`npm install ${packageName}`);
        expect(message).toContain(packageName === EVENTSTORE_CLIENT_PACKAGE ? 'esdb://' : 'kurrentdb://');
      }
    });

    it('says so when the package loads but has no client class (an unsupported version)', () => {
      expect(loadClientFactory(KURRENT_CLIENT_PACKAGE, () => ({}))).toMatchObject(E.left({ kind: 'invalid-argument', message: expect.stringContaining('KurrentDBClient.connectionString') }));
      expect(loadClientFactory(EVENTSTORE_CLIENT_PACKAGE, () => ({ KurrentDBClient: { connectionString: () => ({}) } }))).toMatchObject(
        E.left({ kind: 'invalid-argument', message: expect.stringContaining('EventStoreDBClient.connectionString') }),
      );
    });

    it('passes on another load failure as invalid-argument with its message', () => {
      const broken = loadClientFactory(KURRENT_CLIENT_PACKAGE, () => {
        throw new Error('the native bridge has no build for this platform');
      });
      expect(broken).toMatchObject(E.left({ kind: 'invalid-argument', message: expect.stringContaining('no build for this platform') }));
    });
  });

  describe('when making what both clients read', () => {
    it('passes the expected state under both names: expectedRevision (EventStoreDB client) and streamState (Kurrent client)', () => {
      expect(expecting(3n)).toEqual({ expectedRevision: 3n, streamState: 3n });
      expect(expecting('no_stream', 500)).toEqual({ expectedRevision: 'no_stream', streamState: 'no_stream', deadline: 500 });
    });

    it('makes JSON events and filters of the shape the clients make', () => {
      expect(jsonEvent({ id: 'a0e3c0ee-6a7a-4c36-a7e4-8d6e51d1c5c1', type: 'T', data: { a: 1 } })).toEqual({
        id: 'a0e3c0ee-6a7a-4c36-a7e4-8d6e51d1c5c1',
        contentType: 'application/json',
        type: 'T',
        data: { a: 1 },
        metadata: undefined,
      });
      expect(jsonEvent({ type: 'T', data: {} }).id).toMatch(/^[0-9a-f-]{36}$/);
      expect(streamNameFilter(['complaint-'])).toEqual({ filterOn: 'streamName', prefixes: ['complaint-'], checkpointInterval: 1 });
      expect(excludeSystemEvents()).toEqual({ filterOn: 'eventType', regex: '^[^$].*', checkpointInterval: 1 });
    });
  });
});
