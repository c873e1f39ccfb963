/**
 * `cim-complaints audit [--as-of ISO] [--json | --format text|json|md|html] [--out F] [--store S]`:
 * every complaint of a store checked against the policy (core's `checkCompliance`) as of an
 * instant (default now): the findings counted by code and clause, then listed per complaint.
 * Exit 0 when there is no finding, 1 when there is any (or the store failed), 2 for bad arguments.
 *
 * @example
 * cim-complaints audit --store sqlite:complaints.db --as-of 2025-12-31T23:59:59Z --format html --out audit.html
 */
import type { Command } from 'commander';
import { documentFormats, parseDocumentFormat, type DocumentFormat } from '../audit/formats.js';
import type { CliIo } from '../io.js';
import { parseInstant } from '../options.js';
import { addKeysOption, addRoleOption } from '../personal-options.js';
import { addStoreOption } from '../store-spec.js';
import type { ViewRole } from '@cim-complaints/core';
import { examples } from './examples.js';

// the options are declared here; the work (and the adapters it needs) loads only when the command runs
export interface AuditOptions {
  readonly asOf?: string;
  readonly json?: boolean;
  readonly format?: DocumentFormat;
  readonly out?: string;
  readonly store?: string;
  /** C5: whose view the findings are written for (`--as`), and where the keys are (`--keys`). */
  readonly as?: ViewRole;
  readonly keys?: string;
}

/** Adds `audit` to the program. */
export const registerAudit = (program: Command, io: CliIo): void => {
  // C5: --as and --keys (personal-options.ts)
  addRoleOption(addKeysOption(addStoreOption(
    program
      .command('audit')
      .description('checks every complaint of a store against the policy (CX097) and lists the findings by code, clause and complaint')
      .option('--as-of <instant>', 'audit as of this ISO-8601 instant (default: now)', parseInstant('--as-of'))
      .option('--format <format>', `output format: ${documentFormats.join(', ')} (default: text)`, parseDocumentFormat)
      .option('--json', 'print JSON (the same as --format json)')
      .option('--out <file>', 'write the audit to a file instead of standard output'),
  )))
    .addHelpText(
      'after',
      '\nFinding codes and their clauses: docs/compliance.md. html is one self-contained page; --out replaces the file whole or not at all, and never writes over a store.\n' +
        'Exit codes: 0 no finding, 1 at least one finding (or the store failed), 2 bad arguments.',
    )
    .addHelpText(
      'after',
      examples([
        'cim-complaints audit --store sqlite:./cim-complaints-demo.db --as-of 2025-12-31T23:59:59Z',
        'cim-complaints audit --store sqlite:./cim-complaints-demo.db --format html --out audit.html',
        'CIM_COMPLAINTS_STORE=sqlite:./complaints.db cim-complaints audit --json',
      ]),
    )
    .action(async (options: AuditOptions) => (await import('./audit-run.js')).runAudit(io, options));
};
