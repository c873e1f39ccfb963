/**
 * Which store a command uses, as the user names it (`--store`, the environment variable, the
 * default file): parsed and described without opening anything, so every command can declare
 * its options, and `--help` can run, without loading a store adapter. Opening is
 * store-selection.ts's job.
 *
 * @example
 * parseStore('sqlite:./complaints.db'); // { kind: 'sqlite', path: './complaints.db' }
 * describeStore(parseStore('esdb://admin:changeit@db:2113')); // 'esdb://db:2113'
 * describeStore(parseStore('postgres://cim:pw@db:5432/complaints')); // 'postgres://db:5432/complaints'
 */
import { maskConnectionString } from '@cim-complaints/eventstoredb/connection-strings';
import { isPostgresUrl, maskPostgresUrl } from '@cim-complaints/postgres/connection-strings';
import type { Command } from 'commander';
import { usageError } from './errors.js';
import type { CliIo } from './io.js';

export type StoreSpec =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'esdb'; readonly connectionString: string }
  | { readonly kind: 'postgres'; readonly connectionString: string };

/** Whether a string names an EventStoreDB or KurrentDB server (`esdb://`, `kurrentdb://`, `kurrent://`, `kdb://`, each also `+discover`). */
export const isEventStoreDbUrl = (value: string): boolean => /^(?:esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\/./.test(value);

export const DEFAULT_STORE = 'sqlite:./cim-complaints.db';
export const STORE_ENV = 'CIM_COMPLAINTS_STORE';

const EXAMPLES = 'sqlite:<path> (e.g. sqlite:./cim-complaints.db), memory:, esdb://host:2113?tls=false, or postgres://user:password@host:5432/database';

/** Parses a store string; `source` names where it came from in the error (`--store` or the variable). */
export const parseStore = (value: string, source = '--store'): StoreSpec => {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path.trim() === '') throw usageError(`${source}: sqlite: needs a file path, e.g. sqlite:./cim-complaints.db`);
    // SQLite's in-memory and temporary databases vanish when the command ends: writes would go nowhere
    if (path === ':memory:' || path.startsWith('file:') || path.includes('mode=memory'))
      throw usageError(`${source}: ${JSON.stringify(value)} is not a file, and what a command writes there is lost when it ends; use sqlite:<path>, or memory: for a deliberate dry run`);
    return { kind: 'sqlite', path };
  }
  if (value === 'memory:') return { kind: 'memory' };
  // esdb:// opens with @eventstore/db-client, kurrentdb:// (kurrent://, kdb://) with @kurrent/kurrentdb-client: the adapter picks by the scheme
  if (isEventStoreDbUrl(value)) return { kind: 'esdb', connectionString: value };
  if (isPostgresUrl(value)) {
    if (/^\s*postgres(?:ql)?:\/\/\s*$/i.test(value)) throw usageError(`${source}: ${JSON.stringify(value.trim())} names no server, e.g. postgres://user:password@127.0.0.1:5432/complaints`);
    return { kind: 'postgres', connectionString: value };
  }
  // never echo credentials back: with any (as the mask reads it), an unknown store shows only its scheme
  const shown = maskConnectionString(value) === value ? value : `${/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? ''}...`;
  throw usageError(`${source}: unknown store ${JSON.stringify(shown)}; use ${EXAMPLES}`);
};

/** The store a command uses: its `--store`, else the environment variable, else the default file. */
export const resolveStore = (option: string | undefined, io: CliIo): StoreSpec => {
  if (option !== undefined) return parseStore(option, '--store');
  const fromEnv = io.env?.[STORE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parseStore(fromEnv, STORE_ENV);
  return parseStore(DEFAULT_STORE);
};

/** How a store is named in messages: a connection string without its credentials. */
export const describeStore = (spec: StoreSpec): string => {
  switch (spec.kind) {
    case 'sqlite':
      return `sqlite:${spec.path}`;
    case 'memory':
      return 'memory:';
    case 'esdb':
      return maskConnectionString(spec.connectionString);
    case 'postgres':
      return maskPostgresUrl(spec.connectionString);
  }
};

/** Adds the `--store` option to a command. */
export const addStoreOption = (command: Command): Command =>
  command.option('--store <store>', `where the events are: ${EXAMPLES} (default: $${STORE_ENV}, else ${DEFAULT_STORE})`);

/** Refuses `memory:` for a command that only reads: a new process's memory store is always empty. */
export const requirePersistent = (spec: StoreSpec, commandName: string): void => {
  if (spec.kind === 'memory')
    throw usageError(`${commandName} reads what earlier runs stored, and --store memory: starts empty in every process; use sqlite:<path>, esdb://... or postgres://...`);
};
