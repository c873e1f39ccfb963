/**
 * The options of personal data (C5), for the commands that show or change it: `--as ROLE` (whose
 * view: default the least privileged, an auditor not granted personal data) and `--keys STORE`
 * (where the keys are: default beside the store, key-selection.ts).
 *
 * @example
 * addRoleOption(addKeysOption(program.command('replay')));
 * // cim-complaints replay CIM-2025-0001 --as department-manager:Membership
 */
import { parseViewRole, viewRoleNames, viewRoleName, LEAST_PRIVILEGED_VIEW, type ViewRole } from '@cim-complaints/core';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { usageError } from './errors.js';

/** Parses `--as`. */
export const parseRoleOption = (value: string): ViewRole => {
  const role = parseViewRole(value);
  if (E.isLeft(role)) throw usageError(`--as: ${role.left}`);
  return role.right;
};

/** Adds `--as ROLE`. */
export const addRoleOption = (command: Command): Command =>
  command.option(
    '--as <role>',
    `whose view: ${viewRoleNames.join(', ')} (default: ${viewRoleName(LEAST_PRIVILEGED_VIEW)}, which withholds personal data)`,
    parseRoleOption,
  );

/** Adds `--keys STORE`. */
export const addKeysOption = (command: Command): Command =>
  command.option('--keys <store>', 'where the personal-data keys are: sqlite:<path>, memory:, esdb://... (or kurrentdb://...), postgres://... or none (default: beside the store, e.g. x.db keeps them in x.keys.db)');
