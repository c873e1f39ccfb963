/**
 * The client's own generated gRPC stubs and protobuf runtime, loaded from the client's location
 * so the stand-in and the client share one copy of every message class (protobuf registers them
 * globally, which is also why one process loads the stubs of one client package only: a test
 * file for the Kurrent client starts its stand-in on the Kurrent client's stubs). Types come from
 * the EventStoreDB client's `.d.ts` (the two packages generate the same messages); the values
 * through `require`, since the generated CommonJS does not expose named exports to ESM.
 */
import { createRequire } from 'node:module';

type Grpc = typeof import('@grpc/grpc-js');
type StreamsPb = typeof import('@eventstore/db-client/generated/streams_pb.js');
type SharedPb = typeof import('@eventstore/db-client/generated/shared_pb.js');
type StatusPb = typeof import('@eventstore/db-client/generated/status_pb.js');
type ServerFeaturesPb = typeof import('@eventstore/db-client/generated/serverfeatures_pb.js');
type AnyPb = typeof import('google-protobuf/google/protobuf/any_pb.js');
type EmptyPb = typeof import('google-protobuf/google/protobuf/empty_pb.js');

/** Which client the stand-in serves: its stubs, and the scheme of its connection string. */
export type StandInClient = 'eventstoredb' | 'kurrentdb';

export interface Protocol {
  readonly grpc: Grpc;
  readonly streamsPb: StreamsPb;
  readonly sharedPb: SharedPb;
  readonly statusPb: StatusPb;
  readonly serverFeaturesPb: ServerFeaturesPb;
  readonly anyPb: AnyPb;
  readonly emptyPb: EmptyPb;
  readonly StreamsService: import('@grpc/grpc-js').ServiceDefinition;
  readonly ServerFeaturesService: import('@grpc/grpc-js').ServiceDefinition;
}

const fromTest = createRequire(import.meta.url);

const layouts: Record<StandInClient, { readonly packageName: string; readonly generated: string }> = {
  eventstoredb: { packageName: '@eventstore/db-client', generated: '../generated/' },
  kurrentdb: { packageName: '@kurrent/kurrentdb-client', generated: '../generated/kurrentdb/protocols/v1/' },
};

const loaded = new Map<StandInClient, Protocol>();

/** The stubs of one client package, loaded once. */
export const protocolOf = (client: StandInClient): Protocol => {
  const known = loaded.get(client);
  if (known !== undefined) return known;
  const { packageName, generated } = layouts[client];
  const fromClient = createRequire(fromTest.resolve(packageName));
  const protocol: Protocol = {
    grpc: fromClient('@grpc/grpc-js') as Grpc,
    streamsPb: fromClient(`${generated}streams_pb.js`) as StreamsPb,
    sharedPb: fromClient(`${generated}shared_pb.js`) as SharedPb,
    statusPb: fromClient(`${generated}status_pb.js`) as StatusPb,
    serverFeaturesPb: fromClient(`${generated}serverfeatures_pb.js`) as ServerFeaturesPb,
    anyPb: fromClient('google-protobuf/google/protobuf/any_pb.js') as AnyPb,
    emptyPb: fromClient('google-protobuf/google/protobuf/empty_pb.js') as EmptyPb,
    StreamsService: (fromClient(`${generated}streams_grpc_pb.js`) as { StreamsService: import('@grpc/grpc-js').ServiceDefinition }).StreamsService,
    ServerFeaturesService: (fromClient(`${generated}serverfeatures_grpc_pb.js`) as { ServerFeaturesService: import('@grpc/grpc-js').ServiceDefinition }).ServerFeaturesService,
  };
  loaded.set(client, protocol);
  return protocol;
};
