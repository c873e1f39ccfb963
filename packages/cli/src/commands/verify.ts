/**
 * `cim-complaints verify [--complaint ID] [--expect-head DIGEST] [--json] [--store S]`: checks
 * every stored event against its stream's hash chain and the store-wide anchor, reading the store
 * raw, and names each break (stream, revision, kind). Exit 0 when intact, 1 on any break.
 *
 * @example
 * cim-complaints verify --store sqlite:complaints.db --json
 * // {"store":"sqlite:complaints.db","intact":true,"breaks":[],"heads":{"anchor":{"digest":"sha256:..."},...}}
 */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { addStoreOption } from '../store-spec.js';
import { examples } from './examples.js';

// the options are declared here; the work (and the adapters it needs) loads only when the command runs
export interface VerifyOptions {
  readonly complaint?: string;
  readonly expectHead?: string;
  readonly json?: boolean;
  readonly store?: string;
}

const parseDigest = (value: string): string => {
  if (!/^sha256:[0-9a-f]{64}$/.test(value)) throw usageError(`--expect-head must be a digest as verify prints it (sha256: and 64 lowercase hex digits), got ${JSON.stringify(value.slice(0, 80))}`);
  return value;
};

/** Adds `verify` to the program. */
export const registerVerify = (program: Command, io: CliIo): void => {
  addStoreOption(
    program
      .command('verify')
      .description("checks the store's hash chains and anchor: names every event changed, removed, inserted, reordered, moved or copied behind the library's back")
      .option('--complaint <complaintId>', "report one complaint's stream only (the whole store is still read)")
      .option('--expect-head <digest>', 'an anchor head printed by an earlier verify and kept elsewhere: the store must still hold it', parseDigest)
      .option('--json', 'print JSON: { store, intact, streams, events, breaks, unchained, heads }'),
  )
    .addHelpText(
      'after',
      '\nBreak kinds: changed, removed, inserted, reordered, moved, duplicated, revision-gap, revision-out-of-range, truncated, unanchored, undecodable (docs/tamper-evidence.md).\n' +
        'Events written before the chain existed are reported as unchained, not as broken.\n' +
        'Exit codes: 0 intact, 1 a break was found (or the store failed), 2 bad arguments.',
    )
    .addHelpText(
      'after',
      examples([
        'cim-complaints verify --store sqlite:./cim-complaints-demo.db',
        'cim-complaints verify --store sqlite:./complaints.db --expect-head "$ANCHOR_HEAD" --json   # a head an earlier verify printed, kept elsewhere',
      ]),
    )
    .action(async (options: VerifyOptions) => (await import('./verify-run.js')).runVerify(io, options));
};
