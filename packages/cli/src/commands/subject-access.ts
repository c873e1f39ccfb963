/**
 * `cim-complaints subject-access (--email ADDRESS | --name NAME) [--request-id ID] [--by ID] [--role ROLE] [--store S] [--keys K]`:
 * answers a subject access request (C7, UK GDPR art. 15): every complaint and event about the
 * person, decrypted, as JSON; each complaint disclosed is recorded (`SubjectAccessDisclosed`,
 * attributed to `--by`) before anything is printed.
 *
 * @example
 * cim-complaints subject-access --email alex@example.org --by u-dpo-1 --store sqlite:complaints.db
 * // {"request":{"id":"sar-...","at":"...","by":{...},"query":{"email":"alex@example.org"}},"complaints":[{"complaintId":"CIM-2025-0001","as":["complainant"],"events":[...]}]}
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addKeysOption } from '../personal-options.js';
import { addStoreOption } from '../store-spec.js';
import { examples } from './examples.js';

// the options are declared here; the work (and the adapters it needs) loads only when the command runs
export interface SubjectAccessOptions {
  readonly email?: string;
  readonly name?: string;
  readonly requestId?: string;
  readonly by: string;
  readonly role: string;
  readonly store?: string;
  readonly keys?: string;
}

/** Adds `subject-access` to the program. */
export const registerSubjectAccess = (program: Command, io: CliIo): void => {
  addKeysOption(
    addStoreOption(
      program
        .command('subject-access')
        .description('every complaint and event about a person (by email or name), decrypted, as JSON, for a subject access request; the disclosure is recorded')
        .option('--email <address>', 'the email address of the person (as complainant or third party)')
        .option('--name <name>', 'the name of the person (as complainant or third party; case and surrounding spaces ignored)')
        .option('--request-id <id>', 'the id of the request, recorded on each complaint disclosed (default: sar-<now>)')
        .option('--by <id>', 'who answers the request (recorded)', 'u-dpo')
        .option('--role <role>', 'their role: one the policy lets answer (policy dataProtection.roles)', 'data-protection-officer'),
    ),
  )
    .addHelpText('after', '\nExit codes: 0 answered (also when nothing is held about the person: complaints is empty), 1 the store failed or the disclosure could not be recorded, 2 bad arguments.')
    .addHelpText('after', examples(['cim-complaints subject-access --email alex@example.org --store sqlite:./cim-complaints-demo.db --by u-dpo-1']))
    .action(async (options: SubjectAccessOptions) => (await import('./subject-access-run.js')).runSubjectAccess(io, options));
};
