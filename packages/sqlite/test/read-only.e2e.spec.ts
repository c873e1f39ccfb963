import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteEventStore } from '../src/index.js';
import { batch, openStore, right, tempDir } from './support.js';
import { directoryState, isRoot, unprivileged, withoutReadOnlyCompanions } from './files.js';
import { requireBuild } from './processes.js';

interface ReaderReport {
  readonly uid: number;
  readonly inspect: string | { kind: string; message: string };
  readonly open: 'ok' | { kind: string; message: string };
  readonly events?: number | { kind: string; message: string };
  readonly append?: 'ok' | { kind: string; message: string };
}

const workerScript = fileURLToPath(new URL('./workers/store-reader.mjs', import.meta.url));

/** Runs the reader worker as the unprivileged user (nobody when this process is root). */
const readAs = (path: string, mode: 'read-only' | 'writable'): ReaderReport => {
  const run = spawnSync(process.execPath, [workerScript, path, mode], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    uid: unprivileged!.uid,
    gid: unprivileged!.gid,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (run.status !== 0) throw new Error(`store-reader exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ReaderReport;
};

// Root ignores file modes, so these run the reader as `nobody` (or, not being root, as this
// user, whom the modes bind); skipped when root cannot start a process as another user.
describe.skipIf(unprivileged === undefined)('SQLite store read by a user who cannot write its folder', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  let holder: SqliteEventStore | undefined;

  beforeEach(async () => {
    requireBuild();
    temp = tempDir();
    path = temp.file();
    const store = openStore({ path });
    right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1', 2))());
    right(await store.appendToStream('complaint-c-2', 'no-stream', batch('c-2', 'cmd-2', 1))());
    await store.close();
    // The reader may read the file, and enter but not write the folder.
    chmodSync(path, 0o444);
    chmodSync(temp.dir, 0o555);
  });
  afterEach(async () => {
    await holder?.close();
    holder = undefined;
    chmodSync(temp.dir, 0o700);
    temp.cleanup();
  });

  it('reads a WAL file with no -wal or -shm beside it, and creates nothing', () => {
    const before = directoryState(temp.dir);
    expect(Object.keys(before)).toEqual(['events.db']);
    const report = readAs(path, 'read-only');
    expect(report.uid).toBe(unprivileged!.uid);
    expect(report).toMatchObject({ inspect: 'store', open: 'ok', events: 3 });
    expect(report.append).toEqual({ kind: 'invalid-write', message: `${path} was opened read-only: appends are refused` });
    expect(directoryState(temp.dir)).toEqual(before);
  });

  it('reads through the -wal and -shm of a writer that has the file open, seeing its last commits', async () => {
    // The writer (this process) may write the file and the folder; the reader may read them.
    chmodSync(path, 0o644);
    chmodSync(temp.dir, 0o755);
    holder = openStore({ path });
    // Kept in the -wal: an open writer checkpoints only every 1000 pages.
    right(await holder.appendToStream('complaint-c-3', 'no-stream', batch('c-3', 'cmd-3', 2))());
    chmodSync(temp.dir, 0o555);
    const before = directoryState(temp.dir);
    expect(Object.keys(before)).toEqual(['events.db', 'events.db-shm', 'events.db-wal']);
    expect(readAs(path, 'read-only')).toMatchObject({ inspect: 'store', open: 'ok', events: 5, append: { kind: 'invalid-write' } });
    expect(directoryState(temp.dir)).toEqual(before);
  });

  it('fails to open it writable with a typed error, changing nothing', () => {
    const before = directoryState(temp.dir);
    const report = readAs(path, 'writable');
    expect(report.open).toMatchObject({ kind: 'unavailable' });
    expect(directoryState(temp.dir)).toEqual(before);
  });

  it.skipIf(!isRoot)('reads a file of another user whose own mode is read-only, in a folder it may write', () => {
    chmodSync(temp.dir, 0o777);
    chownSync(path, 0, 0);
    const before = directoryState(temp.dir);
    expect(readAs(path, 'read-only')).toMatchObject({ inspect: 'store', open: 'ok', events: 3, append: { kind: 'invalid-write' } });
    // The folder is writable here, so SQLite may leave an empty -wal and a -shm (README, "Read-only").
    expect(withoutReadOnlyCompanions(directoryState(temp.dir), before)).toEqual(before);
  });
});
