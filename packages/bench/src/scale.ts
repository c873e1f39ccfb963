/**
 * One point of the scaling series, in a process of its own so its peak memory is its own:
 * `node scale.js prepare <events> <file>` writes a store of at least that many events (a demo
 * year tiled), `node scale.js prepare-longer <events> <file>` one of the demo year's complaints
 * only with letters received added until the log holds that many, and `node scale.js measure <file>` rebuilds the monitoring read models from it,
 * reports from them, and prints `{ events, rebuildMs, reportMs, peakRssMb }` as one JSON line.
 */
import { performance } from 'node:perf_hooks';
import { rebuild, report } from './suites/rebuild.js';
import { writeSqliteFile } from './sqlite-file.js';
import { baseLog, eachLongerRow, eachTiledRow, tilesFor } from './workload.js';

const BASE_COMPLAINTS = 2000;

const prepare = async (events: number, path: string): Promise<void> => {
  const base = await baseLog(BASE_COMPLAINTS);
  await writeSqliteFile(path, eachTiledRow(base, tilesFor(base, events)));
};

const prepareLonger = async (events: number, path: string): Promise<void> => {
  const base = await baseLog(BASE_COMPLAINTS);
  await writeSqliteFile(path, eachLongerRow(base, events));
};

const measure = async (path: string): Promise<void> => {
  const started = performance.now();
  const caught = await rebuild(path);
  const rebuilt = performance.now();
  report(caught);
  const reported = performance.now();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ events: caught.eventsRead, rebuildMs: rebuilt - started, reportMs: reported - rebuilt, peakRssMb })}\n`);
};

const [mode, first, second] = process.argv.slice(2);
if (mode === 'prepare' && first !== undefined && second !== undefined) await prepare(Number(first), second);
else if (mode === 'prepare-longer' && first !== undefined && second !== undefined) await prepareLonger(Number(first), second);
else if (mode === 'measure' && first !== undefined) await measure(first);
else {
  process.stderr.write('usage: scale.js prepare <events> <file> | scale.js prepare-longer <events> <file> | scale.js measure <file>\n');
  process.exitCode = 2;
}
