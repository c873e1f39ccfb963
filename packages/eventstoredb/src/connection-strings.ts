/**
 * What a program needs to keep EventStoreDB credentials out of its output, without loading the
 * gRPC client: `@cim-complaints/eventstoredb/connection-strings` imports nothing else, so a CLI
 * can mask and redact connection strings at start and load the client only when it connects.
 *
 * @example
 * import { maskConnectionString } from '@cim-complaints/eventstoredb/connection-strings';
 * maskConnectionString('esdb://admin:changeit@db:2113?tls=false'); // 'esdb://db:2113?tls=false'
 *
 * @module @cim-complaints/eventstoredb/connection-strings
 */
export {
  maskConnectionString,
  redactSecrets,
  connectionStringRedactor,
  connectionStringSecrets,
  splitUserinfo,
  REDACTED,
  type Redactor,
  type UserinfoSplit,
} from './credentials.js';
