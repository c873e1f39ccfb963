// File-level helpers for the identity, read-only and permission specs: what a directory holds
// (names, contents, modes) so a test can show a file was left exactly as it was.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

export const modeOf = (path: string): number => statSync(path).mode & 0o777;

/** Every file in a directory: name, mode and sha256 of its bytes. */
export const directoryState = (dir: string): Record<string, { mode: string; sha256: string }> =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, { mode: modeOf(join(dir, name)).toString(8), sha256: sha256(join(dir, name)) }]),
  );

/** SHA-256 of no bytes: an empty -wal. */
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/**
 * The directory state without an empty `-wal` and a `-shm` that were not there `before`: what
 * a read-only SQLite connection leaves beside a WAL-mode file in a writable folder, since it
 * may create them to read but may not remove them (README, "Read-only"). Anything else added,
 * or a `-wal` with content, stays in and fails the comparison.
 */
export const withoutReadOnlyCompanions = (
  state: ReturnType<typeof directoryState>,
  before: ReturnType<typeof directoryState>,
): ReturnType<typeof directoryState> =>
  Object.fromEntries(
    Object.entries(state).filter(
      ([name, file]) => name in before || !((name.endsWith('-wal') && file.sha256 === EMPTY_SHA256) || name.endsWith('-shm')),
    ),
  );

/** The names in a directory, sorted. */
export const listing = (dir: string): string[] => readdirSync(dir).sort();

/** Files of the kinds the identity specs refuse. */
export const plant = {
  text: (path: string) => writeFileSync(path, 'my notes about complaints\nnot a database\n'),
  randomBytes: (path: string) => writeFileSync(path, randomBytes(4096)),
  /** Someone else's SQLite database: two tables of their own, in rollback-journal or WAL mode. */
  foreign: (path: string, journal: 'delete' | 'wal' = 'delete') => {
    const db = new Database(path);
    db.pragma(`journal_mode = ${journal}`);
    db.exec("CREATE TABLE notes (body TEXT); CREATE TABLE people (name TEXT); INSERT INTO notes VALUES ('keep me')");
    db.close();
  },
};

/**
 * The user and group the unprivileged specs run their child processes as: `nobody` (65534) when
 * this process is root and may drop privileges, else this process's own (file modes then bind
 * it already); undefined when root cannot start a process as another user here.
 */
export const unprivileged = ((): { uid: number; gid: number } | undefined => {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  if (uid !== 0) return { uid, gid: process.getgid!() };
  const probe = spawnSync(process.execPath, ['-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)'], { uid: 65534, gid: 65534 });
  return probe.status === 0 ? { uid: 65534, gid: 65534 } : undefined;
})();

/** Whether tests run as root, which ignores file modes (so a mode can only be asserted, not felt). */
export const isRoot = process.getuid?.() === 0;
