/**
 * A complaint's history as a role may see it (C5): read as stored (sealed), then opened in full
 * for a role that sees the case's personal data (personal/views.ts), or redacted for one that does
 * not: every personal field `{ withheld: 'redacted' }`, or `{ withheld: 'erased' }` where its key
 * was erased. A redacted view asks the key store only whether keys exist, and decrypts nothing.
 *
 * @example
 * const view = await viewHistory(recorded, parseViewRole('auditor').right, keys);
 * // Right({ events, department: 'Membership', full: false })
 */
import * as E from 'fp-ts/lib/Either.js';
import { caseDepartmentOf, redactEvent, seesPersonalData, type ViewRole } from '../personal/views.js';
import { isSealed, mapPersonal, type Withheld } from '../personal/personal.js';
import type { RecordedEvent, StoreError } from './event-store.js';
import type { KeyStore } from './key-store.js';
import { cachedKeyFinder, ephemeralRefOf, unsealEnvelope, type KeyFinder } from './sealing.js';

export interface HistoryView {
  readonly events: readonly RecordedEvent[];
  /** The case's department, which decides what a department manager sees. */
  readonly department: string | undefined;
  /** Whether the role sees the personal data (else every personal field is withheld). */
  readonly full: boolean;
}

const redacted = async (recorded: RecordedEvent, find: KeyFinder, refOf: (text: string) => string): Promise<E.Either<StoreError, RecordedEvent>> => {
  const erased = new Set<string>();
  for (const subject of new Set<string>(collectSubjects(recorded))) {
    const lookup = await find(subject);
    if (E.isLeft(lookup)) return lookup;
    if (lookup.right.status === 'erased') erased.add(subject);
  }
  const withErased = mapPersonal(recorded.event, (value) => (isSealed(value) && erased.has(value.subject) ? ({ withheld: 'erased', ref: value.ref } satisfies Withheld) : value));
  return E.right({ ...recorded, event: redactEvent(withErased, refOf) });
};

const collectSubjects = (recorded: RecordedEvent): string[] => {
  const subjects: string[] = [];
  mapPersonal(recorded.event, (value) => {
    if (isSealed(value)) subjects.push(value.subject);
    return value;
  });
  return subjects;
};

/**
 * One complaint's events (as stored: read from the store under `protectPersonalData`, or any
 * store) as `role` may see them. Without a key store, a full view leaves sealed fields sealed.
 */
export const viewHistory = async (stored: readonly RecordedEvent[], role: ViewRole, keys: KeyStore | undefined): Promise<E.Either<StoreError, HistoryView>> => {
  const department = caseDepartmentOf(stored.map((r) => r.event));
  const full = seesPersonalData(role, department);
  const find: KeyFinder = keys === undefined ? async () => E.right({ status: 'none' }) : cachedKeyFinder(keys);
  const refOf = ephemeralRefOf();
  const events: RecordedEvent[] = [];
  for (const recorded of stored) {
    const viewed = full
      ? E.map((event: RecordedEvent['event']) => ({ ...recorded, event }))(await unsealEnvelope(recorded.event, find))
      : await redacted(recorded, find, refOf);
    if (E.isLeft(viewed)) return viewed;
    events.push(viewed.right);
  }
  return E.right({ events, department, full });
};
