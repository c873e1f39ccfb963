/**
 * `cim-complaints retention [--dry-run] [--as-of ISO] [--json] [--by ID] [--role ROLE] [--store S] [--keys K]`:
 * applies the policy's retention rule (C7): lists every complaint whose personal data is due for
 * erasure (the case ended longer ago than the policy keeps it) and those a legal hold keeps, then,
 * unless `--dry-run`, erases what is due, each by an attributed `EraseComplainantData` (legal
 * basis `retention`) that deletes the subject's key.
 *
 * @example
 * cim-complaints retention --dry-run --as-of 2032-01-01T00:00:00Z --store sqlite:complaints.db
 * // due   CIM-2025-0001  ended 2025-03-10  due from 2031-03-10
 * // held  CIM-2025-0007  ended 2025-05-02  due from 2031-05-02 (legal hold)
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { parseInstant } from '../options.js';
import { addKeysOption } from '../personal-options.js';
import { addStoreOption } from '../store-spec.js';
import { examples } from './examples.js';

// the options are declared here; the work (and the adapters it needs) loads only when the command runs
export interface RetentionOptions {
  readonly dryRun?: boolean;
  readonly asOf?: string;
  readonly json?: boolean;
  readonly by: string;
  readonly role: string;
  readonly store?: string;
  readonly keys?: string;
}

/** Adds `retention` to the program. */
export const registerRetention = (program: Command, io: CliIo): void => {
  addKeysOption(
    addStoreOption(
      program
        .command('retention')
        .description("applies the policy's retention rule: lists the complaints whose personal data is due for erasure (and those a legal hold keeps), then erases what is due")
        .option('--dry-run', 'list only; erase nothing')
        .option('--as-of <instant>', 'judge what is due as of this ISO-8601 instant (default: now)', parseInstant('--as-of'))
        .option('--json', 'print JSON: { asOf, dryRun, due, held, erased }')
        .option('--by <id>', 'who erases (recorded on each erasure)', 'u-retention')
        .option('--role <role>', 'their role: one the policy lets erase (policy dataProtection.roles)', 'data-protection-officer'),
    ),
  )
    .addHelpText('after', '\nExit codes: 0 listed (and, without --dry-run, all that was due erased), 1 an erasure failed or the store failed, 2 bad arguments.')
    .addHelpText('after', examples(['cim-complaints retention --dry-run --store sqlite:./cim-complaints-demo.db', 'cim-complaints retention --store sqlite:./complaints.db --by u-dpo-1']))
    .action(async (options: RetentionOptions) => (await import('./retention-run.js')).runRetention(io, options));
};
