/**
 * Connecting from a connection string: single node (`esdb://host:2113?tls=false`), a cluster
 * by its seed nodes (`esdb://n1:2113,n2:2113,n3:2113`) or by DNS gossip
 * (`esdb+discover://cluster.example.org:2113`), TLS or not (`tls=false`, `tlsCAFile=...`).
 * The scheme picks the client package (client.ts): `esdb://` and `esdb+discover://` the
 * EventStoreDB client `@eventstore/db-client`; `kurrentdb://`, `kurrent://`, `kdb://` (and their
 * `+discover` forms) the Kurrent client `@kurrent/kurrentdb-client`. Both are optional peer
 * dependencies: the one a string needs is loaded when it is first used. A malformed string, an
 * unknown scheme or a client package that is not installed is a typed error, not a throw.
 *
 * @example
 * const store = connectEventStoreDb('esdb://localhost:2113?tls=false'); // or 'kurrentdb://localhost:2113?tls=false'
 * if (E.isRight(store)) await handle(store.right)(command)();
 */
import * as E from 'fp-ts/lib/Either.js';
import { storeError, type StoreError } from '@cim-complaints/core';
import { CONNECTION_SCHEMES, clientPackageFor, loadClientFactory, type EventStoreClient } from './client.js';
import { connectionStringRedactor, rememberClientCredentials, scrubError, splitUserinfo, type Redactor } from './credentials.js';
import { createEventStoreDbStore, type EventStoreDbStore, type EventStoreDbStoreOptions } from './store.js';

/** A connection string the client cannot read: a `StoreError` of kind `invalid-argument` (its message never holds the credentials). */
export type ConnectionStringError = StoreError;

/**
 * The client's parse error in words that cannot carry credentials. Its message quotes the text at
 * the fault, and the fault may sit inside a password (`esdb://u:p@ss:word@h` quotes `word@h`):
 * the quote is kept only when it lies wholly after the userinfo. Anything else is redacted.
 */
const describeClientError = (error: unknown, connectionString: string, redact: Redactor): string => {
  const message = error instanceof Error ? error.message : String(error);
  const { location, expected } = (typeof error === 'object' && error !== null ? error : {}) as { location?: unknown; expected?: unknown };
  if (Array.isArray(location) && typeof location[0] === 'number' && typeof expected === 'string') {
    // the client parses the string trimmed and without trailing slashes: its positions count in that
    const parsed = connectionString.trim().replace(/\/+$/, '');
    const split = splitUserinfo(parsed);
    const afterUserinfo = split === undefined ? 0 : split.prefix.length + split.userinfo.length + 1;
    if (location[0] < afterUserinfo) return redact(`Unexpected text at position ${location[0]}, expected ${expected}.`);
  }
  return redact(message);
};

/** Runs the client's parser with its console warnings (which print the whole string) redacted. */
const withRedactedWarnings = <A>(redact: Redactor, parse: () => A): A => {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warn(...args.map((arg) => (typeof arg === 'string' ? redact(arg) : arg)));
  try {
    return parse();
  } finally {
    console.warn = warn;
  }
};

/**
 * A client for a connection string, of the package its scheme names; the client connects lazily, on its first call. Nothing said
 * about the string carries its credentials: the error message, the parser's warnings, and the
 * errors of every store on the client (see `maskConnectionString`).
 */
export const clientFromConnectionString = (connectionString: string): E.Either<ConnectionStringError, EventStoreClient> => {
  const packageName = clientPackageFor(connectionString);
  if (packageName === undefined) {
    // only the scheme is quoted: the rest may hold credentials
    const scheme = /^\s*([^:/?#\s@]+):\/\//.exec(connectionString)?.[1];
    return E.left(
      storeError('invalid-argument', `invalid EventStoreDB connection string: it must start with ${CONNECTION_SCHEMES.join(', ')} (${scheme === undefined ? 'it has no scheme' : `got ${scheme}://`})`),
    );
  }
  const factory = loadClientFactory(packageName);
  if (E.isLeft(factory)) return factory;
  const redact = connectionStringRedactor([connectionString]);
  try {
    const client = withRedactedWarnings(redact, () => factory.right(connectionString));
    rememberClientCredentials(client, connectionString);
    return E.right(client);
  } catch (error) {
    // the parse error keeps the whole string as a field: scrub it, and its message and stack
    const message = describeClientError(error, connectionString, redact);
    scrubError(error, redact);
    return E.left(storeError('invalid-argument', `invalid EventStoreDB connection string: ${message}`, { cause: error }));
  }
};

/** A store on a new client for the connection string; `close` disposes the client. */
export const connectEventStoreDb = (
  connectionString: string,
  options: Omit<EventStoreDbStoreOptions, 'client' | 'ownsClient'> = {},
): E.Either<StoreError, EventStoreDbStore> =>
  E.flatMap((client: EventStoreClient) => {
    const store = createEventStoreDbStore({ ...options, client, ownsClient: true });
    // a store that could not be made does not take ownership: release the client here
    if (E.isLeft(store)) void client.dispose();
    return store;
  })(clientFromConnectionString(connectionString));
