// A private PostgreSQL cluster for the specs that restart the server: initdb into a temporary
// folder, pg_ctl start/restart/stop on a free port, trust authentication on 127.0.0.1 only.
// Restarting the shared server would break every other spec running beside them.
// As root the server runs as the `postgres` user (runuser), which initdb requires.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder holding initdb and pg_ctl, or undefined when PostgreSQL's server tools are not installed. */
export const serverBin = (): string | undefined => {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(debian, versions[0], 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });

const uidOf = (user: string): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim()),
  gid: Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim()),
});

export interface Cluster {
  /** `postgres://cim@127.0.0.1:PORT/postgres` */
  readonly url: string;
  readonly restart: () => Promise<void>;
  readonly stop: () => Promise<void>;
  readonly start: () => Promise<void>;
  /** Stops the server and removes its folder. */
  readonly remove: () => void;
}

/** Creates and starts a cluster; throws when the tools are missing or fail. */
export const startCluster = async (bin: string): Promise<Cluster> => {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'cim-pg-cluster-'));
  if (root) {
    const { uid, gid } = uidOf('postgres');
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const argv = (tool: string, args: string[]): [string, string[]] => (root ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args]);
  const run = (tool: string, args: string[]) => void execFileSync(...argv(tool, args), { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  // asynchronous, so the process under test goes on running (and failing to reach the server) meanwhile
  const runAsync = async (tool: string, args: string[]) => void (await promisify(execFile)(...argv(tool, args), { timeout: 60_000 }));
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'cim', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const startArgs = ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'];
  run('pg_ctl', startArgs);
  let removed = false;
  return {
    url: `postgres://cim@127.0.0.1:${port}/postgres`,
    restart: () => runAsync('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-m', 'fast', '-w', '-t', '60', 'restart']),
    stop: () => runAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    start: () => runAsync('pg_ctl', startArgs),
    remove: () => {
      if (removed) return;
      removed = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
