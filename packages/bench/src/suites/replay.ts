/**
 * Replay: reading stored rows back into complaint states. Baseline: `JSON.parse` of each row's
 * data and metadata and a fold that does nothing. Subject: the SQLite store's own `decodeRow`
 * (parse, upcast, validate every field with the codecs) and core's `evolve` (a new case at every
 * event, kept in a map by stream), as the goal states it; then the same rows into core's
 * complaints register, which changes in place each case it has handed to no one.
 */
import { complaintDecider, createComplaintRegister, type ComplaintState } from '@cim-complaints/core';
import { decodeRow } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { compare, type Comparison } from '../measure.js';
import type { Row } from '../workload.js';

export const replayBaseline = (rows: readonly Row[]): number => {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const data = JSON.parse(row.data) as unknown;
    const metadata = JSON.parse(row.metadata) as unknown;
    // the fold that does nothing: one step per event, per stream
    if (data !== undefined && metadata !== undefined) seen.set(row.stream_id, (seen.get(row.stream_id) ?? 0) + 1);
  }
  return seen.size;
};

export const replayLibrary = (rows: readonly Row[]): number => {
  const states = new Map<string, ComplaintState>();
  for (const row of rows) {
    const recorded = decodeRow(row);
    if (E.isLeft(recorded)) throw new Error(recorded.left.message);
    states.set(row.stream_id, complaintDecider.evolve(states.get(row.stream_id) ?? complaintDecider.initialState, recorded.right.event));
  }
  return states.size;
};

export const replayIntoRegister = (rows: readonly Row[]): number => {
  const register = createComplaintRegister();
  for (const row of rows) {
    const recorded = decodeRow(row);
    if (E.isLeft(recorded)) throw new Error(recorded.left.message);
    register.record(recorded.right);
  }
  return register.size();
};

const baseline = (rows: readonly Row[]) => ({ name: 'JSON.parse of the rows + a fold that does nothing', run: () => replayBaseline(rows) });

export const replaySuite = (rows: readonly Row[], repetitions: number): Promise<Comparison> =>
  compare(baseline(rows), { name: 'decodeRow (parse, upcast, validate) + evolve', run: () => replayLibrary(rows) }, repetitions);

export const registerReplaySuite = (rows: readonly Row[], repetitions: number): Promise<Comparison> =>
  compare(baseline(rows), { name: 'decodeRow (parse, upcast, validate) + the complaints register', run: () => replayIntoRegister(rows) }, repetitions);
