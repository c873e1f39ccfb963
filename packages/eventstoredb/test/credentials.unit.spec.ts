import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString.js';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientFromConnectionString, connectEventStoreDb } from '../src/connection.js';
import { connectionStringSecrets, maskConnectionString, redactSecrets } from '../src/credentials.js';
import { createEventStoreDbCheckpointStore } from '../src/checkpoints.js';
import { closedPort } from '@cim-complaints/testing';


/** What the client itself reads as the password, if it reads one. */
const clientPassword = (connectionString: string): string | undefined => {
  try {
    return parseConnectionString(connectionString).defaultCredentials?.password;
  } catch {
    return undefined;
  }
};

describe('maskConnectionString', () => {
  it.each([
    // [connection string, masked, the password as the user meant it]
    ['esdb://admin:changeit@localhost:2113?tls=false', 'esdb://localhost:2113?tls=false', 'changeit'],
    ['esdb://admin:p/a@ss@127.0.0.1:1?tls=false', 'esdb://127.0.0.1:1?tls=false', 'p/a@ss'],
    ['esdb://admin:s3cr/et@db.example.org:2113', 'esdb://db.example.org:2113', 's3cr/et'],
    ['esdb://admin:p@ss@db.example.org:2113', 'esdb://db.example.org:2113', 'p@ss'],
    ['esdb://admin:pa:ss:wd@h1:2113,h2:2113,h3:2113?tls=false', 'esdb://h1:2113,h2:2113,h3:2113?tls=false', 'pa:ss:wd'],
    ['esdb://admin:pa?ss@h1:2113,h2:2113?tls=false&nodePreference=leader', 'esdb://h1:2113,h2:2113?tls=false&nodePreference=leader', 'pa?ss'],
    ['esdb://admin:pa#ss@db.example.org:2113', 'esdb://db.example.org:2113', 'pa#ss'],
    ['esdb://admin:100%secret@db.example.org:2113', 'esdb://db.example.org:2113', '100%secret'],
    ['esdb://admin:p%2Fa%40ss%3Aw@db.example.org:2113?tls=false', 'esdb://db.example.org:2113?tls=false', 'p%2Fa%40ss%3Aw'],
    ['esdb://admin:p%2Fa%40ss%3Aw@h1:2113,h2:2113', 'esdb://h1:2113,h2:2113', 'p%2Fa%40ss%3Aw'],
    ['esdb://admin:pass word@db.example.org:2113', 'esdb://db.example.org:2113', 'pass word'],
    ['esdb://admin:/@:?#%@h1:2113,h2:2113/?tls=false', 'esdb://h1:2113,h2:2113/?tls=false', '/@:?#%'],
    ['esdb://admin:changeit@db.example.org:2113/?tls=false', 'esdb://db.example.org:2113/?tls=false', 'changeit'],
    ['esdb://admin:changeit@[::1]:2113?tls=false', 'esdb://[::1]:2113?tls=false', 'changeit'],
    ['esdb+discover://admin:s3cr@t!@cluster.example.org:2113', 'esdb+discover://cluster.example.org:2113', 's3cr@t!'],
    ['esdb+discover://admin:a/b:c@n1.example.org:2113,n2.example.org:2113', 'esdb+discover://n1.example.org:2113,n2.example.org:2113', 'a/b:c'],
    // the URL parser would read `user` as the host here: the fallback masks the userinfo all the same
    ['esdb://user/x:secret@db.example.org:2113', 'esdb://db.example.org:2113', 'secret'],
    // a bare username (or a token in its place) is masked too
    ['esdb://admin@db.example.org:2113', 'esdb://db.example.org:2113', undefined],
    ['esdb://:secret@db.example.org:2113', 'esdb://db.example.org:2113', 'secret'],
    // no credentials: unchanged
    ['esdb://localhost:2113?tls=false', 'esdb://localhost:2113?tls=false', undefined],
    ['esdb://h1:2113,h2:2113,h3:2113?tls=false', 'esdb://h1:2113,h2:2113,h3:2113?tls=false', undefined],
    ['esdb+discover://cluster.example.org:2113', 'esdb+discover://cluster.example.org:2113', undefined],
    // an `@` in a query value reads as userinfo: more is hidden, never less
    ['esdb://admin:changeit@db.example.org:2113?connectionName=svc@x', 'esdb://x', 'changeit'],
  ])('%s -> %s', (connectionString, masked, password) => {
    expect(maskConnectionString(connectionString)).toBe(masked);
    if (password !== undefined) {
      expect(maskConnectionString(connectionString)).not.toContain(password);
      expect(maskConnectionString(connectionString)).not.toContain(decodeURIComponent(password.replace(/%(?![0-9A-F]{2})/gi, '%25')));
    }
    // and whatever the client takes for the password is never shown either
    const client = clientPassword(connectionString);
    if (client !== undefined && client.length > 2) expect(maskConnectionString(connectionString)).not.toContain(client);
  });

  it('agrees with the client on where the password ends, and hides more where they differ', () => {
    // the client reads `p/a` as the password and `ss@127.0.0.1` as the host: both halves are hidden
    expect(parseConnectionString('esdb://admin:p/a@ss@127.0.0.1:1?tls=false')).toMatchObject({
      defaultCredentials: { username: 'admin', password: 'p/a' },
      hosts: [{ address: 'ss@127.0.0.1', port: 1 }],
    });
    expect(maskConnectionString('esdb://admin:p/a@ss@127.0.0.1:1?tls=false')).toBe('esdb://127.0.0.1:1?tls=false');
  });

  it('hides a password the client reads without the whitespace it ends with', () => {
    const cs = 'esdb://admin://é/  @db1.example.org:2113';
    expect(clientPassword(cs)).toBe('//é/');
    expect(redactSecrets('failed: //é/ and //é/  at the host', cs)).toBe('failed: *** and ***at the host');
  });

  describe('for any password', () => {
    const special = [...'/@:?#% &=+,;!$\'"()[]{}|\\^`<>~*'];
    const password = fc.string({
      unit: fc.oneof(fc.constantFrom(...special), fc.constantFrom(...'abcxyzABCXYZ0189'), fc.constantFrom('é', '€', '😀')),
      minLength: 4,
      maxLength: 24,
    });
    const hosts = fc.subarray(['db1.example.org:2113', 'db2.example.org:2114', '10.0.0.7:2115'], { minLength: 1 });
    const connection = fc.record({
      scheme: fc.constantFrom('esdb', 'esdb+discover'),
      username: fc.constantFrom('admin', 'ops', 'u'),
      password,
      encode: fc.boolean(),
      hosts,
      query: fc.constantFrom('', '?tls=false', '/?tls=false&nodePreference=leader'),
    });

    it('the masked string never holds the password, raw or encoded, and still names every host', () => {
      fc.assert(
        fc.property(connection, ({ scheme, username, password, encode, hosts, query }) => {
          const written = encode ? encodeURIComponent(password) : password;
          const rest = `${hosts.join(',')}${query}`;
          // a password that is part of the hosts or the query cannot be hidden by masking the userinfo
          fc.pre(![password, written].some((p) => rest.includes(p)));
          const masked = maskConnectionString(`${scheme}://${username}:${written}@${rest}`);
          expect(masked).not.toContain(password);
          expect(masked).not.toContain(written);
          for (const host of hosts) expect(masked).toContain(host.split(':')[0]);
        }),
        { numRuns: 1000 },
      );
    });

    it('redaction removes it, and what the client reads as the password, from any text', () => {
      fc.assert(
        fc.property(connection, ({ scheme, username, password, encode, hosts, query }) => {
          const written = encode ? encodeURIComponent(password) : password;
          const connectionString = `${scheme}://${username}:${written}@${hosts.join(',')}${query}`;
          const client = clientPassword(connectionString);
          const leaks = [password, written, `${username}:${password}`, `${username}:${written}`, ...(client !== undefined && client.length >= 4 ? [client] : [])];
          const text = `failed: ${leaks.join(' | ')} ${JSON.stringify({ message: password })} at ${connectionString}`;
          fc.pre(!text.replace(connectionString, '').includes('***'));
          const redacted = redactSecrets(text, connectionString);
          for (const leak of leaks) expect(redacted).not.toContain(leak);
          expect(redacted).not.toContain(JSON.stringify(password).slice(1, -1));
        }),
        { numRuns: 500 },
      );
    });
  });
});

describe('redactSecrets', () => {
  const cs = 'esdb://admin:p/a@ss@127.0.0.1:1?tls=false';

  it('removes the password from a connect error, even where the client made it part of a host', () => {
    expect(redactSecrets('14 UNAVAILABLE: Name resolution failed for target dns:ss@127.0.0.1:1', cs)).toBe(
      '14 UNAVAILABLE: Name resolution failed for target dns:***@127.0.0.1:1',
    );
  });

  it('removes the whole string, username:password, and the password in every encoding', () => {
    const text = [cs, 'admin:p/a@ss', 'p/a@ss', 'p%2Fa%40ss', 'p%2fa%40ss', 'admin:p%2Fa%40ss', JSON.stringify({ password: 'p/a@ss' })].join('\n');
    const redacted = redactSecrets(text, cs);
    expect(redacted).not.toMatch(/p\/a|%2Fa|%2fa|a@ss|a%40ss/);
    expect(redacted.split('\n')[0]).toBe('esdb://***@127.0.0.1:1?tls=false');
  });

  it('knows a percent-encoded password in its decoded form', () => {
    const encoded = 'esdb://admin:s%2Fecr%40et%3A1@db.example.org:2113';
    expect(redactSecrets('AccessDenied for admin with s/ecr@et:1 (s%2Fecr%40et%3A1)', encoded)).toBe('AccessDenied for admin with *** (***)');
  });

  it('keeps the username and the hosts, which are not secret', () => {
    expect(redactSecrets('user admin on db.example.org:2113', 'esdb://admin:changeit@db.example.org:2113')).toBe('user admin on db.example.org:2113');
  });

  it('redacts a short password only where it stands as userinfo', () => {
    expect(redactSecrets('pw: esdb://admin:pw@h (pw@h)', 'esdb://admin:pw@h')).toBe('pw: esdb://***@h (***@h)');
  });

  it('does nothing without credentials', () => {
    expect(connectionStringSecrets('esdb://localhost:2113?tls=false')).toEqual([]);
    expect(redactSecrets('esdb://localhost:2113?tls=false failed', 'esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false failed');
  });
});

describe('connecting', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['esdb://user:p@ss:word@db.example.org', ['p@ss:word', 'word', 'ss:']],
    ['esdb://:secret@db.example.org', ['secret']],
    ['esdb://admin:s3cret@db.example.org:2113?tls=maybe', ['s3cret']],
    ['esdb://admin:pa%ZZss@db.example.org:2113', ['pa%ZZss']],
  ])('a malformed string %s is an error that does not quote the password', (connectionString, secrets) => {
    const result = clientFromConnectionString(connectionString);
    if (E.isRight(result)) throw new Error('expected a ConnectionStringError');
    expect(result.left.message).toMatch(/^invalid EventStoreDB connection string: /);
    const cause = result.left.cause as Error & { connectionString?: string };
    for (const secret of secrets) {
      expect(result.left.message).not.toContain(secret);
      expect(cause.message).not.toContain(secret);
      expect(cause.stack ?? '').not.toContain(secret);
      expect(cause.connectionString ?? '').not.toContain(secret);
    }
  });

  it("redacts the client's parser warnings, which print the whole string", () => {
    const warnings: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.join(' '));
    });
    const result = clientFromConnectionString('esdb://admin:s3cr/et@127.0.0.1:2113?tls=false&bogusOption=1');
    expect(E.isRight(result)).toBe(true);
    if (E.isRight(result)) void result.right.dispose();
    expect(warnings.join('\n')).toContain('Unknown option key "bogusOption"');
    expect(warnings.join('\n')).not.toContain('s3cr/et');
  });

  it('scrubs store and checkpoint errors that echo the credentials (a host the client built from the password)', async () => {
    const port = await closedPort();
    const connected = connectEventStoreDb(`esdb://admin:p/a@secret-part@127.0.0.1:${port}?tls=false&defaultDeadline=3000`);
    if (E.isLeft(connected)) throw new Error(connected.left.message);
    try {
      const read = await connected.right.readStream('complaint-c-1')();
      if (E.isRight(read)) throw new Error('expected the read to fail');
      expect(read.left.message).toMatch(/unavailable|deadline/i);
      expect(read.left.message).not.toContain('secret-part');
      expect(String((read.left.cause as Error).message)).not.toContain('secret-part');
      const checkpoints = createEventStoreDbCheckpointStore({ client: connected.right.client });
      const loaded = await checkpoints.load('received.v1')();
      const failed = E.isLeft(loaded) ? loaded.left.message : '';
      expect(failed).not.toBe('');
      expect(failed).not.toContain('secret-part');
    } finally {
      await connected.right.close();
    }
  });
});
