/**
 * Starting the CLI: a whole process, from `node` to exit. Baseline: `node -e 0`. Subjects:
 * `deadlines --json` (the calendar and the SLA engine) and `--help` (nothing but the program).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compare, type Comparison } from '../measure.js';

const BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));

const run = (args: readonly string[]) => () => {
  const done = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (done.status !== 0) throw new Error(`node ${args.join(' ')} exited ${done.status}: ${done.stderr.toString()}`);
  return done.status;
};

export const coldStartSuite = async (repetitions: number): Promise<Comparison[]> => {
  const baseline = { name: 'node -e 0', run: run(['-e', '0']) };
  return [
    await compare(baseline, { name: 'cim-complaints deadlines --received … --json', run: run([BIN, 'deadlines', '--received', '2025-06-07T10:00:00+01:00', '--json']) }, repetitions),
    await compare(baseline, { name: 'cim-complaints --help', run: run([BIN, '--help']) }, repetitions),
  ];
};
