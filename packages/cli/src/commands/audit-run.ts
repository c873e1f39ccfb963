/** `audit`'s work, loaded only when it runs (see commands/audit.ts for the options). */
import { auditStore } from '../audit/audit.js';
import { chosenFormat } from '../audit/formats.js';
import { renderAudit } from '../audit/render.js';
import { EXIT, QuietExit } from '../errors.js';
import { clockOf, type CliIo } from '../io.js';
import { checkOutputTarget } from '../output-file.js';
import { progressCounter } from '../progress.js';
import { requirePersistent, resolveStore, withStore } from '../store-selection.js';
import type { AuditOptions } from './audit.js';
import { writeOutput } from './report.js';

export const runAudit = async (io: CliIo, options: AuditOptions): Promise<void> => {
  const format = chosenFormat(options);
  const spec = resolveStore(options.store, io);
  requirePersistent(spec, 'audit');
  const stores = spec.kind === 'sqlite' ? [spec.path] : [];
  // before any work: an audit must never be written over the store it reads
  if (options.out !== undefined) checkOutputTarget(options.out, { stores, option: '--out' });
  const asOf = options.asOf ?? clockOf(io)();
  const counter = progressCounter(io, 'reading the store');
  const audit = await withStore(spec, { mustExist: true, readOnly: true, ...(options.keys === undefined ? {} : { keys: options.keys }) }, (opened) =>
    auditStore(opened, asOf, counter.update, options.as === undefined ? {} : { role: options.as }),
  );
  counter.done();
  writeOutput(io, renderAudit(audit, format), options.out, stores);
  if (options.out !== undefined) io.stdout(`wrote the ${format} audit as of ${asOf} (${audit.findings} finding(s) in ${audit.cases.length} complaint(s)) to ${options.out}\n`);
  if (audit.findings > 0) throw new QuietExit(EXIT.failure);
};
