/**
 * `cim-complaints copy --from STORE --to STORE [--continue] [--from-keys K] [--to-keys K] [--json]`:
 * copies every complaint stream, in global order, exactly as stored (ids, times, sealed fields,
 * older-schema events, the hash chain and the anchor) with the personal-data keys, from any store
 * to any other: the way from the embedded SQLite file to PostgreSQL or EventStoreDB. The source
 * must verify first; the target must be empty, or hold an earlier copy to go on with
 * (`--continue`); afterwards both are verified and every head digest compared.
 *
 * @example
 * cim-complaints copy --from sqlite:./complaints.db --to postgres://cim@db:5432/complaints
 * // Copied 103,442 events (15,000 streams) and 52,311 anchor entries; keys: 15,000 imported
 * // Verified postgres://db:5432/complaints: intact, the same 15,000 stream heads and anchor head sha256:...
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { examples } from './examples.js';

// the options are declared here; the work (and the adapters it needs) loads only when the command runs
export interface CopyCommandOptions {
  readonly from: string;
  readonly to: string;
  readonly continue?: boolean;
  readonly fromKeys?: string;
  readonly toKeys?: string;
  readonly json?: boolean;
}

const STORES = 'sqlite:<path>, esdb://... (or kurrentdb://...) or postgres://...';
const KEYS = 'sqlite:<path>, esdb://..., postgres://..., or none';

/** Adds `copy` to the program. */
export const registerCopy = (program: Command, io: CliIo): void => {
  program
    .command('copy')
    .description('copies every event exactly as stored, with the anchor and the personal-data keys, from one store into another (an empty one, or an earlier copy with --continue), then verifies both')
    .requiredOption('--from <store>', `the store to copy: ${STORES}`)
    .requiredOption('--to <store>', `the store to copy into: ${STORES}`)
    .option('--continue', 'go on with an earlier copy into --to that was interrupted (or bring over what the source gained since)')
    .option('--from-keys <store>', `where the source's keys are: ${KEYS} (default: beside --from)`)
    .option('--to-keys <store>', `where to put the keys: ${KEYS} (default: beside --to)`)
    .option('--json', 'print JSON: { from, to, copied, alreadyThere, keys, source, target, sameHeads, differences }')
    .addHelpText(
      'after',
      '\nThe source is read only, and must verify (verify prints why not). Nothing is decoded or re-encoded: each\n' +
        'event is written as its text is stored, after the target checks that it reads back. The read models\n' +
        "are not copied: the target's report builds its own. docs/operations.md, \"Moving between stores\".\n" +
        'Exit codes: 0 copied and the target verifies with the same heads, 1 the source does not verify, the\n' +
        'target is not empty (without --continue) or is not a copy of the source, a store failed, or the heads differ; 2 bad arguments.',
    )
    .addHelpText(
      'after',
      examples([
        'cim-complaints copy --from sqlite:./cim-complaints-demo.db --to postgres://cim:secret@127.0.0.1:5432/complaints',
        'cim-complaints copy --from sqlite:./complaints.db --to esdb://127.0.0.1:2113?tls=false --continue   # after an interruption',
      ]),
    )
    .action(async (options: CopyCommandOptions) => (await import('./copy-run.js')).runCopy(io, options));
};
