/**
 * Checking a connection out of a `pg` pool safely: a checked-out client whose server goes away
 * emits `error`, and an `error` event nobody listens to ends the process. While checked out
 * each client has a listener; the failure itself reaches the caller through its pending query.
 *
 * @example
 * const { client, release } = await checkout(pool);
 * try { await client.query('SELECT 1'); release(false); } catch { release(true); }
 */
import type pg from 'pg';

export interface CheckedOut {
  readonly client: pg.PoolClient;
  /** Returns the client to the pool, or, with `destroy`, closes it (after a failure that may have broken it). */
  readonly release: (destroy: boolean) => void;
}

const ignore = () => undefined;

/** A client from the pool, guarded against `error` events until it is released. */
export const checkout = async (pool: pg.Pool): Promise<CheckedOut> => {
  const client = await pool.connect();
  client.on('error', ignore);
  return {
    client,
    release: (destroy) => {
      // a destroyed client may still report its socket's end: keep listening
      if (!destroy) client.off('error', ignore);
      client.release(destroy ? true : undefined);
    },
  };
};
