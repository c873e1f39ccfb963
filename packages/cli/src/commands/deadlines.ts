/**
 * `cim-complaints deadlines --received <instant> [--policy <id>] [--calendar <id>] [--json]`: the
 * acknowledgement and response deadlines of a complaint received at an instant.
 *
 * @example
 * cim-complaints deadlines --received 2025-06-07T10:00:00+01:00 --json
 * // {"policy":"CX097-V4","calendar":"england-and-wales","effectiveReceiptDate":"2025-06-09",
 * //  "acknowledgement":{"dueDate":"2025-06-16","dueAt":"2025-06-16T23:59:59.999+01:00"},"response":{...}}
 */
import {
  builtInCalendarIds,
  type Calendar,
  calendarFor,
  deadlinesFromReceipt,
  defaultPolicyRegistry,
  type Policy,
  type PolicyRegistry,
  type ReceiptDeadline,
} from '@cim-complaints/core';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import * as O from 'fp-ts/lib/Option.js';
import { failure, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { parseCalendar, parseInstant } from '../options.js';
import { examples } from './examples.js';

interface Options {
  readonly received: string;
  readonly policy?: string;
  readonly calendar?: Calendar;
  readonly json?: boolean;
}

/** The policy asked for, or the one in force at receipt, or (before any took effect) the earliest. */
const choosePolicy = (registry: PolicyRegistry, id: string | undefined, receivedAt: string): Policy => {
  if (id !== undefined) {
    const found = registry.byId(id);
    if (O.isNone(found)) throw usageError(`--policy: unknown policy ${JSON.stringify(id)}; known: ${registry.policies.map((p) => p.id).join(', ')}`);
    return found.value;
  }
  const inForce = registry.inForceAt(receivedAt);
  const chosen = O.isSome(inForce) ? inForce.value : registry.policies[0];
  if (chosen === undefined) throw failure('no policy is registered');
  return chosen;
};

const deadlineJson = (d: ReceiptDeadline | undefined) => (d === undefined ? null : { dueDate: d.dueDate, dueAt: d.dueAt });

const describeTarget = (label: string, d: ReceiptDeadline | undefined, condition: string): string =>
  d === undefined ? `${label}: not set by this policy\n` : `${label} (${d.workingDays} working days${condition}): due ${d.dueDate}, by ${d.dueAt}\n`;

/** Adds `deadlines` to the program. */
export const registerDeadlines = (program: Command, io: CliIo, registry: PolicyRegistry = defaultPolicyRegistry): void => {
  program
    .command('deadlines')
    .description('the acknowledgement and response deadlines of a complaint received at an instant')
    .requiredOption('--received <instant>', 'when the complaint was received, ISO-8601 with offset', parseInstant('--received'))
    .option('--policy <id>', `policy version (default: the one in force at receipt): ${registry.policies.map((p) => p.id).join(', ')}`)
    .option('--calendar <id>', `calendar id instead of the policy's: ${builtInCalendarIds.join(', ')}`, parseCalendar)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      examples([
        'cim-complaints deadlines --received 2025-04-17T16:40:00+01:00',
        'cim-complaints deadlines --received 2026-06-09T10:00:00+01:00 --calendar scotland --json',
      ]),
    )
    .action((options: Options) => {
      const policy = choosePolicy(registry, options.policy, options.received);
      const calendar = options.calendar ?? calendarOf(policy);
      const result = deadlinesFromReceipt(policy, calendar)(options.received);
      if (E.isLeft(result)) {
        const bad = result.left.code === 'date-out-of-range' || result.left.code === 'invalid-instant';
        throw bad ? usageError(`--received: ${result.left.message}`) : failure(result.left.message);
      }
      const d = result.right;
      if (options.json) {
        const json = {
          policy: d.policy,
          calendar: d.calendar,
          effectiveReceiptDate: d.receipt.effectiveDate,
          acknowledgement: deadlineJson(d.targets.acknowledgement),
          response: deadlineJson(d.targets.response),
        };
        io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      const moved =
        d.receipt.movedBecause === 'non-working-day'
          ? ` (${d.receipt.localDate} is not a working day)`
          : d.receipt.movedBecause === 'after-cut-off'
            ? ` (received at or after the ${policy.receiptCutOff ?? ''} cut-off)`
            : '';
      io.stdout(
        `Policy ${d.policy}, calendar ${calendar.name} (${d.calendar}), times in ${policy.timeZone}\n` +
          `Received ${d.receipt.at}: ${d.receipt.localDate} ${d.receipt.localTime} local\n` +
          `Counting from ${d.receipt.effectiveDate}${moved} as day 0\n` +
          describeTarget('Acknowledgement', d.targets.acknowledgement, '') +
          describeTarget('Response', d.targets.response, ', if investigation is required'),
      );
    });
};

const calendarOf = (policy: Policy): Calendar => {
  const calendar = calendarFor(policy.calendarId);
  if (E.isLeft(calendar)) throw failure(`policy ${policy.id}: ${calendar.left.message}`);
  return calendar.right;
};
