/**
 * The `cim-complaints` program: commander wired to injected output, one module per command under
 * commands/. `run` parses arguments and turns every failure into one line on stderr and an exit
 * code (2 for bad arguments), with a stack trace only under `--debug`.
 *
 * @example
 * const out: string[] = [];
 * const code = await run(['calendar', 'holidays', '--calendar', 'scotland', '--year', '2026', '--json'],
 *   { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
 */
import { connectionStringRedactor } from '@cim-complaints/eventstoredb/connection-strings';
import { Command, CommanderError } from 'commander';
// bundled into the build (the version only matters, and costs nothing at start)
import manifest from '../package.json' with { type: 'json' };
import { registerAudit } from './commands/audit.js';
import { registerCalendarHolidays } from './commands/calendar-holidays.js';
import { registerCompletion } from './commands/completion.js';
import { registerCopy } from './commands/copy.js';
import { registerDeadlines } from './commands/deadlines.js';
import { registerDemo } from './commands/demo.js';
import { examples } from './commands/examples.js';
import { registerExec } from './commands/exec.js';
import { registerMonitor } from './commands/monitor.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { registerRetention } from './commands/retention.js';
import { registerSubjectAccess } from './commands/subject-access.js';
import { registerVerify } from './commands/verify.js';
import { CliError, EXIT, QuietExit } from './errors.js';
import { describeOutputFailure, type CliIo } from './io.js';
import { DEFAULT_STORE, STORE_ENV } from './store-spec.js';

/** The version of the package this program was built from. */
export const CLI_VERSION: string = manifest.version;

/** The program with every command, writing through `io`. */
export const createProgram = (io: CliIo): Command => {
  const program = new Command('cim-complaints')
    .description('CIM complaints (policy CX097 V4): working-day calendars, SLA deadlines, commands, replays, reports and a demo year')
    .version(CLI_VERSION, '-V, --version', 'print the version of cim-complaints')
    .option('--debug', 'show stack traces for errors')
    .addHelpText(
      'after',
      '\nEnvironment:\n' +
        `  ${STORE_ENV}  the store a command uses when it is given no --store: sqlite:<path>,\n` +
        `  ${' '.repeat(STORE_ENV.length)}  memory: or esdb://host:2113?tls=false (unset: ${DEFAULT_STORE})\n` +
        examples([
          'cim-complaints deadlines --received 2025-04-17T16:40:00+01:00',
          `export ${STORE_ENV}=sqlite:./complaints.db; cim-complaints exec --file examples/commands.jsonl && cim-complaints report`,
          'cim-complaints report --help                                # the options, examples and exit codes of a command',
          'source <(cim-complaints completion bash)                    # complete commands and options (or: completion zsh)',
        ]),
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // commander's own complaints (missing option, unknown command) read like ours
      outputError: (text, write) => write(`cim-complaints: ${text.replace(/^error: /, '')}`),
    })
    .exitOverride();
  const calendar = program
    .command('calendar')
    .description('working-day calendars')
    .addHelpText('after', examples(['cim-complaints calendar holidays --calendar scotland --year 2026']));
  registerCalendarHolidays(calendar, io);
  registerDeadlines(program, io);
  registerExec(program, io);
  registerReplay(program, io);
  registerReport(program, io);
  registerAudit(program, io);
  registerMonitor(program, io);
  registerDemo(program, io);
  registerVerify(program, io);
  registerSubjectAccess(program, io);
  registerRetention(program, io);
  registerCopy(program, io);
  registerCompletion(program, io);
  return program;
};

/** The store strings of a run (`--store` values, the store variable), but for `sqlite:` paths: what may hold credentials. */
const storeStrings = (args: readonly string[], io: CliIo): string[] =>
  [
    ...args.flatMap((arg, i) => (arg === '--store' ? [args[i + 1] ?? ''] : arg.startsWith('--store=') ? [arg.slice('--store='.length)] : [])),
    io.env?.[STORE_ENV] ?? '',
  ].filter((store) => !store.startsWith('sqlite:'));

/**
 * Runs the program on arguments (without `node` and the script); resolves to the exit code.
 * Everything it prints, `--debug` stacks included, passes through a redactor of the credentials
 * in its store strings.
 */
export const run = async (args: readonly string[], given: CliIo): Promise<number> => {
  const redact = connectionStringRedactor(storeStrings(args, given));
  const io: CliIo = { ...given, stdout: (text) => given.stdout(redact(text)), stderr: (text) => given.stderr(redact(text)) };
  const code = await runProgram(args, io);
  return code === EXIT.ok ? outputOutcome(io) : code;
};

/**
 * A run that succeeded but whose standard output failed did not succeed: exit 1, saying why
 * unless the reader simply left (`| head`), which needs no message.
 */
const outputOutcome = async (io: CliIo): Promise<number> => {
  // a failed write is reported on a later turn of the event loop
  await new Promise<void>((resolve) => setImmediate(resolve));
  const failed = io.stdoutFailure?.();
  if (failed === undefined) return EXIT.ok;
  if (failed.code !== 'EPIPE') io.stderr(`cim-complaints: cannot write to standard output: ${describeOutputFailure(failed)}\n`);
  return EXIT.failure;
};

const runProgram = async (args: readonly string[], io: CliIo): Promise<number> => {
  const program = createProgram(io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (help, version, or what was wrong)
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof QuietExit) return error.exitCode;
    const debug = args.includes('--debug');
    if (error instanceof CliError) {
      io.stderr(`cim-complaints: ${error.message}\n`);
      if (debug && error.stack !== undefined) io.stderr(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`cim-complaints: unexpected error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
    return EXIT.failure;
  }
};
