/**
 * `cim-complaints replay <complaintId> [--as-of ISO] [--format text|json|md|html | --json] [--no-verify] [--store S]`:
 * the case's history as an auditor reads it, then its state and SLA as of the instant (default
 * now). `--as-of` shows the case as it was then: only events that had occurred by that instant.
 * `json`, `md` and `html` are case files: the replay with the case's compliance findings and the
 * verification of its stream's hash chain (head digests included), to attach to a file note.
 *
 * @example
 * cim-complaints replay CIM-2025-0042 --as-of 2025-06-30T17:00:00+01:00 --json
 * // {"complaintId":"CIM-2025-0042","asOf":"...","events":[...],"state":{...},"sla":{...},"links":{...},"compliance":{"findings":[]},"verification":{...}}
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
export interface ReplayOptions {
  readonly asOf?: string;
  readonly json?: boolean;
  readonly format?: DocumentFormat;
  /** False with `--no-verify`. */
  readonly verify: boolean;
  readonly store?: string;
  /** C5: whose view (`--as`), and where the keys are (`--keys`). */
  readonly as?: ViewRole;
  readonly keys?: string;
}

/** Adds `replay` to the program. */
export const registerReplay = (program: Command, io: CliIo): void => {
  // C5: --as and --keys (personal-options.ts)
  addRoleOption(addKeysOption(addStoreOption(
    program
      .command('replay')
      .description("a complaint's history as an auditor reads it, then its state and SLA as of an instant; as a case file with its findings and verification")
      .argument('<complaintId>', 'the complaint to replay')
      .option('--as-of <instant>', 'show the case as it was at this ISO-8601 instant (default: now)', parseInstant('--as-of'))
      .option('--format <format>', `output format: ${documentFormats.join(', ')} (default: text; json, md and html are case files)`, parseDocumentFormat)
      .option('--json', 'print the case file as JSON (the same as --format json): { complaintId, asOf, events, state, sla, links, compliance, verification }')
      .option('--no-verify', "leave the hash-chain verification out of a case file (it reads the whole store)"),
  )))
    .addHelpText(
      'after',
      '\nA case file (json, md, html) adds the compliance findings (docs/compliance.md) and the verification of the stream (its head digest and the anchor head, for verify --expect-head); html is one self-contained page.\n' +
        'Exit codes: 0 shown, 1 no such complaint (or the store failed), 2 bad arguments.',
    )
    .addHelpText(
      'after',
      examples([
        'cim-complaints replay CIM-2025-0001 --store sqlite:./cim-complaints-demo.db --as-of 2025-03-01T00:00:00Z',
        'cim-complaints replay CIM-2025-0056 --store sqlite:./cim-complaints-demo.db --format html > case.html',
      ]),
    )
    .action(async (complaintId: string, options: ReplayOptions) => (await import('./replay-run.js')).runReplay(io, complaintId, options));
};
