import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { closedPort, commands } from '@cim-complaints/testing';
import { describe, expect, it } from 'vitest';
import { describeStore, parseStore, resolveStore } from '../src/store-selection.js';
import { cli, jsonLines, tempDir } from './harness.js';

const io = (env: Record<string, string>) => ({ stdout: () => undefined, stderr: () => undefined, env });


describe('store selection', () => {
  describe('parsing', () => {
    it.each([
      ['sqlite:./cim-complaints.db', { kind: 'sqlite', path: './cim-complaints.db' }],
      ['sqlite:/var/lib/cim/cases.db', { kind: 'sqlite', path: '/var/lib/cim/cases.db' }],
      ['memory:', { kind: 'memory' }],
      ['esdb://localhost:2113?tls=false', { kind: 'esdb', connectionString: 'esdb://localhost:2113?tls=false' }],
      ['esdb+discover://cluster.example.org:2113', { kind: 'esdb', connectionString: 'esdb+discover://cluster.example.org:2113' }],
    ])('%s', (value, spec) => {
      expect(parseStore(value)).toEqual(spec);
    });
    it('defaults to sqlite:./cim-complaints.db, then CIM_COMPLAINTS_STORE, then --store', () => {
      expect(resolveStore(undefined, io({}))).toEqual({ kind: 'sqlite', path: './cim-complaints.db' });
      expect(resolveStore(undefined, io({ CIM_COMPLAINTS_STORE: 'memory:' }))).toEqual({ kind: 'memory' });
      expect(resolveStore('sqlite:x.db', io({ CIM_COMPLAINTS_STORE: 'memory:' }))).toEqual({ kind: 'sqlite', path: 'x.db' });
    });
    it('never shows an EventStoreDB password in messages', () => {
      expect(describeStore(parseStore('esdb://admin:changeit@db.example.org:2113?tls=true'))).toBe('esdb://db.example.org:2113?tls=true');
      expect(() => parseStore('mysql://admin:changeit@db')).toThrow('unknown store "mysql://..."');
    });
  });

  describe('on the command line', () => {
    const receive = commands('c-1').receive({ commandId: 'k-1', at: '2025-06-02T09:00:00+01:00' });

    it('honours CIM_COMPLAINTS_STORE', async () => {
      const path = join(tempDir(), 'from-env.db');
      const { code } = await cli(['exec'], { stdin: jsonLines(receive), env: { CIM_COMPLAINTS_STORE: `sqlite:${path}` } });
      expect(code).toBe(0);
      expect(existsSync(path)).toBe(true);
      const replayed = await cli(['replay', 'c-1', '--json'], { env: { CIM_COMPLAINTS_STORE: `sqlite:${path}` } });
      expect(replayed.code).toBe(0);
    });
    it('takes memory: for exec', async () => {
      const { code, stdout } = await cli(['exec', '--store', 'memory:'], { stdin: jsonLines(receive) });
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ line: 1, ok: true, complaintId: 'c-1', events: ['ComplaintReceived'], revision: 0 });
    });
    it.each([
      [['exec', '--store', 'mysql://localhost/cim'], {}, 'cim-complaints: --store: unknown store "mysql://localhost/cim"; use sqlite:<path> (e.g. sqlite:./cim-complaints.db), memory:, esdb://host:2113?tls=false, or postgres://user:password@host:5432/database\n'],
      [['report'], { CIM_COMPLAINTS_STORE: 'mysql:cim' }, 'cim-complaints: CIM_COMPLAINTS_STORE: unknown store "mysql:cim"; use sqlite:<path> (e.g. sqlite:./cim-complaints.db), memory:, esdb://host:2113?tls=false, or postgres://user:password@host:5432/database\n'],
      [['replay', 'c-1', '--store', 'sqlite:'], {}, 'cim-complaints: --store: sqlite: needs a file path, e.g. sqlite:./cim-complaints.db\n'],
      [['report', '--store', 'memory:'], {}, 'cim-complaints: report reads what earlier runs stored, and --store memory: starts empty in every process; use sqlite:<path>, esdb://... or postgres://...\n'],
    ])('%j: exit 2 with one clear line', async (args, env, message) => {
      expect(await cli(args, { env })).toEqual({ code: 2, stdout: '', stderr: message });
    });
    it('exits 2 for a malformed EventStoreDB connection string', async () => {
      const { code, stderr } = await cli(['replay', 'c-1', '--store', 'esdb://a:b:c:d']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^cim-complaints: --store: invalid EventStoreDB connection string: [^\n]+\n$/);
    });
    it('reports an unreachable EventStoreDB in one line, exit 1', async () => {
      const store = `esdb://127.0.0.1:${await closedPort()}?tls=false&defaultDeadline=3000`;
      const { code, stdout, stderr } = await cli(['replay', 'c-1', '--store', store]);
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr).toMatch(new RegExp(`^cim-complaints: reading complaint c-1 from ${store.replace(/[?.]/g, '\\$&')} failed \\((unavailable|deadline-exceeded)\\): [^\\n]+\\n$`));
    });
  });
});
