/**
 * What the file system alone says about a store's path, before SQLite opens it, and the two
 * ways a file is opened without SQLite choosing for us: created owner-only (0600) for a new
 * store, and read into memory for a read-only look at a WAL file in a directory this process
 * cannot write.
 *
 * @example
 * const facts = fileFacts('complaints.db'); // Right({ kind: 'sqlite', bytes: 8192, walHeader: true }) | ...
 */
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { storeError, type StoreError } from '@cim-complaints/core';
import { fromFileError, fromSqliteError } from './errors.js';

/** The 16 bytes every SQLite database file starts with. */
export const SQLITE_HEADER = 'SQLite format 3\u0000';

/** The file system's view of a path. */
export type FileFacts =
  | { readonly kind: 'missing' }
  | { readonly kind: 'not-a-file'; readonly what: string }
  /** 0 bytes, and no `-wal` with anything in it. */
  | { readonly kind: 'empty' }
  | { readonly kind: 'not-sqlite'; readonly bytes: number }
  /** Starts with the SQLite header; `walHeader` when the header says WAL mode (bytes 18 and 19 are 2). */
  | { readonly kind: 'sqlite'; readonly bytes: number; readonly walHeader: boolean };

const whatIs = (stats: Stats): string =>
  stats.isDirectory() ? 'a directory' : stats.isFIFO() ? 'a named pipe' : stats.isSocket() ? 'a socket' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'not a regular file';

const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** Looks at `path` (and its `-wal`) without changing anything; Left only when it cannot be read. */
export const fileFacts = (path: string): E.Either<StoreError, FileFacts> => {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return E.right({ kind: 'missing' });
    return E.left(fromFileError(error, `looking at ${path}`));
  }
  if (!stats.isFile()) return E.right({ kind: 'not-a-file', what: whatIs(stats) });
  // A 0-byte file with a WAL that holds pages is not empty: SQLite reads it through the WAL.
  if (stats.size === 0) return E.right(sizeOf(`${path}-wal`) > 0 ? { kind: 'sqlite', bytes: 0, walHeader: false } : { kind: 'empty' });
  const header = Buffer.alloc(100);
  let read: number;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, header, 0, header.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return E.left(fromFileError(error, `reading ${path}`));
  }
  if (read < header.length || header.toString('latin1', 0, 16) !== SQLITE_HEADER) return E.right({ kind: 'not-sqlite', bytes: stats.size });
  return E.right({ kind: 'sqlite', bytes: stats.size, walHeader: header[18] === 2 && header[19] === 2 });
};

/** Whether this process may create files in a directory (root may, except on a read-only mount). */
export const canWriteDirectory = (dir: string): boolean => {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether a read-only look at this file must go through a copy in memory: a WAL-mode file, no
 * `-wal` beside it, in a directory this process cannot write.
 *
 * SQLite reads a WAL database only through its `-wal` and `-shm` files, and creates them when
 * they are missing; in a directory it cannot write, it fails instead (SQLITE_READONLY_DIRECTORY
 * or SQLITE_CANTOPEN). SQLite's answer is the `immutable=1` URI parameter
 * (https://www.sqlite.org/wal.html#readonly), but this build of better-sqlite3 has URI file
 * names switched off (SQLITE_USE_URI=0, and it never passes SQLITE_OPEN_URI), so
 * `file:...?immutable=1` is taken as a plain file name. Reading the file into memory and opening
 * that copy (`new Database(buffer, { readonly: true })`) is the same thing done by hand, and is
 * safe under the same conditions:
 *
 * - no `-wal` exists: every connection in WAL mode keeps the `-wal` until the last one closes
 *   and checkpoints it away, so no connection has the file open and every committed
 *   transaction is in the main file; nothing is left in a WAL that the copy would miss;
 * - the directory is not writable by us, which is why SQLite cannot read it the normal way;
 *   a writer needs to create the `-wal` there, so as long as nobody can write the directory
 *   (read-only media, an archived copy, a snapshot) nobody can change the file while we copy it.
 *   A process of another user who can write the directory could start writing after we looked;
 *   `snapshotOf` checks that no `-wal` appeared and the file did not change while it was read,
 *   and the copy then shows the store as it was when opened, never a later append.
 *
 * When a `-wal` exists, SQLite reads the file in place through the existing `-wal` and `-shm`
 * (it needs no write access for that), so the copy is never used then.
 */
export const needsSnapshot = (path: string, facts: FileFacts): boolean =>
  facts.kind === 'sqlite' && facts.walHeader && !existsSync(`${path}-wal`) && !canWriteDirectory(dirname(path));

const sameFile = (a: Stats, b: Stats): boolean => a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/** A read-only in-memory copy of a WAL-mode file (see `needsSnapshot` for when that is safe). */
export const snapshotOf = (path: string): E.Either<StoreError, Database.Database> => {
  let bytes: Buffer;
  try {
    const before = statSync(path);
    bytes = readFileSync(path);
    const after = statSync(path);
    if (!sameFile(before, after) || existsSync(`${path}-wal`)) {
      return E.left(storeError('unavailable', `reading ${path} read-only: the file changed while it was read (another process is writing it); try again`));
    }
  } catch (error) {
    return E.left(fromFileError(error, `reading ${path} read-only into memory`));
  }
  if (bytes.toString('latin1', 0, 16) !== SQLITE_HEADER) return E.left(storeError('unavailable', `reading ${path} read-only: it is no longer a SQLite file`));
  // The copy alone is in rollback-journal mode (bytes 18 and 19 = 1): SQLite will not open an
  // in-memory database that says WAL, and with no -wal there is nothing else to read. The file
  // itself is not touched.
  bytes[18] = 1;
  bytes[19] = 1;
  try {
    return E.right(new Database(bytes, { readonly: true }));
  } catch (error) {
    return E.left(fromSqliteError(error, `opening the in-memory copy of ${path}`));
  }
};

/**
 * Creates an empty file readable and writable only by its owner (0600), unless something is
 * already there: `true` when this call created it. SQLite gives the `-wal` and `-shm` files the
 * mode of the database file, so they are 0600 too. A file that already exists keeps its mode
 * (another process may have created it a moment ago, `O_EXCL` tells).
 */
export const createOwnerOnly = (path: string): E.Either<StoreError, boolean> => {
  try {
    closeSync(openSync(path, 'wx', 0o600));
    return E.right(true);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return E.right(false);
    return E.left(fromFileError(error, `creating ${path}`));
  }
};
