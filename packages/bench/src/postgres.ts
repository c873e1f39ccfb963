/**
 * `node --expose-gc packages/bench/dist/postgres.js [--quick]`: only the PostgreSQL comparisons
 * of `pnpm bench` (append and catch-up against bare `pg`), on the server at `DATABASE_URL`;
 * prints the figures and writes nothing. Without DATABASE_URL it says so in one line.
 */
import { cpus } from 'node:os';
import { formatMs, formatRatio, type Comparison } from './measure.js';
import { POSTGRES_SKIPPED, postgresSuite } from './suites/postgres.js';
import { baseLog, tiledRows, tilesFor } from './workload.js';

const quick = process.argv.includes('--quick');
const say = (text: string) => process.stdout.write(`${text}\n`);
const url = process.env.DATABASE_URL;

const line = (work: string, c: Comparison) =>
  say(`| ${work} | ${c.baseline}: ${formatMs(c.baselineMs)} | ${c.subject}: ${formatMs(c.subjectMs)} | ${formatRatio(c.ratio)} |`);

if (url === undefined || url === '') say(POSTGRES_SKIPPED);
else {
  const complaints = quick ? 100 : 500;
  const catchUp = quick ? 10_000 : 100_000;
  const repetitions = quick ? 3 : 5;
  const base = await baseLog(2000);
  const appendBase = await baseLog(complaints);
  const figures = await postgresSuite(url, appendBase, tiledRows(appendBase, 1), tiledRows(base, tilesFor(base, catchUp)), repetitions);
  say(`PostgreSQL benchmarks (${quick ? 'quick' : 'full'}), median of ${repetitions}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node.js ${process.version}`);
  say('| work | baseline | this library | ratio |');
  say('|---|---|---|---|');
  line(`append of ${complaints.toLocaleString('en-GB')} complaints (${figures.appendEvents.toLocaleString('en-GB')} events, ${figures.appendStreams.toLocaleString('en-GB')} transactions)`, figures.append);
  line(`catch-up read of ${figures.catchUpEvents.toLocaleString('en-GB')} events`, figures.catchUp);
  const rate = (events: number, ms: number) => `${Math.round(events / (ms / 1000)).toLocaleString('en-GB')} events/s`;
  say(`append: library ${rate(figures.appendEvents, figures.append.subjectMs)}, bare ${rate(figures.appendEvents, figures.append.baselineMs)}`);
  say(`catch-up: library ${rate(figures.catchUpEvents, figures.catchUp.subjectMs)}, bare ${rate(figures.catchUpEvents, figures.catchUp.baselineMs)}`);
}
