/**
 * The client's own generated gRPC stubs and protobuf runtime, loaded from the client's location
 * so the stand-in and the client share one copy of every message class (protobuf registers them
 * globally). Types come from the stubs' `.d.ts`; the values through `require`, since the
 * generated CommonJS does not expose named exports to ESM.
 */
import { createRequire } from 'node:module';

type Grpc = typeof import('@grpc/grpc-js');
type StreamsPb = typeof import('@eventstore/db-client/generated/streams_pb.js');
type SharedPb = typeof import('@eventstore/db-client/generated/shared_pb.js');
type StatusPb = typeof import('@eventstore/db-client/generated/status_pb.js');
type ServerFeaturesPb = typeof import('@eventstore/db-client/generated/serverfeatures_pb.js');
type AnyPb = typeof import('google-protobuf/google/protobuf/any_pb.js');
type EmptyPb = typeof import('google-protobuf/google/protobuf/empty_pb.js');

const fromTest = createRequire(import.meta.url);
const fromClient = createRequire(fromTest.resolve('@eventstore/db-client'));

export const grpc = fromClient('@grpc/grpc-js') as Grpc;
export const streamsPb = fromClient('../generated/streams_pb.js') as StreamsPb;
export const sharedPb = fromClient('../generated/shared_pb.js') as SharedPb;
export const statusPb = fromClient('../generated/status_pb.js') as StatusPb;
export const serverFeaturesPb = fromClient('../generated/serverfeatures_pb.js') as ServerFeaturesPb;
export const anyPb = fromClient('google-protobuf/google/protobuf/any_pb.js') as AnyPb;
export const emptyPb = fromClient('google-protobuf/google/protobuf/empty_pb.js') as EmptyPb;
export const { StreamsService } = fromClient('../generated/streams_grpc_pb.js') as { StreamsService: import('@grpc/grpc-js').ServiceDefinition };
export const { ServerFeaturesService } = fromClient('../generated/serverfeatures_grpc_pb.js') as {
  ServerFeaturesService: import('@grpc/grpc-js').ServiceDefinition;
};
