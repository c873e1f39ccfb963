import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInMemoryCheckpointStore } from '@cim-complaints/core';
import type { MonitoringReport } from '@cim-complaints/projections';
import { commands, inMemoryStore, recordHistory } from '@cim-complaints/testing';
import { waitFor } from '@cim-complaints/testing/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { run } from '../src/program.js';
import { startLiveReport } from '../src/monitor/live-report.js';
import { cli, jsonLines, tempDir } from './harness.js';

const NOW = '2026-01-05T09:00:00Z';

const receipts = (...ids: string[]) =>
  ids.flatMap((id) => {
    const c = commands(id, '2025-06-02T09:00:00Z');
    return [c.receive({ commandId: `${id}/r` }), c.acknowledge({ commandId: `${id}/a`, at: '2025-06-03T09:00:00Z' })];
  });

describe('monitor', () => {
  describe('when following an in-memory store', () => {
    it('writes a report once caught up, again as events arrive, and a last one on stop, with the checkpoints saved', async () => {
      const store = inMemoryStore();
      await recordHistory(store, receipts('c-1'));
      const checkpoints = createInMemoryCheckpointStore();
      const reports: MonitoringReport[] = [];
      const live = startLiveReport({ store, checkpoints, everyMs: 100, clock: () => NOW, write: (r) => reports.push(r) });
      await waitFor(() => reports.length === 1, 5_000, 'the first report');
      expect(reports[0]!.received.total).toBe(1);
      await recordHistory(store, receipts('c-2', 'c-3'));
      await waitFor(() => reports.at(-1)?.received.total === 3, 5_000, 'a report with three complaints');
      const before = reports.length;
      await new Promise((resolve) => setTimeout(resolve, 350));
      // nothing arrived: no report is written again
      expect(reports.length).toBe(before);
      await live.stop();
      expect(await live.finished).toEqual(E.right(reports.length));
      expect(Object.keys(checkpoints.snapshot()).sort()).toEqual(['case-files.v6', 'received.v3']);
    });
  });

  describe('when a report cannot be written', () => {
    it('stops, saves its checkpoints and ends with the write error', async () => {
      const store = inMemoryStore();
      await recordHistory(store, receipts('c-1'));
      const checkpoints = createInMemoryCheckpointStore();
      const live = startLiveReport({
        store,
        checkpoints,
        everyMs: 100,
        clock: () => NOW,
        write: () => {
          throw new Error('disk full');
        },
      });
      expect(await live.finished).toEqual(E.left(new Error('disk full')));
      expect(Object.keys(checkpoints.snapshot()).sort()).toEqual(['case-files.v6', 'received.v3']);
    });
  });

  describe('when run from the command line on a SQLite store that another process writes', () => {
    it('keeps the report file up to date and stops cleanly on a signal with its checkpoints saved', async () => {
      const dir = tempDir();
      const path = join(dir, 'store.db');
      const out = join(dir, 'report.json');
      expect((await cli(['exec', '--store', `sqlite:${path}`], { stdin: jsonLines(...receipts('c-1')) })).code).toBe(0);
      let stop: (() => void) | undefined;
      const err: string[] = [];
      const running = run(['monitor', '--store', `sqlite:${path}`, '--out', out, '--format', 'json', '--every', '100ms'], {
        stdout: () => undefined,
        stderr: (t) => err.push(t),
        env: {},
        now: () => NOW,
        onStop: (s) => {
          stop = s;
          return () => (stop = undefined);
        },
      });
      const total = () => (existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as MonitoringReport).received.total : -1);
      await waitFor(() => total() === 1, 10_000, 'the first report');
      expect((await cli(['exec', '--store', `sqlite:${path}`], { stdin: jsonLines(...receipts('c-2')) })).code).toBe(0);
      await waitFor(() => total() === 2, 10_000, 'the report to follow the other writer');
      stop!();
      expect(await running).toBe(0);
      expect(err.join('')).toMatch(/monitor wrote .*report\.json as of 2026-01-05T09:00:00Z \(2 complaints\)/);
      // a report after it starts from the checkpoints monitor saved
      const report = await cli(['report', '--store', `sqlite:${path}`, '--format', 'json', '--as-of', NOW]);
      expect(JSON.parse(report.stdout).received.total).toBe(2);
    });

    it('refuses an --out that names the store, and a memory: store', async () => {
      const dir = tempDir();
      const path = join(dir, 'store.db');
      expect((await cli(['exec', '--store', `sqlite:${path}`], { stdin: jsonLines(...receipts('c-1')) })).code).toBe(0);
      expect(await cli(['monitor', '--store', `sqlite:${path}`, '--out', path])).toMatchObject({ code: 2, stderr: expect.stringContaining('is the store this command reads') });
      expect(await cli(['monitor', '--store', 'memory:', '--out', join(dir, 'r.html')])).toMatchObject({ code: 2 });
      expect(await cli(['monitor', '--store', `sqlite:${path}`, '--out', join(dir, 'r.html'), '--every', '5'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--every must be') });
    });
  });
});
