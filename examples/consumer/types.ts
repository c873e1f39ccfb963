// Type-checked in a project that installed the packed tarballs (scripts/consumer-test.mjs), with
// moduleResolution node16 (this file is CommonJS there: the project has no "type") and bundler.
import { CX097_V4, createCommandHandler, createInMemoryEventStore, type EventStore, type SlaReport } from '@cim-complaints/core';
import { buildInMemoryEventStore } from '@cim-complaints/core/testing-hooks';
import { commands } from '@cim-complaints/testing';
import { createSqliteEventStore, type SqliteEventStore } from '@cim-complaints/sqlite';
import { createEventStoreDbStore } from '@cim-complaints/eventstoredb';
import { maskConnectionString } from '@cim-complaints/eventstoredb/connection-strings';
import { createPostgresEventStore } from '@cim-complaints/postgres';
import { maskPostgresUrl } from '@cim-complaints/postgres/connection-strings';
import { buildReport } from '@cim-complaints/projections';
import { openTelemetryObserver } from '@cim-complaints/opentelemetry';
import { run } from '@cim-complaints/cli';
import * as E from 'fp-ts/lib/Either.js';

const opened: E.Either<unknown, EventStore> = createInMemoryEventStore();
export const handler = E.isRight(opened) ? createCommandHandler({ store: opened.right, clock: () => '2025-06-02T09:00:00Z' }) : undefined;
export const hooks = buildInMemoryEventStore;
export const receive = commands('c-1').receive({ commandId: 'k-1', at: '2025-06-02T09:00:00+01:00' });
export const sqlite: E.Either<unknown, SqliteEventStore> = createSqliteEventStore({ path: 'complaints.db' });
export const esdb = createEventStoreDbStore;
export const masked: string = maskConnectionString('esdb://admin:changeit@localhost:2113');
export const postgres = createPostgresEventStore;
export const maskedUrl: string = maskPostgresUrl('postgres://cim:secret@localhost:5432/complaints');
export const report = buildReport;
export const telemetry = openTelemetryObserver;
export const cli: Promise<number> = run(['--version'], { stdout: () => undefined, stderr: () => undefined });
export const policy: string = CX097_V4.id;
export type Sla = SlaReport['targets'];
