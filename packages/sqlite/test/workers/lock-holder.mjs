// Read-only spec worker: holds the write lock of a SQLite file (BEGIN IMMEDIATE, with an
// uncommitted write) until told to let go. Uses better-sqlite3 directly, so it needs no build.
// Prints `locked` once it holds the lock; on a `release` line on stdin it rolls back and exits.
// Usage: node lock-holder.mjs <db>
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

const [path] = process.argv.slice(2);
const db = new Database(path, { fileMustExist: true });
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO store_info (key, value) VALUES ('uncommitted', 'never seen')").run();
process.stdout.write('locked\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'release') break;
}
db.exec('ROLLBACK');
db.close();
process.exit(0);
