// EventStoreDB credentials never reach the output: not in messages, not in --debug stacks, not in
// exec's result lines, whatever the password holds (`/`, `@`, `:`, `?`, `#`, `%`, percent-encoding).
import { closedPort, commands } from '@cim-complaints/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli, jsonLines, type CliRun } from './harness.js';


let port = 0;
beforeAll(async () => {
  port = await closedPort();
});

// [password as written in the string, what must never be printed]
const passwords: readonly (readonly [string, readonly string[]])[] = [
  // the client reads `p/a` as the password and `ss@127.0.0.1` as the host, so its errors name `ss@127.0.0.1`
  ['p/a@ss', ['p/a@ss', 'p/a', 'ss@127', 'p%2Fa']],
  ['s3cr/et', ['s3cr/et', 's3cr%2Fet']],
  ['hunter2@top/secret', ['hunter2', 'top/secret', 'top%2Fsecret']],
  ['pa:ss?w#rd', ['pa:ss?w#rd', 'ss?w#rd', 'pa%3Ass']],
  ['50%25off', ['50%25off', '50%off']],
  ['p%2Fa%40ss%3Aword', ['p%2Fa%40ss%3Aword', 'p/a@ss:word', 'p%2fa%40ss']],
];

const storeFor = (password: string, host = `127.0.0.1:${port}`) => `esdb://admin:${password}@${host}?tls=false&defaultDeadline=3000`;

const expectNoSecrets = ({ stdout, stderr }: CliRun, secrets: readonly string[]) => {
  for (const secret of secrets) {
    expect(stderr).not.toContain(secret);
    expect(stdout).not.toContain(secret);
  }
};

const receive = commands('c-1').receive({ commandId: 'k-1', at: '2025-06-02T09:00:00+01:00' });

describe('EventStoreDB credentials in the output', () => {
  describe.each(passwords)('a password written %j', (password, secrets) => {
    it.each([[['replay', 'c-1']], [['replay', 'c-1', '--debug']], [['report']], [['report', '--debug']]])('%j --store: one line naming the host, exit 1', async (args) => {
      const run = await cli([...args, '--store', storeFor(password)]);
      expect(run.code).toBe(1);
      expectNoSecrets(run, secrets);
      expect(run.stderr).toMatch(new RegExp(`^cim-complaints: reading (complaint c-1 from )?esdb://127\\.0\\.0\\.1:${port}\\?tls=false&defaultDeadline=3000 (for the report )?failed \\([a-z-]+\\): [^\\n]+\\n`));
      if (args.includes('--debug')) expect(run.stderr).toMatch(/\n\s+at /);
    });

    it.each([[[]], [['--debug']]])('exec %j: the result line holds no secret either', async (extra) => {
      const run = await cli(['exec', ...extra, '--store', storeFor(password)], { stdin: jsonLines(receive) });
      expect(run.code).toBe(1);
      expectNoSecrets(run, secrets);
      expect(JSON.parse(run.stdout)).toMatchObject({ line: 1, ok: false, error: { code: expect.stringMatching(/^store-(unavailable|deadline-exceeded)$/) } });
    });

    it.each([[['replay', 'c-1', '--debug']], [['report']], [['exec', '--debug']]])('%j via CIM_COMPLAINTS_STORE', async (args) => {
      const run = await cli(args, { env: { CIM_COMPLAINTS_STORE: storeFor(password) }, stdin: jsonLines(receive) });
      expect(run.code).toBe(1);
      expectNoSecrets(run, secrets);
    });

    it('--store=... and a multi-host string', async () => {
      const run = await cli(['replay', 'c-1', '--debug', `--store=${storeFor(password, `127.0.0.1:${port},localhost:${port}`)}`]);
      expect(run.code).toBe(1);
      expectNoSecrets(run, secrets);
      expect(run.stderr).toContain(`127.0.0.1:${port},localhost:${port}`);
    });
  });

  it.each([
    ['esdb://user:p@ss:word@db.example.org', ['p@ss:word', 'word', 'ss:wo']],
    ['esdb://admin:s3cret@db.example.org:2113?tls=maybe', ['s3cret']],
    ['esdb://admin:pa%ZZss@db.example.org:2113', ['pa%ZZss']],
    // a raw `%` the client cannot percent-decode
    ['esdb://admin:100%pure@db.example.org:2113', ['100%pure', '100%25pure']],
  ])('a malformed string %s: exit 2, and the parse error does not quote the password', async (store, secrets) => {
    for (const args of [
      ['replay', 'c-1', '--debug', '--store', store],
      ['report', '--store', store],
    ]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^cim-complaints: --store: invalid EventStoreDB connection string: [^\n]+\n/);
      expectNoSecrets(run, secrets);
    }
    const fromEnv = await cli(['exec', '--debug'], { env: { CIM_COMPLAINTS_STORE: store }, stdin: jsonLines(receive) });
    expect(fromEnv.code).toBe(2);
    expectNoSecrets(fromEnv, secrets);
  });

  it('an unknown store with credentials shows only its scheme, whatever its password holds', async () => {
    const run = await cli(['report', '--store', 'mysql://admin:p/a@ss@db.example.org/cim']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cim-complaints: --store: unknown store "mysql://..."; use sqlite:<path> (e.g. sqlite:./cim-complaints.db), memory:, esdb://host:2113?tls=false, or postgres://user:password@host:5432/database\n',
    });
  });

  describe("the client's own warnings", () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('print the string without its password', async () => {
      const warnings: string[] = [];
      vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
        warnings.push(args.join(' '));
      });
      const run = await cli(['replay', 'c-1', '--store', `${storeFor('s3cr/et')}&notAnOption=1`]);
      expect(run.code).toBe(1);
      expect(warnings.join('\n')).toContain('Unknown option key "notAnOption"');
      expectNoSecrets({ ...run, stderr: `${run.stderr}${warnings.join('\n')}` }, ['s3cr/et', 's3cr%2Fet']);
    });
  });
});
