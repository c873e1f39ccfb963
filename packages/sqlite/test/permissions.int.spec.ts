import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteEventStore } from '../src/index.js';
import { batch, openStore, right, tempDir } from './support.js';
import { isRoot, modeOf, unprivileged } from './files.js';

// Modes are asserted with fs.stat, which means the same as root; whether another user is kept
// out is shown by a child process of that user, which needs root to start (else skipped).
describe('SQLite store file permissions', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: SqliteEventStore | undefined;

  const companions = (path: string) => ({ db: modeOf(path), wal: modeOf(`${path}-wal`), shm: modeOf(`${path}-shm`) });

  /** Opens a store on `path` and appends, so the -wal and -shm exist while it is open. */
  const openAndWrite = async (path: string): Promise<void> => {
    store = openStore({ path });
    right(await store.appendToStream('complaint-c-1', 'no-stream', batch('c-1', 'cmd-1'))());
  };

  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    temp.cleanup();
  });

  describe('a new store', () => {
    it('is created readable and writable by its owner only (0600), and so are its -wal and -shm', async () => {
      await openAndWrite(temp.file());
      expect(companions(temp.file())).toEqual({ db: 0o600, wal: 0o600, shm: 0o600 });
    });

    it('is 0600 whatever the umask', async () => {
      let previous: number;
      try {
        previous = process.umask(0);
      } catch {
        // Worker threads may not change the umask; the default umask case above still holds.
        return;
      }
      try {
        await openAndWrite(temp.file());
      } finally {
        process.umask(previous);
      }
      expect(companions(temp.file())).toEqual({ db: 0o600, wal: 0o600, shm: 0o600 });
    });

    it.skipIf(!isRoot || unprivileged === undefined)('cannot be read by another user', async () => {
      // The folder is open to everyone, so only the file's own mode keeps the other user out.
      chmodSync(temp.dir, 0o755);
      await openAndWrite(temp.file());
      await store!.close();
      store = undefined;
      const other = spawnSync(process.execPath, ['-e', 'require("node:fs").readFileSync(process.argv[1])', temp.file()], {
        uid: unprivileged!.uid,
        gid: unprivileged!.gid,
        encoding: 'utf8',
      });
      expect(other.status).not.toBe(0);
      expect(other.stderr).toContain('EACCES');
    });
  });

  describe('an existing file', () => {
    it('keeps its mode when an empty file is made a store, and SQLite gives the -wal and -shm the same', async () => {
      writeFileSync(temp.file(), '');
      chmodSync(temp.file(), 0o640);
      await openAndWrite(temp.file());
      expect(companions(temp.file())).toEqual({ db: 0o640, wal: 0o640, shm: 0o640 });
    });

    it('keeps its mode when a store is opened again', async () => {
      await openAndWrite(temp.file());
      await store!.close();
      chmodSync(temp.file(), 0o644);
      store = openStore({ path: temp.file() });
      right(await store.appendToStream('complaint-c-1', 0, batch('c-1', 'cmd-2'))());
      expect(modeOf(temp.file())).toBe(0o644);
    });
  });
});
