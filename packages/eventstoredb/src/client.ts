/**
 * The one place that knows there are two clients for the same gRPC protocol:
 * `@eventstore/db-client` 6.2 (its last release) and its successor `@kurrent/kurrentdb-client`.
 * Both are optional peer dependencies; the package is chosen by the connection string's scheme
 * and loaded (CommonJS, synchronously) only when a client is made, so importing this library
 * loads neither.
 *
 * | scheme | package |
 * |---|---|
 * | `esdb://`, `esdb+discover://` | `@eventstore/db-client` |
 * | `kurrentdb://`, `kurrentdb+discover://`, `kurrent://`, `kurrent+discover://`, `kdb://`, `kdb+discover://` | `@kurrent/kurrentdb-client` |
 *
 * Everything else in the adapter sees a client only through `EventStoreClient`, the structural
 * type of the methods it calls, which a client of either package satisfies. Nothing here uses a
 * class of either package: values the adapter passes (positions, directions, expected revisions,
 * events, filters) are the plain strings and objects both clients read, and errors are told apart
 * by their `type` string (errors.ts), so a second copy of a client in an application's tree, or
 * the other package, classifies the same.
 *
 * @example
 * const made = clientFromConnectionString('kurrentdb://localhost:2113?tls=false'); // Right(KurrentDBClient)
 * clientPackageFor('esdb://localhost:2113'); // '@eventstore/db-client'
 */
import { createRequire } from 'node:module';
import * as E from 'fp-ts/lib/Either.js';
import { storeError, type StoreError } from '@cim-complaints/core';

/** The EventStoreDB client package (`esdb://`). */
export const EVENTSTORE_CLIENT_PACKAGE = '@eventstore/db-client';
/** The Kurrent client package (`kurrentdb://`, `kurrent://`, `kdb://`). */
export const KURRENT_CLIENT_PACKAGE = '@kurrent/kurrentdb-client';
export type ClientPackage = typeof EVENTSTORE_CLIENT_PACKAGE | typeof KURRENT_CLIENT_PACKAGE;

// ---- the values both clients read ----

export const ANY = 'any';
export const NO_STREAM = 'no_stream';
export const STREAM_EXISTS = 'stream_exists';
export const START = 'start';
export const END = 'end';
export const FORWARDS = 'forwards';
export const BACKWARDS = 'backwards';

/** What an append expects of the stream: the client's `expectedRevision` (EventStoreDB) or `streamState` (Kurrent). */
export type ExpectedState = typeof ANY | typeof NO_STREAM | typeof STREAM_EXISTS | bigint;

/** The client's JSON: what `data` and `metadata` of a JSON event may be. */
export type JSONType = Record<string | number, unknown> | unknown[] | string;

/** A JSON event to append, as both clients' `jsonEvent` make it. */
export interface JsonEventData {
  readonly id: string;
  readonly contentType: 'application/json';
  readonly type: string;
  readonly data: JSONType;
  /** JSON the client serialises, or the bytes of JSON text, stored exactly as given (both clients: a plain `Uint8Array`, not a `Buffer`). */
  readonly metadata: JSONType | Uint8Array | undefined;
}

/** Both clients' `jsonEvent`: an event with a fresh id unless one is given. */
export const jsonEvent = (event: { readonly id?: string; readonly type: string; readonly data: JSONType; readonly metadata?: JSONType }): JsonEventData => ({
  id: event.id ?? crypto.randomUUID(),
  contentType: 'application/json',
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** A server-side filter on `$all`, as both clients' `streamNameFilter` / `eventTypeFilter` make it. */
export type AllFilter =
  | { readonly filterOn: 'streamName' | 'eventType'; readonly prefixes: string[]; readonly checkpointInterval: number; readonly maxSearchWindow?: number }
  | { readonly filterOn: 'streamName' | 'eventType'; readonly regex: string; readonly checkpointInterval: number; readonly maxSearchWindow?: number };

/** The streams whose names start with one of the prefixes (none starts with `$`, so no system stream passes). */
export const streamNameFilter = (prefixes: readonly string[], checkpointInterval = 1): AllFilter => ({ filterOn: 'streamName', prefixes: [...prefixes], checkpointInterval });

/** Events whose type does not start with `$`: the clients' `excludeSystemEvents()`. */
export const excludeSystemEvents = (checkpointInterval = 1): AllFilter => ({ filterOn: 'eventType', regex: '^[^$].*', checkpointInterval });

// ---- what the adapter reads of a client ----

export interface RecordedEventLike {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: boolean;
  readonly position?: Position | undefined;
}

export interface ResolvedEventLike {
  readonly event?: RecordedEventLike | undefined;
  readonly link?: RecordedEventLike | undefined;
  readonly commitPosition?: bigint | undefined;
}

export interface AppendResultLike {
  readonly nextExpectedRevision: bigint;
  readonly position?: Position | undefined;
}

export interface AppendOptions {
  /** `@eventstore/db-client`'s name for the expected state. */
  readonly expectedRevision?: ExpectedState;
  /** `@kurrent/kurrentdb-client`'s name for it: each client ignores the other's, so the adapter passes both. */
  readonly streamState?: ExpectedState;
  readonly deadline?: number;
}

export interface ReadStreamOptions {
  readonly direction?: typeof FORWARDS | typeof BACKWARDS;
  readonly fromRevision?: typeof START | typeof END | bigint;
  readonly maxCount?: number | bigint;
}

export interface ReadAllOptions {
  readonly direction?: typeof FORWARDS | typeof BACKWARDS;
  readonly fromPosition?: typeof START | typeof END | Position;
  readonly maxCount?: number | bigint;
  /** Honoured by `@kurrent/kurrentdb-client`; `@eventstore/db-client` 6.2 has no filtered `readAll` and ignores it. */
  readonly filter?: AllFilter;
}

export interface SubscribeToAllOptions {
  readonly fromPosition?: typeof START | typeof END | Position;
  readonly filter?: AllFilter;
}

/** A `$all` subscription: events as they come, until unsubscribed. */
export interface AllSubscriptionLike extends AsyncIterable<ResolvedEventLike> {
  unsubscribe(): Promise<void>;
  destroy(error?: Error): unknown;
}

/**
 * The client methods the adapter calls, structurally: an `EventStoreDBClient` of
 * `@eventstore/db-client` 6.2 and a `KurrentDBClient` of `@kurrent/kurrentdb-client` 1.x both
 * satisfy it.
 */
export interface EventStoreClient {
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<ResolvedEventLike>;
  readAll(options?: ReadAllOptions): AsyncIterable<ResolvedEventLike>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscriptionLike;
  appendToStream(streamName: string, events: JsonEventData | JsonEventData[], options?: AppendOptions): Promise<AppendResultLike>;
  setStreamMetadata(streamName: string, metadata: { readonly maxCount?: number; readonly truncateBefore?: number }): Promise<unknown>;
  dispose(): Promise<void>;
}

/** Append options for either client: the expected state under both names. */
export const expecting = (state: ExpectedState, deadline?: number): AppendOptions => ({
  expectedRevision: state,
  streamState: state,
  ...(deadline === undefined ? {} : { deadline }),
});

// ---- choosing and loading the package ----

const SCHEMES: Readonly<Record<string, ClientPackage>> = {
  esdb: EVENTSTORE_CLIENT_PACKAGE,
  'esdb+discover': EVENTSTORE_CLIENT_PACKAGE,
  kurrentdb: KURRENT_CLIENT_PACKAGE,
  'kurrentdb+discover': KURRENT_CLIENT_PACKAGE,
  kurrent: KURRENT_CLIENT_PACKAGE,
  'kurrent+discover': KURRENT_CLIENT_PACKAGE,
  kdb: KURRENT_CLIENT_PACKAGE,
  'kdb+discover': KURRENT_CLIENT_PACKAGE,
};

/** The schemes a connection string may start with, as the clients spell them (lower case). */
export const CONNECTION_SCHEMES: readonly string[] = Object.keys(SCHEMES).map((scheme) => `${scheme}://`);

/** The client package a connection string is for, by its scheme; `undefined` for any other scheme. */
export const clientPackageFor = (connectionString: string): ClientPackage | undefined => {
  const scheme = /^\s*([^:/?#\s]+):\/\//.exec(connectionString)?.[1];
  return scheme === undefined ? undefined : SCHEMES[scheme];
};

/** What the adapter takes from a client package: its client class's factory. */
interface ClientModule {
  readonly EventStoreDBClient?: { connectionString(connectionString: string): EventStoreClient };
  readonly KurrentDBClient?: { connectionString(connectionString: string): EventStoreClient };
}

/** A client's factory: `EventStoreDBClient.connectionString` or `KurrentDBClient.connectionString`. */
export type ClientFactory = (connectionString: string) => EventStoreClient;

// Resolved from this package, where a peer dependency is installed (CommonJS builds have `require`; tsup shims `import.meta.url`).
const requireFromHere = createRequire(import.meta.url);
const factories = new Map<ClientPackage, ClientFactory>();

const isMissing = (error: unknown, packageName: string): boolean => {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(packageName);
};

/**
 * The client factory of a package, loaded once. A package that is not installed is an
 * `invalid-argument` error naming it (never a throw); so is one that loads but is not a client.
 * `load` stands in for `require` (resolving from this package) in tests.
 */
export const loadClientFactory = (packageName: ClientPackage, load: (id: string) => unknown = requireFromHere): E.Either<StoreError, ClientFactory> => {
  const cached = load === requireFromHere;
  const known = cached ? factories.get(packageName) : undefined;
  if (known !== undefined) return E.right(known);
  let loaded: ClientModule;
  try {
    loaded = load(packageName) as ClientModule;
  } catch (error) {
    const scheme = packageName === EVENTSTORE_CLIENT_PACKAGE ? 'esdb://' : 'kurrentdb://';
    return E.left(
      isMissing(error, packageName)
        ? storeError('invalid-argument', `a ${scheme} connection string needs the package ${packageName}, which is not installed: install it beside @cim-complaints/eventstoredb (npm install ${packageName})`, { cause: error })
        : storeError('invalid-argument', `the package ${packageName} could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error }),
    );
  }
  const clientClass = packageName === EVENTSTORE_CLIENT_PACKAGE ? loaded.EventStoreDBClient : loaded.KurrentDBClient;
  if (typeof clientClass?.connectionString !== 'function') {
    return E.left(storeError('invalid-argument', `the package ${packageName} has no ${packageName === EVENTSTORE_CLIENT_PACKAGE ? 'EventStoreDBClient' : 'KurrentDBClient'}.connectionString: is it a supported version?`));
  }
  const factory: ClientFactory = (connectionString) => clientClass.connectionString(connectionString);
  if (cached) factories.set(packageName, factory);
  return E.right(factory);
};
