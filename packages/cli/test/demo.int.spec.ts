import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { complaintIdOf, eventIdFor, instantMillis, type RecordedEvent } from '@cim-complaints/core';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './harness.js';

const allEvents = async (path: string): Promise<RecordedEvent[]> => {
  const opened = createSqliteEventStore({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  try {
    const events: RecordedEvent[] = [];
    let after: bigint | undefined;
    for (;;) {
      const page = await opened.right.readAll({ ...(after === undefined ? {} : { after }), maxCount: 500 })();
      if (E.isLeft(page)) throw new Error(page.left.message);
      events.push(...page.right.events);
      after = page.right.lastPosition;
      if (page.right.isEnd) return events;
    }
  } finally {
    await opened.right.close();
  }
};

describe('demo', () => {
  describe('with a seed', () => {
    it('prints the same output, byte for byte, every time; another seed gives another year', async () => {
      const args = ['demo', '--store', 'memory:', '--complaints', '30'];
      const first = await cli([...args, '--seed', '11']);
      const second = await cli([...args, '--seed', '11']);
      const other = await cli([...args, '--seed', '12']);
      expect(first.code).toBe(0);
      expect(first.stdout).toBe(second.stdout);
      expect(other.stdout).not.toBe(first.stdout);
      expect(first.stdout).toContain('cim-complaints demo: 30 complaints received in 2025 (seed 11), loaded into memory:');
    });
  });

  describe('into a new SQLite store', () => {
    it('loads N complaints, every event written by the command handler, then prints the report and a replay', async () => {
      const path = join(tempDir(), 'demo.db');
      const { code, stdout, stderr } = await cli(['demo', '--store', `sqlite:${path}`, '--complaints', '30', '--seed', '3']);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const events = await allEvents(path);
      const complaints = new Set(events.map((e) => complaintIdOf(e.streamId)));
      expect(complaints.size).toBe(30);
      // the handler derives each event id from its command id and index; recordedAt comes from its clock
      const indexInCommand = new Map<string, number>();
      for (const { event } of events) {
        const index = indexInCommand.get(event.metadata.commandId) ?? 0;
        indexInCommand.set(event.metadata.commandId, index + 1);
        expect(event.metadata.commandId).toMatch(/^CIM-2025-\d{4}\/\d{2}$/);
        expect(event.metadata.eventId).toBe(eventIdFor(event.metadata.commandId, index));
        const lag = instantMillis(event.metadata.recordedAt) - instantMillis(event.metadata.occurredAt);
        expect(lag).toBeGreaterThanOrEqual(60_000);
        expect(lag).toBeLessThanOrEqual(15 * 60_000);
      }
      expect(stdout).toMatch(/^cim-complaints demo: 30 complaints received in 2025 \(seed 3\)/);
      expect(stdout).toContain('# Complaints monitoring report\n\nAs of 2025-12-31T23:59:59Z.');
      const showcase = /## One case replayed: (CIM-2025-\d{4}),/.exec(stdout)?.[1];
      expect(showcase).toBeDefined();
      expect(stdout).toContain(`cim-complaints replay ${showcase} --store sqlite:${path} --as-of 2025-12-31T23:59:59Z`);
      // the replayed case was reopened, had a third party and was referred to its regulator
      const replay = stdout.slice(stdout.indexOf('## One case replayed'));
      for (const type of ['ThirdPartyAuthorised', 'AssessmentFailureIdentified', 'ComplaintReopened', 'ReferredToRegulator']) expect(replay).toContain(type);
    });

    it('refuses a store that already holds events unless --replace is given', async () => {
      const path = join(tempDir(), 'demo.db');
      const args = ['demo', '--store', `sqlite:${path}`, '--complaints', '5', '--seed', '1'];
      expect((await cli(args)).code).toBe(0);
      const again = await cli(args);
      expect(again).toEqual({
        code: 1,
        stdout: '',
        stderr: `cim-complaints: sqlite:${path} already holds events and demo loads a new store: pass --replace to delete it and start again (a store the demo did not create also needs --force), or choose another file, e.g. --store sqlite:./cim-complaints-demo.db\n`,
      });
      const replaced = await cli([...args, '--replace']);
      expect(replaced.code).toBe(0);
      expect(new Set((await allEvents(path)).map((e) => e.streamId)).size).toBe(5);
    });

    it('--replace will not delete a file that is not SQLite', async () => {
      const path = join(tempDir(), 'notes.txt');
      writeFileSync(path, 'my notes');
      const { code, stderr } = await cli(['demo', '--store', `sqlite:${path}`, '--complaints', '2', '--replace']);
      expect(code).toBe(1);
      expect(stderr).toBe(`cim-complaints: --replace: ${path} is not a SQLite file; not deleting it\n`);
      expect(readFileSync(path, 'utf8')).toBe('my notes');
    });
  });

  describe('the default year', () => {
    it('loads 240 complaints with only the deliberate rejections', async () => {
      const { code, stdout } = await cli(['demo', '--store', 'memory:', '--seed', '2025']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^cim-complaints demo: 240 complaints received in 2025 \(seed 2025\)/);
      const [, total, applied, rejected] = /(\d+) commands went through the command handler: (\d+) applied \(\d+ events\), (\d+) rejected\./.exec(stdout) ?? [];
      expect(Number(applied) + Number(rejected)).toBe(Number(total));
      expect(Number(rejected)).toBeGreaterThan(0);
      expect(stdout).toContain(`Rejected as intended, the rules at work (${rejected}):`);
      expect(stdout).not.toContain('UNEXPECTEDLY');
      expect(stdout).toContain('| 240 |');
    });
  });

  describe('progress', () => {
    it('draws a bar on stderr when it is a terminal, and nothing when it is not', async () => {
      const args = ['demo', '--store', 'memory:', '--complaints', '10', '--seed', '5'];
      const onTerminal = await cli(args, { tty: true });
      expect(onTerminal.stderr).toMatch(/^\rloading \[/);
      const clearLine = `\r${String.fromCharCode(27)}[2K`;
      expect(onTerminal.stderr).toContain(`100% (`);
      expect(onTerminal.stderr.slice(onTerminal.stderr.lastIndexOf(clearLine) + clearLine.length)).toMatch(/^loaded \d+ commands in \d+\.\d s\n$/);
      const piped = await cli(args, { tty: false });
      expect(piped.stderr).toBe('');
      expect(piped.stdout).toBe(onTerminal.stdout);
    });
  });

  describe('when the arguments are wrong', () => {
    it.each([
      [['--complaints', '0'], 'cim-complaints: --complaints must be a whole number from 1 to 20000, got "0"\n'],
      [['--seed', '-4'], 'cim-complaints: --seed must be a whole number from 0 to 4294967295, got "-4"\n'],
      [['--seed', '4294967296'], 'cim-complaints: --seed must be a whole number from 0 to 4294967295, got "4294967296"\n'],
    ])('%j: exit 2', async (args, message) => {
      expect(await cli(['demo', '--store', 'memory:', ...args])).toEqual({ code: 2, stdout: '', stderr: message });
    });
  });
});
