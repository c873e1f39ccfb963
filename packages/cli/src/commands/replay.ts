/**
 * `cim-complaints replay <complaintId> [--as-of ISO] [--json] [--store S]`: the case's history as
 * an auditor reads it, then its state and SLA as of the instant (default now). `--as-of` shows
 * the case as it was then: only events that had occurred by that instant.
 *
 * @example
 * cim-complaints replay CIM-2025-0042 --as-of 2025-06-30T17:00:00+01:00 --json
 * // {"complaintId":"CIM-2025-0042","asOf":"...","events":[...],"state":{...},"sla":{"acknowledgement":{"dueDate":"...","status":"met",...},...}}
 */
import type { Command } from 'commander';
import { clockOf, type CliIo } from '../io.js';
import { parseInstant } from '../options.js';
import { loadReplay, renderReplayText, replayJson } from '../replay/replay.js';
import { addStoreOption, requirePersistent, resolveStore, withStore } from '../store-selection.js';

interface Options {
  readonly asOf?: string;
  readonly json?: boolean;
  readonly store?: string;
}

/** Adds `replay` to the program. */
export const registerReplay = (program: Command, io: CliIo): void => {
  addStoreOption(
    program
      .command('replay')
      .description("a complaint's history as an auditor reads it, then its state and SLA as of an instant")
      .argument('<complaintId>', 'the complaint to replay')
      .option('--as-of <instant>', 'show the case as it was at this ISO-8601 instant (default: now)', parseInstant('--as-of'))
      .option('--json', 'print JSON: { complaintId, asOf, events, state, sla }'),
  )
    .addHelpText('after', '\nExit codes: 0 shown, 1 no such complaint (or the store failed), 2 bad arguments.')
    .action(async (complaintId: string, options: Options) => {
      const spec = resolveStore(options.store, io);
      requirePersistent(spec, 'replay');
      const asOf = options.asOf ?? clockOf(io)();
      const replay = await withStore(spec, { mustExist: true, readOnly: true }, (opened) => loadReplay(opened, complaintId, asOf));
      io.stdout(options.json === true ? `${JSON.stringify(replayJson(replay), null, 2)}\n` : renderReplayText(replay));
    });
};
