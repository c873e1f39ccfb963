/**
 * What every decision shares: its result type, the two ways to return it, the guard for
 * commands that need an open case, and the way a decision ends in a rejection if any.
 *
 * @example
 * const acknowledge = (command, c) => whenOpen(c, command, () => ok(acknowledged));
 * no('already-acknowledged', 'complaint c-1 was already acknowledged'); // Left(Rejection)
 */
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Instant } from '../shared/codecs.js';
import { precedent, precedes } from './chronology.js';
import type { ComplaintEvent } from './events.js';
import { rejection, type Rejection } from './rejections.js';
import { isClosed, isOpenCase, latestReopening } from './rules.js';
import type { Complaint } from './state.js';

/** The events a command records, or the rule it breaks. */
export type Decision = E.Either<Rejection, ComplaintEvent[]>;

/** A decision to record these events. */
export const ok = (...events: ComplaintEvent[]): Decision => E.right(events);

/** A decision to refuse, with a stable code and a message naming the rule. */
export const no = (...args: Parameters<typeof rejection>): Decision => E.left(rejection(...args));

/** The rejection for a command on a case that is no longer open, if it is not. */
const mustBeOpen = (c: Complaint): O.Option<Rejection> => {
  if (isOpenCase(c)) return O.none;
  if (isClosed(c)) return O.some(rejection('complaint-closed', `complaint ${c.complaintId} was closed at ${c.closedAt}`));
  return O.some(rejection('complaint-withdrawn', `complaint ${c.complaintId} was withdrawn at ${c.withdrawnAt}`));
};

/** The decision `then` makes unless there is a reason to refuse. */
export const unless = (refusal: O.Option<Rejection>, then: () => Decision): Decision =>
  pipe(
    refusal,
    O.match(then, (r) => E.left(r)),
  );

/**
 * The decision `then` makes if the case is open at the command's instant; otherwise why it is
 * not. A reopened case is open from its reopening on, so a command of this opening is not
 * dated before it.
 */
export const whenOpen = (c: Complaint, command: { readonly type: string; readonly at: Instant }, then: () => Decision): Decision =>
  unless(
    pipe(
      mustBeOpen(c),
      O.alt(() => precedes(command, [precedent('before-reopening', 'the reopening', latestReopening(c), 'the case is open again from its reopening')])),
    ),
    then,
  );
