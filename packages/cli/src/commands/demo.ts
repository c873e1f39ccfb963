/**
 * `cim-complaints demo [--store S] [--complaints N] [--seed S] [--replace] [--as-of ISO]`: loads a
 * realistic year of CIM complaints into a new store through the command handler (never by
 * writing events), then prints what was loaded, the monitoring report and one case's replay.
 * With `--seed` the output is the same, byte for byte, on every run.
 *
 * @example
 * cim-complaints demo --store sqlite:./cim-complaints-demo.db --replace --seed 2025
 */
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { parseInstant } from '../options.js';
import { addKeysOption } from '../personal-options.js';
import { MAX_SEED } from '../demo/random.js';
import { addStoreOption } from '../store-spec.js';
import { examples } from './examples.js';

// the options are declared here; the work (the generator, the stores, the report) loads only when the command runs
export interface DemoCommandOptions {
  readonly store?: string;
  readonly complaints: number;
  readonly seed?: number;
  readonly replace?: boolean;
  readonly force?: boolean;
  readonly asOf?: string;
  /** C5: where the personal-data keys are (`--keys`); default beside the store. */
  readonly keys?: string;
}

/** The `store_info` mark of a store the demo created: `--replace` deletes only such a store. */
export const DEMO_MARK = { key: 'created-by', value: 'cim-complaints demo' } as const;

export const DEFAULT_DEMO_COMPLAINTS = 240;
const MAX_COMPLAINTS = 20_000;

/** A `--complaints` value: a whole number from 1 to 20 000. */
export const parseComplaints = (value: string): number => {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_COMPLAINTS)) throw usageError(`--complaints must be a whole number from 1 to ${MAX_COMPLAINTS}, got ${JSON.stringify(value)}`);
  return n;
};

/** A `--seed` value: a whole number from 0 to 4294967295. */
export const parseSeed = (value: string): number => {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= MAX_SEED)) throw usageError(`--seed must be a whole number from 0 to ${MAX_SEED}, got ${JSON.stringify(value)}`);
  return n;
};

/** Adds `demo` to the program. */
export const registerDemo = (program: Command, io: CliIo): void => {
  addKeysOption(addStoreOption(
    program
      .command('demo')
      .description('load a realistic year of CIM complaints into a new store through the command handler, then print the report and one case replayed')
      .option('--complaints <n>', 'how many complaints to receive over the year', parseComplaints, DEFAULT_DEMO_COMPLAINTS)
      .option('--seed <n>', `seed for the generated year, 0 to ${MAX_SEED} (default: a random one, printed); the same seed gives the same output`, parseSeed)
      .option('--replace', 'delete the SQLite store file first if the demo created it (an existing store with events is refused otherwise)')
      .option('--force', 'with --replace: also delete a cim-complaints store the demo did not create (never a file that is not a store)')
      .option('--as-of <instant>', 'report and replay as of this ISO-8601 instant (default: the end of the demo year)', parseInstant('--as-of')),
  ))
    .addHelpText('after', '\nA progress bar is drawn on stderr when it is a terminal. Exit codes: 0 loaded as planned, 1 the store failed or a command was rejected unexpectedly, 2 bad arguments.')
    .addHelpText(
      'after',
      examples([
        'cim-complaints demo --store sqlite:./cim-complaints-demo.db --replace --seed 2025',
        'cim-complaints demo --store memory: --complaints 20 --seed 4   # a dry run: nothing kept',
      ]),
    )
    .action(async (options: DemoCommandOptions) => (await import('./demo-run.js')).runDemo(io, options));
};
