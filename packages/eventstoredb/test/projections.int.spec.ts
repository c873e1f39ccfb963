import { afterEach, describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { EventStoreDBClient } from '@eventstore/db-client';
import { createInMemoryCheckpointStore, type CheckpointStore } from '@cim-complaints/core';
import { historyCommandsArb, inMemoryStore, recordHistory } from '@cim-complaints/testing';
import {
  buildReport,
  createProjectionRunner,
  monitoringModels,
  monitoringProjections,
} from '@cim-complaints/projections';
import { createEventStoreDbCheckpointStore } from '../src/index.js';
import { storeOn } from './fixtures.js';
import { StandInEventStoreServer } from './stand-in-server/stand-in-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const AS_OF = '2026-06-30T12:00:00Z';
const reportOf = (runner: Parameters<typeof monitoringModels>[0]) => right(buildReport(monitoringModels(runner), AS_OF));

describe('monitoring projections on EventStoreDB (stand-in server over gRPC)', () => {
  it('fed live with ESDB checkpoints, stopped and resumed, give the report a rebuild on the in-memory store gives', async () => {
    const server = await StandInEventStoreServer.start();
    const client = EventStoreDBClient.connectionString(server.connectionString);
    cleanups.push(() => server.stop(), () => client.dispose());
    const store = storeOn({ client });
    const checkpoints: CheckpointStore = createEventStoreDbCheckpointStore({ client });
    const history = fc.sample(historyCommandsArb({ minComplaints: 10, maxComplaints: 10 }), { numRuns: 1, seed: 1 })[0]!;
    const half = Math.floor(history.length / 2);

    // the same commands into the in-memory store, rebuilt there: the expected answer
    const memory = inMemoryStore();
    await recordHistory(memory, history);
    const expected = createProjectionRunner({ store: memory, projections: monitoringProjections, checkpoints: createInMemoryCheckpointStore() });
    right(await expected.rebuild());

    // live on EventStoreDB, stopped half-way, resumed from the checkpoints kept in EventStoreDB
    const live = createProjectionRunner({ store, projections: monitoringProjections, checkpoints, checkpointEvery: 7 });
    right(await live.start());
    const one = await recordHistory(store, history.slice(0, half));
    right(await live.waitFor(one.lastPosition!));
    await live.stop();
    const two = await recordHistory(store, history.slice(half));
    const resumed = createProjectionRunner({ store, projections: monitoringProjections, checkpoints });
    right(await resumed.start());
    right(await resumed.waitFor(two.lastPosition!));
    // stopped straight after catching up: the adapter must not go live on a closed subscription
    await resumed.stop();

    expect(reportOf(resumed)).toEqual(reportOf(expected));
    expect(reportOf(resumed).received.total).toBe(10);
  });
});
