/** `verify`'s work, loaded only when it runs (see commands/verify.ts for the options). */
import { EXIT, QuietExit } from '../errors.js';
import type { CliIo } from '../io.js';
import { requirePersistent, resolveStore, withStore } from '../store-selection.js';
import { renderVerificationText, verificationJson, verifyOpened } from '../verify/verify.js';
import type { VerifyOptions } from './verify.js';

export const runVerify = async (io: CliIo, options: VerifyOptions): Promise<void> => {
  const spec = resolveStore(options.store, io);
  requirePersistent(spec, 'verify');
  const { verification, name } = await withStore(spec, { mustExist: true, readOnly: true }, async (opened) => ({
    verification: await verifyOpened(opened, {
      ...(options.complaint === undefined ? {} : { complaintId: options.complaint }),
      ...(options.expectHead === undefined ? {} : { expectHead: options.expectHead }),
    }),
    name: opened.name,
  }));
  io.stdout(options.json === true ? `${JSON.stringify(verificationJson(verification, name), null, 2)}\n` : renderVerificationText(verification, name));
  if (!verification.intact) throw new QuietExit(EXIT.failure);
};
