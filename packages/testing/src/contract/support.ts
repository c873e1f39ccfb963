/**
 * Helpers for the store contract suite: envelopes built through the real decider (so they are
 * valid, stored events), unique ids per run, and waits on conditions with a deadline.
 *
 * @example
 * const ids = uniqueIds('memory');
 * const envelopes = envelopesFor(ids.next('c'), 3); // ComplaintReceived + 2 CorrespondenceSent
 * await waitFor(() => seen.length === 9, 5_000, 'nine events delivered');
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  complaintDecider,
  toEnvelopes,
  type ComplaintCommand,
  type ComplaintEnvelope,
  type ComplaintState,
  type StoreError,
} from '@cim-complaints/core';
import { commands } from '../fixtures.js';

/** The instant every contract write is recorded at: nothing reads the clock. */
export const CONTRACT_NOW = '2025-06-30T12:00:00Z';

/** A run-unique id source, so a shared (live) store never sees two tests collide. */
export const uniqueIds = (label: string) => {
  const run = `${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  let n = 0;
  return { next: (what: string) => `${what}-${run}-${(n += 1)}` };
};

/**
 * `count` valid envelopes for one complaint: a receipt, then outbound letters. `from` skips the
 * first envelopes, so a later batch continues the same stream.
 */
export const envelopesFor = (complaintId: string, count: number, from = 0): ComplaintEnvelope[] => {
  const c = commands(complaintId, '2025-06-02T09:00:00Z');
  const all: ComplaintCommand[] = [c.receive({ commandId: `${complaintId}/receive` })];
  for (let i = 1; i < from + count; i += 1) {
    all.push(c.recordCorrespondence({ commandId: `${complaintId}/letter-${i}`, summary: `Letter ${i}`, at: '2025-06-03T10:00:00Z' }));
  }
  let state: ComplaintState = complaintDecider.initialState;
  const envelopes: ComplaintEnvelope[] = [];
  for (const command of all) {
    const decided = complaintDecider.decide(command, state);
    if (E.isLeft(decided)) throw new Error(`contract fixture: ${command.type} was rejected: ${decided.left.code}`);
    envelopes.push(...toEnvelopes(command, decided.right, { recordedAt: CONTRACT_NOW, policy: 'CX097-V4' }));
    state = decided.right.reduce(complaintDecider.evolve, state);
  }
  return envelopes.slice(from, from + count);
};

/** The Right of an Either, or a thrown error that shows the Left (tests only). */
export const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return result.right;
};

/** The StoreError of a Left, or a thrown error when it succeeded. */
export const storeFailure = (result: E.Either<unknown, unknown>): StoreError => {
  if (E.isRight(result)) throw new Error('expected a store error, got success');
  const error = result.left as StoreError;
  if (error._tag !== 'StoreError') throw new Error(`expected a StoreError, got ${JSON.stringify(result.left)}`);
  return error;
};

/** Resolves once `condition` holds; rejects naming `what` after `timeoutMs`. Checks every few ms. */
export const waitFor = async (condition: () => boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 5));
  }
};
