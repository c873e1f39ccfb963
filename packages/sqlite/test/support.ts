// Helpers for the sqlite specs: temp files under os.tmpdir(), valid envelopes of any batch size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { createSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from '../src/index.js';

/** A fresh folder under the OS temp dir; `cleanup` removes it. */
export const tempDir = (): { dir: string; file: (name?: string) => string; cleanup: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'cim-sqlite-'));
  return { dir, file: (name = 'events.db') => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Opens a store or fails the test with the store error. */
export const openStore = (options: SqliteEventStoreOptions): SqliteEventStore => {
  const opened = createSqliteEventStore(options);
  if (E.isLeft(opened)) throw new Error(`could not open the store: ${opened.left.message}`);
  return opened.right;
};

// the testing kit's: a Right or a Left (a failing test shows why), and `size` inbound letters by one command
export { rightOf as right, leftOf as left, inboundLetters as batch } from '@cim-complaints/testing';

/** Resolves when `check` holds, polling; rejects after `timeoutMs` naming what was awaited. */
export const waitFor = async (what: string, check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
