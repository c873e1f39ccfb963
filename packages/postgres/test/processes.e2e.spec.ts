import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandHandler, verifyStore } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';
import { freshSchema, openStore, right, waitFor, withServer, type TestSchema } from './support.js';
import { requireBuild, startWorker, type Worker } from './processes.js';

const WORKERS = ['a', 'b', 'c'];
const PER_WORKER = 40;

withServer(describe)('PostgreSQL event store shared by several OS processes', () => {
  let test: TestSchema;
  const workers: Worker[] = [];

  beforeEach(() => {
    requireBuild();
    test = freshSchema('processes');
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await test.drop();
  });

  describe('when they append commands to the same complaint at once', () => {
    it('loses nothing, retries the conflicts, and leaves a chain that verifies', async () => {
      const store = await openStore({ connectionString: test.url });
      const handle = createCommandHandler({ store, clock: () => '2025-03-03T12:00:00Z' });
      right(await handle(commands('c-shared').receive({ commandId: 'receive', at: '2025-03-03T09:00:00Z' }))());

      for (const label of WORKERS) workers.push(startWorker('command-writer.mjs', [test.url, 'c-shared', label, String(PER_WORKER)]));
      await waitFor('every worker ready', () => workers.every((w) => w.lines.includes('ready')), 20_000);
      for (const w of workers) w.child.stdin.write('go\n');
      const exits = await Promise.all(workers.map((w) => w.exited));
      expect(exits, workers.map((w) => w.stderr()).join('\n')).toEqual(WORKERS.map(() => ({ code: 0, signal: null })));

      const reports = workers.map((w) => JSON.parse(w.lines.at(-1)!) as { label: string; attempts: number[]; failures: string[] });
      expect(reports.flatMap((r) => r.failures)).toEqual([]);
      expect(reports.map((r) => r.attempts.length)).toEqual(WORKERS.map(() => PER_WORKER));
      const retried = reports.flatMap((r) => r.attempts).filter((n) => n > 1).length;
      expect(retried, 'commands that met a conflict and were retried').toBeGreaterThan(0);

      const read = right(await store.readStream('complaint-c-shared')());
      expect(read.events.map((e) => e.revision)).toEqual(Array.from({ length: 1 + WORKERS.length * PER_WORKER }, (_, i) => i));
      const commandIds = read.events.map((e) => e.event.metadata.commandId);
      const expected = ['receive', ...WORKERS.flatMap((label) => Array.from({ length: PER_WORKER }, (_, i) => `${label}-${i + 1}`))];
      expect([...commandIds].sort()).toEqual([...expected].sort());
      // each worker's commands land in the order it sent them
      for (const label of WORKERS) expect(commandIds.filter((id) => id.startsWith(`${label}-`))).toEqual(Array.from({ length: PER_WORKER }, (_, i) => `${label}-${i + 1}`));
      const verified = right(await verifyStore(store)());
      expect(verified.breaks).toEqual([]);
      console.log(`${WORKERS.length} processes × ${PER_WORKER} commands on one complaint: ${retried} commands retried after a conflict, ${Math.max(...reports.flatMap((r) => r.attempts))} attempts at most`);
      await store.close();
    }, 120_000);
  });
});
