/**
 * A store's refusal thrown inside its own transaction, so the database rolls the transaction back,
 * and turned back into the `StoreError` it carries once outside: the SQL stores' checkpoint writes
 * refuse this way (a state that does not encode, a checkpoint already past the position).
 *
 * @example
 * try { db.transaction(() => write(orRefuse(encodeCheckpointState(key, state))))(); }
 * catch (error) { const refused = refusalOf(error); if (refused !== undefined) return E.left(refused); throw error; }
 */
import * as E from 'fp-ts/lib/Either.js';
import type { StoreError } from './event-store.js';

interface Refusal {
  readonly _tag: 'StoreRefusal';
  readonly error: StoreError;
}

/** Throws `error` as a refusal (for `refusalOf` to find). */
export const refuse = (error: StoreError): never => {
  throw { _tag: 'StoreRefusal', error } satisfies Refusal;
};

/** The value of a Right; a Left's error thrown as a refusal. */
export const orRefuse = <A>(result: E.Either<StoreError, A>): A => (E.isLeft(result) ? refuse(result.left) : result.right);

/** The store error a caught refusal carries; `undefined` for anything else thrown. */
export const refusalOf = (thrown: unknown): StoreError | undefined =>
  typeof thrown === 'object' && thrown !== null && (thrown as { _tag?: unknown })._tag === 'StoreRefusal' ? (thrown as Refusal).error : undefined;
