// Helpers for the sqlite specs: temp files under os.tmpdir(), valid envelopes of any batch size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { toEnvelopes, type ComplaintCommand, type ComplaintEnvelope, type ComplaintEvent } from '@cim-complaints/core';
import { commands } from '@cim-complaints/testing';
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

/** The right of an Either, or a thrown error showing the left (so a failing test shows why). */
export const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left ${JSON.stringify(result.left, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return result.right;
};

/** The left of an Either, or a thrown error. */
export const left = <L>(result: E.Either<L, unknown>): L => {
  if (E.isRight(result)) throw new Error('expected Left, got Right');
  return result.left;
};

/** `size` inbound-correspondence envelopes written by one command: ids `eventIdFor(commandId, i)`. */
export const batch = (complaintId: string, commandId: string, size = 1, at = '2025-03-03T09:00:00Z'): ComplaintEnvelope[] => {
  const command = commands(complaintId).recordCorrespondence({ commandId, at, direction: 'inbound' }) as ComplaintCommand;
  const events = Array.from(
    { length: size },
    (_, i): ComplaintEvent =>
      ({
        type: 'CorrespondenceReceived',
        data: { complaintId, at, party: 'complainant', channel: 'email', summary: `message ${i + 1} of ${commandId}`, afterClosure: false },
      }) as ComplaintEvent,
  );
  return toEnvelopes(command, events, { recordedAt: at, policy: 'CX097-V4' });
};

/** Resolves when `check` holds, polling; rejects after `timeoutMs` naming what was awaited. */
export const waitFor = async (what: string, check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
