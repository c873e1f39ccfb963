/**
 * `cim-complaints demo [--store S] [--complaints N] [--seed S] [--replace] [--as-of ISO]`: loads a
 * realistic year of CIM complaints into a new store through the command handler (never by
 * writing events), then prints what was loaded, the monitoring report and one case's replay.
 * With `--seed` the output is the same, byte for byte, on every run.
 *
 * @example
 * cim-complaints demo --store sqlite:./cim-complaints-demo.db --replace --seed 2025
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { renderMarkdown } from '@cim-complaints/projections';
import { inspectSqliteFile, writeStoreInfo, type SqliteFileInspection } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import type { Command } from 'commander';
import { failure, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { parseInstant } from '../options.js';
import { progressBar } from '../progress.js';
import { generateDemo, type DemoPlan } from '../demo/generate.js';
import { DemoStoreFailure, loadPlan, type DemoRejection, type LoadResult } from '../demo/load.js';
import { MAX_SEED } from '../demo/random.js';
import { londonTime } from '../replay/describe.js';
import { loadReplay, renderReplayText } from '../replay/replay.js';
import { reportFromStore } from '../report/store-report.js';
import { addStoreOption, isEmptyStore, openStore, removeSqliteFiles, resolveStore, storeFailure, type OpenedStore, type StoreSpec } from '../store-selection.js';

interface Options {
  readonly store?: string;
  readonly complaints: number;
  readonly seed?: number;
  readonly replace?: boolean;
  readonly force?: boolean;
  readonly asOf?: string;
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

/** Why `--replace` may not delete what is at a path, or undefined when it may. */
const replaceRefusal = (found: SqliteFileInspection, force: boolean): string | undefined => {
  switch (found.kind) {
    case 'missing':
    case 'empty':
      return undefined;
    case 'store':
      if (found.info[DEMO_MARK.key] === DEMO_MARK.value || force) return undefined;
      return `${found.path} is a cim-complaints store that the demo did not create; not deleting it (pass --force as well to delete it anyway)`;
    case 'newer-schema':
      return `${found.path} is a store written by a newer version of cim-complaints; not deleting it`;
    case 'foreign-sqlite':
      return `${found.path} is a SQLite database that is not a cim-complaints store (tables: ${found.tables.join(', ') || 'none'}); not deleting it`;
    case 'not-sqlite':
      return `${found.path} is not a SQLite file; not deleting it`;
  }
};

/** Opens the store the demo loads into: new, emptied by `--replace`, or refused; a new SQLite store is marked as the demo's. */
const openNewStore = async (spec: StoreSpec, replace: boolean, force: boolean): Promise<OpenedStore> => {
  if (spec.kind === 'sqlite' && replace) {
    const found = inspectSqliteFile(spec.path);
    if (E.isLeft(found)) throw storeFailure('looking at', `sqlite:${spec.path}`, found.left);
    const refusal = replaceRefusal(found.right, force);
    if (refusal !== undefined) throw failure(`--replace: ${refusal}`);
    if (found.right.kind !== 'missing') removeSqliteFiles(spec.path);
  }
  // a demo load can simply be rerun, so it need not sync every commit to disk
  const opened = await openStore(spec, { synchronous: 'normal' });
  try {
    if (!(await isEmptyStore(opened))) {
      const hint =
        spec.kind === 'sqlite'
          ? 'pass --replace to delete it and start again (a store the demo did not create also needs --force), or choose another file, e.g. --store sqlite:./cim-complaints-demo.db'
          : '--replace cannot empty an EventStoreDB database: point --store at an empty one';
      throw failure(`${opened.name} already holds events and demo loads a new store: ${hint}`);
    }
    if (opened.sqlite !== undefined) {
      const marked = writeStoreInfo(opened.sqlite, { [DEMO_MARK.key]: DEMO_MARK.value });
      if (E.isLeft(marked)) throw storeFailure('marking', opened.name, marked.left);
    }
    return opened;
  } catch (error) {
    await opened.close();
    throw error;
  }
};

const rejectionLine = (r: DemoRejection): string =>
  `  ${londonTime(r.command.at)}  ${r.command.complaintId}  ${r.command.type}: ${r.code} (${r.message})`;

const summary = (plan: DemoPlan, result: LoadResult, storeName: string): string => {
  const expected = result.rejections.filter((r) => r.expected);
  const unexpected = result.rejections.filter((r) => !r.expected);
  const lines = [
    `cim-complaints demo: ${plan.complaints} complaints received in ${plan.year} (seed ${plan.seed}), loaded into ${storeName}`,
    `${plan.commands.length} commands went through the command handler: ${result.applied} applied (${result.events} events), ${result.rejections.length} rejected.`,
  ];
  if (expected.length > 0) {
    lines.push(`Rejected as intended, the rules at work (${expected.length}):`);
    lines.push(...expected.map(rejectionLine));
  }
  if (unexpected.length > 0) {
    lines.push(`REJECTED UNEXPECTEDLY (${unexpected.length}):`);
    lines.push(...unexpected.map(rejectionLine));
  }
  if (result.unexpectedlyApplied.length > 0) {
    lines.push(`APPLIED ALTHOUGH MEANT TO BREAK A RULE (${result.unexpectedlyApplied.length}):`);
    lines.push(...result.unexpectedlyApplied.map((c) => `  ${c.command.commandId} ${c.command.type} (expected ${c.expectRejection})`));
  }
  return `${lines.join('\n')}\n`;
};

/** Adds `demo` to the program. */
export const registerDemo = (program: Command, io: CliIo): void => {
  addStoreOption(
    program
      .command('demo')
      .description('load a realistic year of CIM complaints into a new store through the command handler, then print the report and one case replayed')
      .option('--complaints <n>', 'how many complaints to receive over the year', parseComplaints, DEFAULT_DEMO_COMPLAINTS)
      .option('--seed <n>', `seed for the generated year, 0 to ${MAX_SEED} (default: a random one, printed); the same seed gives the same output`, parseSeed)
      .option('--replace', 'delete the SQLite store file first if the demo created it (an existing store with events is refused otherwise)')
      .option('--force', 'with --replace: also delete a cim-complaints store the demo did not create (never a file that is not a store)')
      .option('--as-of <instant>', 'report and replay as of this ISO-8601 instant (default: the end of the demo year)', parseInstant('--as-of')),
  )
    .addHelpText('after', '\nA progress bar is drawn on stderr when it is a terminal. Exit codes: 0 loaded as planned, 1 the store failed or a command was rejected unexpectedly, 2 bad arguments.')
    .action(async (options: Options) => {
      const spec = resolveStore(options.store, io);
      const seed = options.seed ?? randomInt(0, MAX_SEED);
      const plan = generateDemo({ seed, complaints: options.complaints });
      const asOf = options.asOf ?? plan.yearEnd;
      if (options.force === true && options.replace !== true) throw usageError('--force only makes sense with --replace');
      const opened = await openNewStore(spec, options.replace === true, options.force === true);
      let clean: boolean;
      try {
        const bar = progressBar(io, 'loading');
        const started = performance.now();
        const result = await loadPlan(opened.store, plan, bar.update).catch((error: unknown) => {
          if (error instanceof DemoStoreFailure) throw storeFailure(`writing ${error.command.commandId} to`, opened.name, error.error);
          throw error;
        });
        bar.done(`loaded ${plan.commands.length} commands in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        io.stdout(summary(plan, result, opened.name));
        io.stdout(`\n${renderMarkdown(await reportFromStore(opened, asOf))}`);
        const showcase = plan.showcase.complaintId;
        io.stdout(`\n## One case replayed: ${showcase}, ${plan.showcase.why}\n\n`);
        io.stdout(renderReplayText(await loadReplay(opened, showcase, asOf)));
        io.stdout(
          spec.kind === 'memory'
            ? '\nThe memory: store ends with this run; load a file with --store sqlite:./cim-complaints-demo.db to explore it further.\n'
            : `\nExplore further:\n  cim-complaints replay ${showcase} --store ${opened.name} --as-of ${asOf}\n  cim-complaints report --store ${opened.name} --as-of ${asOf} --format html --out report.html\n`,
        );
        clean = result.rejections.every((r) => r.expected) && result.unexpectedlyApplied.length === 0;
      } finally {
        await opened.close();
      }
      if (!clean) throw failure('some demo commands did not behave as planned (listed above): the generator and the rules disagree');
    });
};
