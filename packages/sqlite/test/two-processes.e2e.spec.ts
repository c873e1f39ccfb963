import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandHandler } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';
import { openStore, right, tempDir, waitFor } from './support.js';
import { requireBuild, startWorker, type Worker } from './processes.js';

const PER_WORKER = 60;

describe('SQLite event store shared by two OS processes', () => {
  let temp: ReturnType<typeof tempDir>;
  const workers: Worker[] = [];

  beforeEach(() => {
    requireBuild();
    temp = tempDir();
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    temp.cleanup();
  });

  describe('when both append commands to the same complaint at once', () => {
    it('loses nothing and retries the conflicts', async () => {
      const path = temp.file();
      const store = openStore({ path });
      const handle = createCommandHandler({ store, clock: () => '2025-03-03T12:00:00Z' });
      right(await handle(commands('c-shared').receive({ commandId: 'receive', at: '2025-03-03T09:00:00Z' }))());
      await store.close();

      workers.push(startWorker('command-writer.mjs', [path, 'c-shared', 'a', String(PER_WORKER)]));
      workers.push(startWorker('command-writer.mjs', [path, 'c-shared', 'b', String(PER_WORKER)]));
      await waitFor('both workers ready', () => workers.every((w) => w.lines.includes('ready')), 15_000);
      for (const w of workers) w.child.stdin.write('go\n');
      const exits = await Promise.all(workers.map((w) => w.exited));
      expect(exits, workers.map((w) => w.stderr()).join('\n')).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);

      const reports = workers.map((w) => JSON.parse(w.lines.at(-1)!) as { label: string; attempts: number[]; failures: string[] });
      expect(reports.flatMap((r) => r.failures)).toEqual([]);
      expect(reports.map((r) => r.attempts.length)).toEqual([PER_WORKER, PER_WORKER]);
      const retried = reports.flatMap((r) => r.attempts).filter((n) => n > 1).length;
      expect(retried, 'commands that met a conflict and were retried').toBeGreaterThan(0);

      const reopened = openStore({ path });
      const read = right(await reopened.readStream('complaint-c-shared')());
      await reopened.close();
      expect(read.events.map((e) => e.revision)).toEqual(Array.from({ length: 1 + 2 * PER_WORKER }, (_, i) => i));
      const commandIds = read.events.map((e) => e.event.metadata.commandId);
      const expected = ['receive', ...['a', 'b'].flatMap((label) => Array.from({ length: PER_WORKER }, (_, i) => `${label}-${i + 1}`))];
      expect([...commandIds].sort()).toEqual([...expected].sort());
      // Each worker's commands land in the order it sent them.
      for (const label of ['a', 'b']) {
        const own = commandIds.filter((id) => id.startsWith(`${label}-`));
        expect(own).toEqual(Array.from({ length: PER_WORKER }, (_, i) => `${label}-${i + 1}`));
      }
      const db = new Database(path, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  });
});
