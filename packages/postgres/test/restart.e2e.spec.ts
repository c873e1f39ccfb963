import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import type { GlobalPosition, RecordedEvent } from '@cim-complaints/core';
import { createProjectionRunner, type Projection } from '@cim-complaints/projections';
import { createPostgresCheckpointStore, type PostgresEventStore } from '../src/index.js';
import { startCluster, serverBin, type Cluster } from './cluster.js';
import { batch, databaseUrl, inSchema, openStore, right, waitFor } from './support.js';

// Counts each event it is given, by id: an event delivered twice shows as a count of 2.
const counting: Projection<{ events: number; seen: Record<string, number> }> = {
  name: 'counting',
  version: 1,
  initial: { events: 0, seen: {} },
  apply: (state, event) => ({
    events: state.events + 1,
    seen: { ...state.seen, [event.event.metadata.eventId]: (state.seen[event.event.metadata.eventId] ?? 0) + 1 },
  }),
};

const bin = databaseUrl === undefined ? undefined : serverBin();
const why =
  databaseUrl === undefined
    ? undefined
    : bin === undefined
      ? 'PostgreSQL server tools (initdb, pg_ctl) not found: the restart spec needs a private cluster it can restart'
      : undefined;
if (why !== undefined && process.env.CI === 'true') throw new Error(why);
if (why !== undefined) console.log(`PostgreSQL restart spec skipped: ${why}`);

(bin === undefined ? describe.skip : describe)('a live subscription on PostgreSQL when the server restarts', () => {
  let cluster: Cluster;
  const stores: PostgresEventStore[] = [];

  beforeAll(async () => {
    cluster = await startCluster(bin!);
  }, 120_000);
  afterAll(async () => {
    for (const s of stores.splice(0)) await s.close();
    cluster?.remove();
  });

  const open = async (pollIntervalMs: number) => {
    const store = await openStore({ connectionString: inSchema(cluster.url, 'restart'), pollIntervalMs, reconnectTimeoutMs: 60_000 });
    stores.push(store);
    return store;
  };

  /** Appends `count` streams of two events each, through a writer that retries while the server comes back. */
  const append = async (writer: PostgresEventStore, from: number, count: number): Promise<GlobalPosition> => {
    let last: GlobalPosition = 0n;
    for (let i = from; i < from + count; i += 1) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const appended = await writer.appendToStream(`complaint-r${i}`, 'any', batch(`r${i}`, `cmd-r${i}`, 2))();
        if (E.isRight(appended)) {
          last = appended.right.position;
          break;
        }
        if (appended.left.kind !== 'unavailable' || Date.now() > deadline) throw new Error(appended.left.message);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return last;
  };

  it('resumes from where it was, then from its checkpoint, missing nothing and delivering nothing twice', async () => {
    const writer = await open(1000);
    // the runner reads every 100 ms, so reads fail while the server is down and are retried
    const runnerStore = await open(100);
    const checkpoints = createPostgresCheckpointStore(runnerStore);
    const errors: string[] = [];
    const runner = createProjectionRunner({ store: runnerStore, projections: [counting], checkpoints, checkpointEvery: 1, onError: (e) => errors.push(e.message) });
    // a plain subscriber that polls once a minute: after the restart only a re-established LISTEN can wake it in time
    const listening = await open(60_000);
    const heard: RecordedEvent[] = [];
    const subscription = listening.subscribeToAll({ onEvent: (e) => void heard.push(e) });

    await append(writer, 0, 5);
    right(await runner.start());
    await waitFor('the runner to fold the first 10 events', () => runner.state(counting).state.events === 10, 20_000);
    await waitFor('the listener to hear the first 10 events', () => heard.length === 10, 20_000);

    // down for a while: the runner's reads fail meanwhile, and are retried from where it was
    await cluster.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await cluster.start();
    const last = await append(writer, 5, 5);
    await waitFor('the runner to fold 20 events after the restart', () => runner.state(counting).state.events === 20, 30_000);
    await waitFor('the LISTEN subscriber to hear 20 events after the restart', () => heard.length === 20, 20_000);
    expect(errors).toEqual([]);
    expect(Object.values(runner.state(counting).state.seen).every((n) => n === 1)).toBe(true);
    expect(heard.map((e) => e.position)).toEqual([...heard.map((e) => e.position)].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(heard.map((e) => e.event.metadata.eventId)).size).toBe(20);
    right(await runner.waitFor(last));
    await runner.stop();
    await subscription.close();
    const saved = right(await checkpoints.load('counting.v1')());
    expect(saved?.position).toBe(last);

    // the runner is gone; the server restarts again; a new runner starts from the saved checkpoint
    await cluster.restart();
    const next = await append(writer, 10, 3);
    const resumed = createProjectionRunner({ store: runnerStore, projections: [counting], checkpoints, checkpointEvery: 1 });
    right(await resumed.start());
    right(await resumed.waitFor(next));
    await resumed.stop();
    const state = resumed.state(counting);
    expect(state.state.events).toBe(26);
    expect(Object.keys(state.state.seen)).toHaveLength(26);
    expect(Object.values(state.state.seen).every((n) => n === 1)).toBe(true);
    expect(state.position).toBe(next);
  }, 180_000);
});
