import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventIdFor, type RecordedEvent } from '@cim-complaints/core';
import { openStore, right, tempDir, waitFor } from './support.js';
import { requireBuild, startWorker, type Worker } from './processes.js';

// Bounded by time, not rounds: slower machines do fewer rounds rather than time out.
const BUDGET_MS = 9_000;
const MAX_ROUNDS = 14;
const STREAMS = 4;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQLite event store when writers are killed mid-write', () => {
  let temp: ReturnType<typeof tempDir>;
  const workers: Worker[] = [];

  beforeEach(() => {
    requireBuild();
    temp = tempDir();
  });
  afterEach(() => {
    for (const w of workers.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    temp.cleanup();
  });

  it('leaves a consistent file: every command all there or not at all, every acknowledged commit kept', async () => {
    const path = temp.file();
    await openStore({ path }).close();
    const started = Date.now();
    let kills = 0;
    let rounds = 0;
    const acknowledged = new Set<string>();
    const tried = new Set<string>();

    while (rounds < MAX_ROUNDS && Date.now() - started < BUDGET_MS) {
      rounds += 1;
      const round = [0, 1].map((j) => startWorker('batch-writer.mjs', [path, `r${rounds}w${j}`, String(STREAMS)]));
      workers.push(...round);
      // Kill only once a writer is really writing, then at a random moment of its run.
      await waitFor(`round ${rounds} writers committing`, () => round.every((w) => w.lines.some((l) => l.startsWith('ok ')) || w.child.exitCode !== null), 15_000);
      for (const w of round) expect(w.child.exitCode, w.stderr()).toBeNull();
      await Promise.all(
        round.map(async (w) => {
          await pause(Math.random() * 250);
          w.child.kill('SIGKILL');
          const exit = await w.exited;
          expect(exit.signal).toBe('SIGKILL');
          kills += 1;
        }),
      );
      for (const w of round) {
        for (const line of w.lines) {
          if (line.startsWith('ok ')) acknowledged.add(line.slice(3));
          if (line.startsWith('try ')) tried.add(line.slice(4));
        }
      }
    }
    expect(kills).toBeGreaterThanOrEqual(6);

    // The file as SQLite sees it, recovering the WAL of killed writers.
    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const gaps = db
      .prepare('SELECT stream_id, COUNT(*) AS n, MIN(revision) AS lo, MAX(revision) AS hi FROM events GROUP BY stream_id')
      .all() as { stream_id: string; n: number; lo: number; hi: number }[];
    for (const s of gaps) expect([s.stream_id, s.lo, s.hi]).toEqual([s.stream_id, 0, s.n - 1]);
    db.close();

    // Every event decodes, through the store's own codec.
    const store = openStore({ path });
    const events: RecordedEvent[] = [];
    for (let after: bigint | undefined, end = false; !end; ) {
      const page = right(await store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 500 })());
      events.push(...page.events);
      after = page.lastPosition;
      end = page.isEnd;
    }

    // Each command: exactly its size, its own ids in order, consecutive in one stream and in $all.
    const byCommand = new Map<string, RecordedEvent[]>();
    for (const e of events) byCommand.set(e.event.metadata.commandId, [...(byCommand.get(e.event.metadata.commandId) ?? []), e]);
    for (const [commandId, written] of byCommand) {
      const size = Number(/-s(\d+)$/.exec(commandId)![1]);
      expect(written.map((e) => e.event.metadata.eventId), commandId).toEqual(Array.from({ length: size }, (_, i) => eventIdFor(commandId, i)));
      expect(new Set(written.map((e) => e.streamId)).size, commandId).toBe(1);
      expect(written.map((e) => e.revision - written[0]!.revision)).toEqual(Array.from({ length: size }, (_, i) => i));
      expect(written.map((e) => Number(e.position - written[0]!.position))).toEqual(Array.from({ length: size }, (_, i) => i));
    }
    const missing = [...acknowledged].filter((id) => !byCommand.has(id));
    expect(missing, 'acknowledged commits missing from the file').toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(0);
    expect([...byCommand.keys()].filter((id) => !tried.has(id)), 'commands on file that no writer tried').toEqual([]);
    // Kills that landed inside an append: rolled back (tried, absent) or committed but not yet acknowledged.
    const rolledBack = [...tried].filter((id) => !byCommand.has(id)).length;
    const unacknowledged = [...byCommand.keys()].filter((id) => !acknowledged.has(id)).length;
    expect(rolledBack + unacknowledged, 'kills that landed inside an append').toBeGreaterThan(0);

    // And the file still takes writes where the streams left off.
    for (let k = 0; k < STREAMS; k += 1) {
      const streamId = `complaint-k-${k}`;
      const read = right(await store.readStream(streamId)());
      expect(read.events.map((e) => e.revision)).toEqual(read.events.map((_, i) => i));
    }
    await store.close();
    console.info(
      `crash test: ${kills} writers killed in ${rounds} rounds; ${byCommand.size} commands (${events.length} events) on file; ` +
        `${rolledBack} interrupted appends rolled back, ${unacknowledged} committed but killed before acknowledging`,
    );
  });
});
