import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { createCommandHandler, createInMemoryCheckpointStore, type ComplaintsObserver, type EventStore, type ProjectionProgress } from '@cim-complaints/core';
import { commands, inMemoryStore } from '@cim-complaints/testing';
import { createProjectionRunner, monitoringModels, monitoringProjections, type AnyProjection } from '../src/index.js';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got ${JSON.stringify(result.left)}`);
  return result.right;
};

const clock = () => '2025-06-30T12:00:00Z';

/** Receives, acknowledges and assigns `count` complaints (three events each) from `first` on. */
const record = async (store: EventStore, count: number, first = 1): Promise<void> => {
  const handle = createCommandHandler({ store, clock });
  for (let i = first; i < first + count; i += 1) {
    const c = commands(`c-${i}`, '2025-06-02T09:00:00Z');
    for (const command of [c.receive(), c.acknowledge(), c.assign()]) right(await handle(command)());
  }
};

const positionsOf = async (store: EventStore): Promise<bigint[]> => right(await store.readAll()()).events.map((e) => e.position);

const eventCount: AnyProjection = { name: 'event-count', version: 1, initial: 0, apply: (n: number) => n + 1 };
const projections = [eventCount, ...monitoringProjections];

const recording = () => {
  const progress: ProjectionProgress[] = [];
  return { progress, observer: { projectionProgress: (p) => progress.push(p) } satisfies ComplaintsObserver };
};

const throwing: ComplaintsObserver = {
  projectionProgress: () => {
    throw new Error('observer down');
  },
};

describe('projection runner observer', () => {
  describe('when the runner rebuilds', () => {
    it('reports each projection after every page, caught up with nothing behind at the end', async () => {
      const store = inMemoryStore();
      await record(store, 4);
      const { observer, progress } = recording();
      const runner = createProjectionRunner({ store, projections, checkpoints: createInMemoryCheckpointStore(), observer });
      right(await runner.rebuild({ pageSize: 5 }));
      const last = (await positionsOf(store)).at(-1);
      // 12 events in pages of 5: three pages, one report per projection each
      expect(progress).toHaveLength(3 * projections.length);
      expect(progress.every((p) => p.mode === 'rebuild')).toBe(true);
      const [early, final] = [progress.slice(0, projections.length), progress.slice(-projections.length)];
      for (const p of early) {
        expect(p).toMatchObject({ position: 5n, caughtUp: false });
        expect(p.eventsBehind).toBeUndefined();
        expect(p.timeBehindMs).toBeGreaterThan(0);
      }
      expect(final).toEqual(projections.map((p) => ({ projection: p.name, mode: 'rebuild', position: last, caughtUp: true, eventsBehind: 0, timeBehindMs: 0 })));
    });

    it('reports a catch-up as such', async () => {
      const store = inMemoryStore();
      await record(store, 2);
      const checkpoints = createInMemoryCheckpointStore();
      right(await createProjectionRunner({ store, projections, checkpoints }).rebuild());
      await record(store, 1, 3);
      const { observer, progress } = recording();
      right(await createProjectionRunner({ store, projections, checkpoints, observer }).catchUp());
      expect(progress.map(({ mode, caughtUp, position }) => ({ mode, caughtUp, position }))).toEqual(projections.map(() => ({ mode: 'catch-up', caughtUp: true, position: 9n })));
    });
  });

  describe('when the runner is live', () => {
    it('reports after each save how many events are stored after each projection, up to the probe limit, then caught up', async () => {
      const store = inMemoryStore();
      await record(store, 4);
      const positions = await positionsOf(store);
      const { observer, progress } = recording();
      const runner = createProjectionRunner({ store, projections, checkpoints: createInMemoryCheckpointStore(), checkpointEvery: 1, observer, lagProbeLimit: 5 });
      right(await runner.start());
      right(await runner.caughtUp());
      const behind = progress.filter((p) => !p.caughtUp);
      // the first event is always saved at once (no save yet to pace by)
      expect(behind.length).toBeGreaterThanOrEqual(projections.length);
      for (const p of behind) {
        const after = positions.filter((at) => p.position === undefined || at > p.position).length;
        expect(p).toMatchObject({ mode: 'live', eventsBehind: Math.min(after, 5) });
        expect(p.eventsBehindAtLeast).toBe(after > 5 ? true : undefined);
        expect(p.timeBehindMs).toBeGreaterThan(0);
      }
      expect(behind[0]).toMatchObject({ position: 1n, eventsBehind: 5, eventsBehindAtLeast: true });
      expect(progress.slice(-projections.length)).toEqual(
        projections.map((p) => ({ projection: p.name, mode: 'live', position: positions.at(-1), caughtUp: true, eventsBehind: 0, timeBehindMs: 0 })),
      );

      // new events: reported again, and caught up again
      const before = progress.length;
      await record(store, 1, 5);
      right(await runner.waitFor((await positionsOf(store)).at(-1)!));
      right(await runner.caughtUp());
      expect(progress.slice(before).at(-1)).toMatchObject({ caughtUp: true, position: 15n, eventsBehind: 0 });
      await runner.stop();
    });

    it('counts nothing with a probe limit of 0', async () => {
      const store = inMemoryStore();
      await record(store, 2);
      const { observer, progress } = recording();
      const runner = createProjectionRunner({ store, projections: [eventCount], checkpoints: createInMemoryCheckpointStore(), checkpointEvery: 1, observer, lagProbeLimit: 0 });
      right(await runner.start());
      right(await runner.caughtUp());
      await runner.stop();
      const behind = progress.filter((p) => !p.caughtUp);
      expect(behind.length).toBeGreaterThan(0);
      for (const p of behind) expect(p.eventsBehind).toBeUndefined();
    });
  });

  describe('when the observer throws', () => {
    it('rebuilds, catches up and runs live as without one', async () => {
      const store = inMemoryStore();
      await record(store, 3);
      const plain = createProjectionRunner({ store, projections, checkpoints: createInMemoryCheckpointStore() });
      const observed = createProjectionRunner({ store, projections, checkpoints: createInMemoryCheckpointStore(), observer: throwing, checkpointEvery: 1 });
      right(await plain.rebuild({ pageSize: 2 }));
      right(await observed.rebuild({ pageSize: 2 }));
      expect(monitoringModels(observed)).toEqual(monitoringModels(plain));
      right(await observed.catchUp());
      await record(store, 2, 4);
      right(await plain.catchUp());
      right(await observed.start());
      right(await observed.caughtUp());
      expect(observed.status()).toEqual({ state: 'running' });
      await observed.stop();
      expect(observed.state(eventCount).state).toBe(15);
      expect(monitoringModels(observed)).toEqual(monitoringModels(plain));
    });
  });
});
