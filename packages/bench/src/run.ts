/**
 * `pnpm bench [--quick]`: every comparison as a ratio to its baseline, measured in this run.
 * `--quick` (under a minute) proves the benchmarks still run and gives rough figures; the full
 * run uses the sizes the goals are stated at, adds the scaling series from 10,000 to 1,000,000
 * events, and writes docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { formatMs, formatRatio, type Comparison } from './measure.js';
import { appendSuite, batchAppendSuite, importSuite } from './suites/append.js';
import { coldStartSuite } from './suites/cold-start.js';
import { handlerSuite } from './suites/handler.js';
import { POSTGRES_SKIPPED, postgresSuite } from './suites/postgres.js';
import { rebuildSuite } from './suites/rebuild.js';
import { registerReplaySuite, replaySuite } from './suites/replay.js';
import { scratch, writeSqliteFile } from './sqlite-file.js';
import { baseLog, tiledRows, tilesFor } from './workload.js';

interface Sizes {
  readonly replayComplaints: number;
  readonly handlerComplaints: number;
  readonly rebuildEvents: number;
  readonly appendComplaints: number;
  /** PostgreSQL: complaints appended, and events read by the catch-up comparison. */
  readonly postgresComplaints: number;
  readonly postgresCatchUpEvents: number;
  readonly repetitions: number;
  readonly coldStartRepetitions: number;
  readonly scaling: readonly number[];
  /** Sizes of the log of the same 2,000 complaints, longer by letters received. */
  readonly longer: readonly number[];
}

const QUICK: Sizes = { replayComplaints: 2_000, handlerComplaints: 300, rebuildEvents: 10_000, appendComplaints: 300, postgresComplaints: 100, postgresCatchUpEvents: 10_000, repetitions: 3, coldStartRepetitions: 3, scaling: [], longer: [] };
const FULL: Sizes = {
  replayComplaints: 100_000,
  handlerComplaints: 2_000,
  rebuildEvents: 100_000,
  appendComplaints: 2_000,
  postgresComplaints: 500,
  postgresCatchUpEvents: 100_000,
  repetitions: 5,
  coldStartRepetitions: 10,
  scaling: [10_000, 30_000, 100_000, 300_000, 1_000_000],
  longer: [100_000, 300_000, 1_000_000],
};

interface Line {
  readonly work: string;
  readonly comparison: Comparison;
  readonly goal: string;
}

interface ScalePoint {
  readonly events: number;
  readonly rebuildMs: number;
  readonly reportMs: number;
  readonly peakRssMb: number;
}

const quick = process.argv.includes('--quick');
const sizes = quick ? QUICK : FULL;
const say = (text: string) => process.stdout.write(`${text}\n`);
const SCALE = fileURLToPath(new URL('./scale.js', import.meta.url));
const DOC = new URL('../../../docs/benchmarks.md', import.meta.url);

const scalePoint = (events: number, file: string, prepare: 'prepare' | 'prepare-longer' = 'prepare'): ScalePoint => {
  const node = (args: string[]) => {
    const done = spawnSync(process.execPath, ['--expose-gc', SCALE, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (done.status !== 0) throw new Error(`scale ${args.join(' ')} failed: ${done.stderr}`);
    return done.stdout;
  };
  node([prepare, String(events), file]);
  return JSON.parse(node(['measure', file])) as ScalePoint;
};

const main = async (): Promise<void> => {
  const folder = scratch();
  const lines: Line[] = [];
  const show = (line: Line) => {
    lines.push(line);
    const c = line.comparison;
    say(`${line.work}: ${formatRatio(c.ratio)} (${formatMs(c.subjectMs)} against ${formatMs(c.baselineMs)}; goal ${line.goal})`);
  };
  try {
    say(`cim-complaints benchmarks (${quick ? 'quick' : 'full'}): ratios to a baseline measured in the same run`);
    // first, while this process is small: spawning from a process holding a large heap slows every child it starts
    for (const c of await coldStartSuite(sizes.coldStartRepetitions)) show({ work: `CLI cold start: ${c.subject.replace('cim-complaints ', '')}`, comparison: c, goal: 'within 3×' });
    const base = await baseLog(2000);
    const replayTiles = Math.max(1, Math.round(sizes.replayComplaints / 2000));
    const replayRows = tiledRows(base, replayTiles);
    show({ work: `replay ${sizes.replayComplaints.toLocaleString('en-GB')} complaints (${replayRows.length.toLocaleString('en-GB')} events)`, comparison: await replaySuite(replayRows, sizes.repetitions), goal: 'within 3×' });
    show({ work: `replay ${sizes.replayComplaints.toLocaleString('en-GB')} complaints into the complaints register`, comparison: await registerReplaySuite(replayRows, sizes.repetitions), goal: 'within 3×' });

    const handlerBase = sizes.handlerComplaints === 2000 ? base : await baseLog(sizes.handlerComplaints);
    show({ work: `${handlerBase.plan.commands.length.toLocaleString('en-GB')} commands through the handler (${sizes.handlerComplaints.toLocaleString('en-GB')} complaints, in memory)`, comparison: await handlerSuite(handlerBase.plan, sizes.repetitions), goal: 'below 1× (faster than Emmett)' });

    const rebuildFile = folder.file('rebuild.db');
    await writeSqliteFile(rebuildFile, tiledRows(base, tilesFor(base, sizes.rebuildEvents)));
    const rebuilt = await rebuildSuite(rebuildFile, sizes.repetitions);
    show({ work: `rebuild the monitoring read models (${sizes.rebuildEvents.toLocaleString('en-GB')}+ events, SQLite)`, comparison: rebuilt.rebuild, goal: 'linear in the events' });
    show({ work: 'the report after that rebuild, as a fraction of it', comparison: rebuilt.report, goal: 'a small fraction' });

    const appendBase = sizes.appendComplaints === 2000 ? base : await baseLog(sizes.appendComplaints);
    show({ work: `SQLite append of ${sizes.appendComplaints.toLocaleString('en-GB')} complaints (${appendBase.events.length.toLocaleString('en-GB')} events)`, comparison: await appendSuite(appendBase, tiledRows(appendBase, 1), folder, sizes.repetitions), goal: 'about 1×' });

    show({ work: `SQLite batched append of the same ${sizes.appendComplaints.toLocaleString('en-GB')} complaints (envelopes, every stream in one transaction)`, comparison: await batchAppendSuite(appendBase, tiledRows(appendBase, 1), folder, sizes.repetitions), goal: 'within 1.5×' });

    show({ work: `SQLite import of the same events and their ${appendBase.anchors.length.toLocaleString('en-GB')} anchor entries (\`copy\`, one transaction)`, comparison: await importSuite(appendBase, tiledRows(appendBase, 1), folder, sizes.repetitions), goal: 'within 1.5×' });

    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl === undefined || databaseUrl === '') say(POSTGRES_SKIPPED);
    else {
      const pgBase = sizes.postgresComplaints === 2000 ? base : await baseLog(sizes.postgresComplaints);
      const figures = await postgresSuite(databaseUrl, pgBase, tiledRows(pgBase, 1), tiledRows(base, tilesFor(base, sizes.postgresCatchUpEvents)), sizes.repetitions);
      show({ work: `PostgreSQL append of ${sizes.postgresComplaints.toLocaleString('en-GB')} complaints (${figures.appendEvents.toLocaleString('en-GB')} events)`, comparison: figures.append, goal: 'within 2×' });
      show({ work: `PostgreSQL catch-up read of ${figures.catchUpEvents.toLocaleString('en-GB')} events`, comparison: figures.catchUp, goal: 'within 3×' });
    }

    const series: ScalePoint[] = [];
    for (const events of sizes.scaling) {
      const point = scalePoint(events, folder.file(`scale-${events}.db`));
      series.push(point);
      say(`scaling: ${point.events.toLocaleString('en-GB')} events: rebuild ${formatMs(point.rebuildMs)} (${Math.round(point.events / (point.rebuildMs / 1000)).toLocaleString('en-GB')} events/s), report ${formatMs(point.reportMs)}, peak ${Math.round(point.peakRssMb)} MB`);
    }
    const longer: ScalePoint[] = [];
    for (const events of sizes.longer) {
      const point = scalePoint(events, folder.file(`longer-${events}.db`), 'prepare-longer');
      longer.push(point);
      say(`the same 2,000 complaints, ${point.events.toLocaleString('en-GB')} events: rebuild ${formatMs(point.rebuildMs)}, report ${formatMs(point.reportMs)}, peak ${Math.round(point.peakRssMb)} MB`);
    }
    if (!quick) writeDoc(lines, series, longer);
  } finally {
    folder.remove();
  }
};

/** The hand-written sections of docs/benchmarks.md, kept across full runs (each from its heading to the next). */
const KEPT_HEADINGS = ['## Where the time goes', '## PostgreSQL'];

/** The kept sections of the current docs/benchmarks.md, in the order above; none that it lacks. */
const keptSections = (): string[] => {
  let current: string;
  try {
    current = readFileSync(DOC, 'utf8');
  } catch {
    return [];
  }
  return KEPT_HEADINGS.flatMap((heading) => {
    const start = current.indexOf(`\n${heading}\n`);
    if (start < 0) return [];
    const end = current.indexOf('\n## ', start + 1);
    return [current.slice(start + 1, end < 0 ? undefined : end).trimEnd(), ''];
  });
};

const seriesRows = (series: readonly ScalePoint[]): string[] => [
  '| events | rebuild | events/s | report | peak memory |',
  '|---|---|---|---|---|',
  ...series.map((p) => `| ${p.events.toLocaleString('en-GB')} | ${formatMs(p.rebuildMs)} | ${Math.round(p.events / (p.rebuildMs / 1000)).toLocaleString('en-GB')} | ${formatMs(p.reportMs)} | ${Math.round(p.peakRssMb)} MB |`),
];

const writeDoc = (lines: readonly Line[], series: readonly ScalePoint[], longer: readonly ScalePoint[]): void => {
  const kept = keptSections();
  const cpu = cpus();
  const text = [
    '# Benchmarks',
    '',
    'Written by `pnpm bench` (the full run); `pnpm bench --quick` gives rough figures in under a minute. Every figure is a',
    'ratio to a baseline measured in the same process, interleaved with it in alternating order; the ratio is the median',
    `of ${FULL.repetitions} repetitions (cold start: ${FULL.coldStartRepetitions}). Benchmarks are never test assertions: a regression shows here.`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, ${platform()} ${release()}, Node.js ${process.version}.`,
    '',
    '| work | baseline | this library | ratio | goal |',
    '|---|---|---|---|---|',
    ...lines.map((l) => `| ${l.work} | ${l.comparison.baseline}: ${formatMs(l.comparison.baselineMs)} | ${l.comparison.subject}: ${formatMs(l.comparison.subjectMs)} | ${formatRatio(l.comparison.ratio)} | ${l.goal} |`),
    '',
    '## Scaling: rebuild and report, 10,000 to 1,000,000 events',
    '',
    'Each size in a fresh process (peak memory is that process\'s resident high-water mark), from a SQLite store of a demo year tiled to the size.',
    '',
    ...seriesRows(series),
    '',
    'Memory grows with the complaints here, as each tile adds 2,000 more: the read models keep each complaint\'s lifecycle events (slimmed) and, once a save or a report has folded it, its case.',
    '',
    '## Scaling: the same 2,000 complaints, a longer log',
    '',
    'The demo year\'s 2,000 complaints only, each given letters received in turn (a minute apart, after its last event) until the log holds the size: the log grows, the complaints do not. Monitoring keeps no correspondence (C5), so its memory should stay flat. Each size in a fresh process, as above.',
    '',
    ...seriesRows(longer),
    '',
    ...kept,
    '## Reproduce',
    '',
    '```sh',
    'pnpm bench          # the full run; rewrites this file',
    'pnpm bench --quick  # under a minute',
    '```',
    '',
  ].join('\n');
  writeFileSync(DOC, text);
  say('wrote docs/benchmarks.md');
};

await main();
