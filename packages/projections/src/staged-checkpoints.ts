/**
 * Checkpoints that are read from a store but written only when the caller says so: a report
 * catches its read models up, and keeps what it built only if the log read cleanly. A catch-up
 * that met an event it could not decode must not save past it, or the next report would start
 * after the damage and never mention it again.
 *
 * @example
 * const staged = stageCheckpoints(saved);
 * const runner = createProjectionRunner({ store, projections, checkpoints: staged.checkpoints });
 * await runner.catchUp();
 * await staged.commit(writable)(); // the removals and saves, in order; Right(number written)
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import type { Checkpoint, CheckpointStore, GlobalPosition, StoreError } from '@cim-complaints/core';

export interface StagedCheckpoints {
  /** Loads from the base store until a key is saved or removed here; then answers from the stage. */
  readonly checkpoints: CheckpointStore;
  /** How many keys were saved or removed on the stage. */
  readonly pending: () => number;
  /** Writes every staged removal and save to `target` (usually the base, opened for writing). */
  readonly commit: (target: CheckpointStore) => TE.TaskEither<StoreError, number>;
}

type Staged = { readonly kind: 'saved'; readonly position: GlobalPosition; readonly state: unknown } | { readonly kind: 'removed' };

/** A stage over `base`. */
export const stageCheckpoints = (base: CheckpointStore): StagedCheckpoints => {
  const stage = new Map<string, Staged>();
  const checkpoints: CheckpointStore = {
    load: (key) => {
      const staged = stage.get(key);
      if (staged === undefined) return base.load(key);
      const found: Checkpoint | undefined = staged.kind === 'saved' ? { position: staged.position, state: staged.state } : undefined;
      return () => Promise.resolve(E.right(found));
    },
    save: (key, position, state) => () => {
      stage.set(key, { kind: 'saved', position, state });
      return Promise.resolve(E.right(undefined));
    },
    remove: (key) => () => {
      stage.set(key, { kind: 'removed' });
      return Promise.resolve(E.right(undefined));
    },
  };
  const commit =
    (target: CheckpointStore): TE.TaskEither<StoreError, number> =>
    async () => {
      let written = 0;
      for (const [key, staged] of stage) {
        const result = staged.kind === 'saved' ? await target.save(key, staged.position, staged.state)() : await target.remove(key)();
        if (E.isLeft(result)) return result;
        written += 1;
      }
      stage.clear();
      return E.right(written);
    };
  return { checkpoints, pending: () => stage.size, commit };
};
