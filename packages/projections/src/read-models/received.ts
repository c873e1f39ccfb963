/**
 * Complaints received (C11): one compact entry per complaint with what it is counted by (month
 * of receipt in London, channel, business area, complainant relationship, policy version).
 * Every receipt counts, redirected and referred ones included. `channelsOutsidePolicy` counts, from
 * the complaints folded as of an instant, those that came by a channel their policy does not list (C1).
 *
 * @example
 * const state = events.reduce(receivedProjection.apply, receivedProjection.initial);
 * receivedSummary(state, '2025-12-31T23:59:59Z');
 * // { total: 24, byChannel: { email: 15, post: 4, telephone: 5 }, byMonth: { '2025-05': 3, ... }, ... }
 */
import type { RecordedEvent } from '@cim-complaints/core';
import type { ReportedComplaint } from './reported-case.js';
import { countInto, happenedBy, monthKeyOf, sortedRecord } from '../as-of.js';
import * as E from 'fp-ts/lib/Either.js';
import { emptyKeyed, getKeyed, keyedEntries, keyedOf, setKeyed, type Keyed } from '../keyed.js';
import type { Projection, SavedForm } from '../projection.js';
import { packColumns, readColumns, recordsOf, type Columns } from './columns.js';

export interface ReceivedEntry {
  readonly receivedAt: string;
  /** `YYYY-MM` in Europe/London. */
  readonly month: string;
  readonly channel: string;
  readonly businessArea: string;
  readonly relationship: string;
  readonly policy: string;
}

export interface ReceivedState {
  readonly complaints: Keyed<ReceivedEntry>;
}

type SavedEntry = ReceivedEntry & { readonly complaintId: string };

/** A received entry's fields as saved columns (columns.ts), in its own order: the report's rows begin with them too. */
export const RECEIVED_ENTRY_COLUMNS: Columns<ReceivedEntry> = [
  ['receivedAt', 'text'],
  ['month', 'text'],
  ['channel', 'text'],
  ['businessArea', 'text'],
  ['relationship', 'text'],
  ['policy', 'text'],
];

const SAVED_COLUMNS: Columns<SavedEntry> = [['complaintId', 'text'], ...RECEIVED_ENTRY_COLUMNS];

// saved column by column (columns.ts): every report reads every entry back
const savedReceived: SavedForm<ReceivedState> = {
  encode: (state) => packColumns(SAVED_COLUMNS, keyedEntries(state.complaints).map(([complaintId, entry]): SavedEntry => ({ complaintId, ...entry }))),
  decode: (saved) =>
    E.map(([ids, ...entryLists]: unknown[][]) => {
      const entries = recordsOf(RECEIVED_ENTRY_COLUMNS, entryLists);
      return { complaints: keyedOf(entries.map((entry, i): [string, ReceivedEntry] => [ids![i] as string, entry])) };
    })(readColumns(SAVED_COLUMNS, saved, 'received complaint')),
};

/** The received-complaints projection. */
export const receivedProjection: Projection<ReceivedState> = {
  name: 'received',
  // 2: kept in keyed.ts's hash trie (version 1's buckets are built again). 3: saved column by column.
  version: 3,
  initial: { complaints: emptyKeyed() },
  saved: savedReceived,
  apply: (state, { event }: RecordedEvent) => {
    if (event.type !== 'ComplaintReceived' || getKeyed(state.complaints, event.data.complaintId) !== undefined) return state;
    const d = event.data;
    const entry: ReceivedEntry = {
      receivedAt: d.at,
      month: monthKeyOf(d.at),
      channel: d.channel,
      businessArea: d.businessArea,
      relationship: d.complainant.relationship,
      policy: d.policy,
    };
    return { complaints: setKeyed(state.complaints, d.complaintId, entry) };
  },
};

export interface ReceivedSummary {
  readonly total: number;
  readonly byChannel: Record<string, number>;
  readonly byBusinessArea: Record<string, number>;
  /** Keyed `YYYY-MM` (London), in order. */
  readonly byMonth: Record<string, number>;
  readonly byRelationship: Record<string, number>;
  /** Complaints by the policy version they are judged under (C18). */
  readonly byPolicy: Record<string, number>;
}

/** Counts of complaints received at or before `asOf`. */
export const receivedSummary = (state: ReceivedState, asOf: string, leftOut: ReadonlySet<string> = new Set()): ReceivedSummary => {
  const by = happenedBy(asOf);
  // counted in place into records of this call's own (a copy per complaint cost complaints × months);
  // without a prototype, so any key is a plain entry
  const fresh = (): Record<string, number> => Object.create(null) as Record<string, number>;
  const summary = { total: 0, byChannel: fresh(), byBusinessArea: fresh(), byMonth: fresh(), byRelationship: fresh(), byPolicy: fresh() };
  const count = (record: Record<string, number>, key: string) => (record[key] = (record[key] ?? 0) + 1);
  for (const [complaintId, entry] of keyedEntries(state.complaints)) {
    if (!by(entry.receivedAt) || leftOut.has(complaintId)) continue;
    summary.total += 1;
    count(summary.byChannel, entry.channel);
    count(summary.byBusinessArea, entry.businessArea);
    count(summary.byMonth, entry.month);
    count(summary.byRelationship, entry.relationship);
    count(summary.byPolicy, entry.policy);
  }
  return {
    total: summary.total,
    byChannel: sortedRecord(summary.byChannel),
    byBusinessArea: sortedRecord(summary.byBusinessArea),
    byMonth: sortedRecord(summary.byMonth),
    byRelationship: sortedRecord(summary.byRelationship),
    byPolicy: sortedRecord(summary.byPolicy),
  };
};

/** C1: complaints that came by a channel their policy does not list, recorded all the same. */
export interface ChannelsOutsidePolicy {
  readonly total: number;
  /** By the channel named, in order. */
  readonly byChannel: Record<string, number>;
}

/** Counts the complaints (as they stood at an instant) received by a channel outside their policy. */
export const channelsOutsidePolicy = (complaints: readonly ReportedComplaint[]): ChannelsOutsidePolicy => {
  let byChannel: Record<string, number> = {};
  let total = 0;
  for (const c of complaints) {
    if (!c.channelOutsidePolicy) continue;
    total += 1;
    byChannel = countInto(byChannel, c.channel);
  }
  return { total, byChannel: sortedRecord(byChannel) };
};
