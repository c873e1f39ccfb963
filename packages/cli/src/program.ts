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
import { Command, CommanderError } from 'commander';
import { registerCalendarHolidays } from './commands/calendar-holidays.js';
import { registerDeadlines } from './commands/deadlines.js';
import { registerDemo } from './commands/demo.js';
import { registerExec } from './commands/exec.js';
import { registerReplay } from './commands/replay.js';
import { registerReport } from './commands/report.js';
import { CliError, EXIT, QuietExit } from './errors.js';
import type { CliIo } from './io.js';

/** The program with every command, writing through `io`. */
export const createProgram = (io: CliIo): Command => {
  const program = new Command('cim-complaints')
    .description('CIM complaints (policy CX097 V4): working-day calendars, SLA deadlines, commands, replays, reports and a demo year')
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      // commander's own complaints (missing option, unknown command) read like ours
      outputError: (text, write) => write(`cim-complaints: ${text.replace(/^error: /, '')}`),
    })
    .exitOverride();
  const calendar = program.command('calendar').description('working-day calendars');
  registerCalendarHolidays(calendar, io);
  registerDeadlines(program, io);
  registerExec(program, io);
  registerReplay(program, io);
  registerReport(program, io);
  registerDemo(program, io);
  return program;
};

/** Runs the program on arguments (without `node` and the script); resolves to the exit code. */
export const run = async (args: readonly string[], io: CliIo): Promise<number> => {
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
