/** `demo`'s work, loaded only when it runs (see commands/demo.ts for the options). */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { renderMarkdown } from '@cim-complaints/projections';
import { inspectSqliteFile, writeStoreInfo, type SqliteFileInspection } from '@cim-complaints/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { failure, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import { generateDemo, type DemoPlan } from '../demo/generate.js';
import { DemoStoreFailure, loadPlan, type DemoRejection, type LoadResult } from '../demo/load.js';
import { MAX_SEED } from '../demo/random.js';
import { londonTime } from '../replay/describe.js';
import { loadReplay, renderReplayText } from '../replay/replay.js';
import { reportFromStore } from '../report/store-report.js';
import { isEmptyStore, openStore, removeSqliteFiles, resolveStore, storeFailure, type OpenedStore, type StoreSpec } from '../store-selection.js';
import { DEMO_MARK, type DemoCommandOptions } from './demo.js';

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
const openNewStore = async (spec: StoreSpec, replace: boolean, force: boolean, keys: string | undefined): Promise<OpenedStore> => {
  if (spec.kind === 'sqlite' && replace) {
    const found = inspectSqliteFile(spec.path);
    if (E.isLeft(found)) throw storeFailure('looking at', `sqlite:${spec.path}`, found.left);
    const refusal = replaceRefusal(found.right, force);
    if (refusal !== undefined) throw failure(`--replace: ${refusal}`);
    if (found.right.kind !== 'missing') removeSqliteFiles(spec.path);
  }
  // a demo load can simply be rerun, so it need not sync every commit to disk
  const opened = await openStore(spec, { synchronous: 'normal', ...(keys === undefined ? {} : { keys }) });
  try {
    if (!(await isEmptyStore(opened))) {
      const hint =
        spec.kind === 'sqlite'
          ? 'pass --replace to delete it and start again (a store the demo did not create also needs --force), or choose another file, e.g. --store sqlite:./cim-complaints-demo.db'
          : spec.kind === 'postgres'
            ? '--replace cannot empty a PostgreSQL store: point --store at an empty schema, e.g. ?schema=demo2'
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

export const runDemo = async (io: CliIo, options: DemoCommandOptions): Promise<void> => {
  const spec = resolveStore(options.store, io);
  const seed = options.seed ?? randomInt(0, MAX_SEED);
  const plan = generateDemo({ seed, complaints: options.complaints });
  const asOf = options.asOf ?? plan.yearEnd;
  if (options.force === true && options.replace !== true) throw usageError('--force only makes sense with --replace');
  const opened = await openNewStore(spec, options.replace === true, options.force === true, options.keys);
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
};
