/**
 * Business time is causal (DOMAIN "Rules of the second version"): a command that needs something
 * is not dated before it. Each decision lists what its command needs, as precedents; the first
 * one the command's `at` comes before is a rejection naming both instants. Commands recorded
 * late (backdated) pass as long as they follow what they need.
 *
 * @example
 * precedes(command, [precedent('before-acknowledgement', 'the acknowledgement', c.acknowledgedAt)]);
 * // Some(Rejection 'before-acknowledgement': 'IssueResponse at 2025-03-03T08:00:00Z cannot precede the acknowledgement at 2025-03-03T09:00:00Z')
 */
import * as O from 'fp-ts/lib/Option.js';
import { instantMillis, type Instant } from '../shared/codecs.js';
import { rejection, type Rejection, type RejectionCode } from './rejections.js';

/** Something a command needs, which happened at an instant (none yet: nothing to follow). */
export interface Precedent {
  readonly code: RejectionCode;
  /** What happened, as the message names it: `the acknowledgement`, `the close`. */
  readonly what: string;
  readonly at: Instant | undefined;
  /** Whether the command must come strictly after it (what ends an authorisation must follow every letter sent under it). */
  readonly strictly: boolean;
  /** Why the order matters, when it is not plain from the names. */
  readonly because?: string;
}

/** A precedent the command may share an instant with. */
export const precedent = (code: RejectionCode, what: string, at: Instant | undefined, because?: string): Precedent => ({
  code,
  what,
  at,
  strictly: false,
  ...(because === undefined ? {} : { because }),
});

/** A precedent the command must come strictly after. */
export const strictPrecedent = (code: RejectionCode, what: string, at: Instant | undefined, because?: string): Precedent => ({
  ...precedent(code, what, at, because),
  strictly: true,
});

const broken = (at: Instant, p: Precedent): boolean =>
  p.at !== undefined && (p.strictly ? instantMillis(at) <= instantMillis(p.at) : instantMillis(at) < instantMillis(p.at));

/** The first precedent the command comes before, as a rejection naming both instants. */
export const precedes = (command: { readonly type: string; readonly at: Instant }, precedents: readonly Precedent[]): O.Option<Rejection> => {
  const first = precedents.find((p) => broken(command.at, p));
  if (first === undefined || first.at === undefined) return O.none;
  const order = first.strictly ? 'must come after' : 'cannot precede';
  return O.some(
    rejection(first.code, `${command.type} at ${command.at} ${order} ${first.what} at ${first.at}${first.because === undefined ? '' : `: ${first.because}`}`, {
      at: command.at,
      precedent: first.what,
      precedentAt: first.at,
    }),
  );
};

/** The latest of some instants, if any. */
export const latestOf = (instants: readonly (Instant | undefined)[]): Instant | undefined =>
  instants.reduce<Instant | undefined>((latest, at) => (at === undefined || (latest !== undefined && instantMillis(latest) >= instantMillis(at)) ? latest : at), undefined);

/** The earliest of some instants, if any. */
export const earliestOf = (instants: readonly (Instant | undefined)[]): Instant | undefined =>
  instants.reduce<Instant | undefined>((earliest, at) => (at === undefined || (earliest !== undefined && instantMillis(earliest) <= instantMillis(at)) ? earliest : at), undefined);
