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
  if (format === 'text') {
    io.stdout(renderReplayText(await withStore(spec, { mustExist: true, readOnly: true }, (opened) => loadReplay(opened, complaintId, asOf))));
    return;
  }
  const file = await withStore(spec, { mustExist: true, readOnly: true }, (opened) => loadCaseFile(opened, complaintId, asOf, { verify: options.verify }));
  io.stdout(renderCaseFile(file, format));
};
