/** `replay`'s work, loaded only when it runs (see commands/replay.ts for the options). */
import { chosenFormat } from '../audit/formats.js';
import { clockOf, type CliIo } from '../io.js';
import { loadCaseFile, renderCaseFile } from '../replay/case-file.js';
import { loadReplay, renderReplayText } from '../replay/replay.js';
import { requirePersistent, resolveStore, withStore } from '../store-selection.js';
import type { ReplayOptions } from './replay.js';

export const runReplay = async (io: CliIo, complaintId: string, options: ReplayOptions): Promise<void> => {
  const format = chosenFormat(options);
  const spec = resolveStore(options.store, io);
  requirePersistent(spec, 'replay');
  const asOf = options.asOf ?? clockOf(io)();
  // C5: the reader's role (default the least privileged) and where the keys are
  const view = options.as === undefined ? {} : { role: options.as };
  const keys = options.keys === undefined ? {} : { keys: options.keys };
  if (format === 'text') {
    io.stdout(renderReplayText(await withStore(spec, { mustExist: true, readOnly: true, ...keys }, (opened) => loadReplay(opened, complaintId, asOf, view))));
    return;
  }
  const file = await withStore(spec, { mustExist: true, readOnly: true, ...keys }, (opened) => loadCaseFile(opened, complaintId, asOf, { verify: options.verify, ...view }));
  io.stdout(renderCaseFile(file, format));
};
