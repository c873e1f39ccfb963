import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { streamIdOf } from '@cim-complaints/core';
import { createSqliteEventStore } from '@cim-complaints/sqlite';
import { commands } from '@cim-complaints/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cli, jsonLines, tempDir } from './harness.js';

const readEvents = async (path: string, complaintId: string) => {
  const opened = createSqliteEventStore({ path });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  try {
    const read = await opened.right.readStream(streamIdOf(complaintId))();
    if (E.isLeft(read)) throw new Error(read.left.message);
    const all = await opened.right.readAll()();
    if (E.isLeft(all)) throw new Error(all.left.message);
    return { types: read.right.events.map((e) => e.event.type), total: all.right.events.length };
  } finally {
    await opened.right.close();
  }
};

describe('exec', () => {
  const c = commands('c-1');
  const receive = c.receive({ commandId: 'k-1', at: '2025-06-02T09:00:00+01:00' });
  const acknowledge = c.acknowledge({ commandId: 'k-2', at: '2025-06-03T10:00:00+01:00' });
  const closeTooSoon = c.close({ commandId: 'k-3', at: '2025-06-04T10:00:00+01:00' });

  describe('when good, bad and not-JSON lines are mixed', () => {
    it('answers each line with one JSON line, writes only the good ones, and exits 1', async () => {
      const path = join(tempDir(), 'cases.db');
      const stdin = jsonLines(
        receive,
        '',
        acknowledge,
        '{"type": "AcknowledgeComplaint", oops}',
        closeTooSoon,
        acknowledge,
        { type: 'ReceiveComplaint', complaintId: 'c-2', commandId: 'k-5', at: '2025-06-02T09:00:00Z', actor: { id: 'u-1', role: 'clerk' } },
        c.acknowledge({ commandId: 'k-6', complaintId: 'c-3', at: '2030-01-01T09:00:00Z' }),
      );
      const { code, stdout, stderr } = await cli(['exec', '--store', `sqlite:${path}`], { stdin });
      expect(stderr).toBe('');
      const lines = stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => l.line)).toEqual([1, 3, 4, 5, 6, 7, 8]);
      expect(lines[0]).toEqual({ line: 1, ok: true, complaintId: 'c-1', events: ['ComplaintReceived'], revision: 0 });
      expect(lines[1]).toEqual({ line: 3, ok: true, complaintId: 'c-1', events: ['ComplaintAcknowledged'], revision: 1 });
      expect(lines[2]).toMatchObject({ line: 4, ok: false, error: { code: 'invalid-json', details: { position: 33 } } });
      expect((lines[2] as { error: { message: string } }).error.message).toBe('line 4 is not JSON (at character 34)');
      expect(lines[3]).toEqual({
        line: 5,
        ok: false,
        error: {
          code: 'no-response-issued',
          message: 'complaint c-1 cannot be closed: the outcome has not been sent to the complainant (C8)',
          details: { responseIssued: false, unremediatedFailures: [] },
        },
      });
      expect(lines[4]).toEqual({ line: 6, ok: true, complaintId: 'c-1', events: ['ComplaintAcknowledged'], revision: 1, alreadyApplied: true });
      expect(lines[5]).toMatchObject({ line: 7, ok: false, error: { code: 'invalid-command' } });
      const problems = (lines[5] as { error: { details: { problems: { path: string }[] } } }).error.details.problems.map((p) => p.path);
      expect(problems).toEqual(expect.arrayContaining(['channel', 'complainant', 'businessArea', 'summary']));
      expect(lines[6]).toMatchObject({ line: 8, ok: false, error: { code: 'command-in-future', details: { at: '2030-01-01T09:00:00Z', now: '2026-01-05T09:00:00Z' } } });
      expect(code).toBe(1);
      expect(await readEvents(path, 'c-1')).toEqual({ types: ['ComplaintReceived', 'ComplaintAcknowledged'], total: 2 });
    });
  });

  describe('when every line applies', () => {
    it('exits 0, reading the commands from --file', async () => {
      const dir = tempDir();
      const file = join(dir, 'commands.jsonl');
      writeFileSync(file, jsonLines(receive, acknowledge, c.assign({ commandId: 'k-4', at: '2025-06-03T11:00:00+01:00' })));
      const { code, stdout } = await cli(['exec', '--file', file, '--store', `sqlite:${join(dir, 'cases.db')}`]);
      expect(stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { revision: number }).revision)).toEqual([0, 1, 2]);
      expect(code).toBe(0);
    });
    it('exits 0 on empty input', async () => {
      expect(await cli(['exec', '--store', 'memory:'], { stdin: '' })).toEqual({
        code: 0,
        stdout: '',
        stderr: 'cim-complaints: exec on memory: keeps nothing after this run (a dry run); use --store sqlite:<path> to keep the events\n',
      });
    });
  });

  describe('when a line holds personal data (C5)', () => {
    const MARKER = 'Zq-Marker';

    it('answers a line that is not JSON with its line number and character offset only, never its text', async () => {
      const stdin = [
        // V8 names no position for this one, and quotes the text around it
        `{"type":"ReceiveComplaint","complainant":{"name": Jane ${MARKER}}}`,
        // V8 names the position, and the line holds an email
        `{"type":"ReceiveComplaint","complainant":{"email":"${MARKER.toLowerCase()}@example.org" "name":"x"}}`,
        `${MARKER} at position 3`,
        '',
      ].join('\n');
      const { code, stdout, stderr } = await cli(['exec', '--store', 'memory:'], { stdin });
      expect(code).toBe(1);
      expect(`${stdout}\n${stderr}`.toLowerCase()).not.toContain(MARKER.toLowerCase());
      expect(`${stdout}\n${stderr}`).not.toContain('Jane');
      expect(stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
        { line: 1, ok: false, error: { code: 'invalid-json', message: 'line 1 is not JSON (at character 51)', details: { position: 50 } } },
        { line: 2, ok: false, error: { code: 'invalid-json', message: 'line 2 is not JSON (at character 75)', details: { position: 74 } } },
        { line: 3, ok: false, error: { code: 'invalid-json', message: 'line 3 is not JSON (at character 1)', details: { position: 0 } } },
      ]);
    });

    it('answers a command whose personal fields do not decode without quoting them, and still quotes the rest', async () => {
      const stdin = jsonLines({
        ...c.receive({ commandId: 'k-9' }),
        complainant: { name: `Jane ${MARKER}`, email: [`${MARKER}@example.org`], relationship: 'friend' },
      });
      const { code, stdout } = await cli(['exec', '--store', 'memory:'], { stdin });
      expect(code).toBe(1);
      expect(stdout).not.toContain(MARKER);
      const line = JSON.parse(stdout) as { error: { code: string; details: { problems: unknown } } };
      expect(line.error.code).toBe('invalid-command');
      expect(line.error.details.problems).toEqual(
        expect.arrayContaining([
          { path: 'complainant.email', message: 'expected NonEmptyString, got an array of 1 item' },
          { path: 'complainant.relationship', message: 'expected Relationship, got "friend"' },
        ]),
      );
    });
  });

  describe('when the arguments are wrong', () => {
    it('exits 2 for a --file that does not exist', async () => {
      const { code, stderr } = await cli(['exec', '--file', join(tempDir(), 'missing.jsonl'), '--store', 'memory:']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^cim-complaints: --file: cannot read ".*missing\.jsonl": no such file\n$/);
    });
  });
});
