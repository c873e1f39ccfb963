/** `retention`'s work, loaded only when it runs (see commands/retention.ts for the options). */
import type { Instant } from '@cim-complaints/core';
import { EXIT, QuietExit } from '../errors.js';
import { clockOf, type CliIo } from '../io.js';
import { eraseDue, retentionScan, type ErasureOutcome, type RetentionEntry } from '../personal/retention.js';
import { requirePersistent, resolveStore, withStore } from '../store-selection.js';
import type { RetentionOptions } from './retention.js';

const line = (e: RetentionEntry): string =>
  `${e.status === 'due' ? 'due ' : 'held'}  ${e.complaintId}  ended ${e.endedAt?.slice(0, 10) ?? '?'}  due from ${e.dueOn ?? '?'}${e.status === 'held' ? ' (legal hold)' : ''}`;

export const runRetention = async (io: CliIo, options: RetentionOptions): Promise<void> => {
  const spec = resolveStore(options.store, io);
  requirePersistent(spec, 'retention');
  const now = clockOf(io)();
  const asOf = (options.asOf ?? now) as Instant;
  const dryRun = options.dryRun === true;
  const { entries, outcomes } = await withStore(spec, { mustExist: true, ...(dryRun ? { readOnly: true } : {}), ...(options.keys === undefined ? {} : { keys: options.keys }) }, async (opened) => {
    const entries = await retentionScan(opened, asOf);
    const outcomes: ErasureOutcome[] = dryRun ? [] : await eraseDue(opened, entries, { actor: { id: options.by, role: options.role } as never, at: now });
    return { entries, outcomes };
  });
  const due = entries.filter((e) => e.status === 'due');
  const held = entries.filter((e) => e.status === 'held');
  const failed = outcomes.filter((o) => !o.erased);
  if (options.json === true) {
    io.stdout(`${JSON.stringify({ asOf, dryRun, due, held, erased: outcomes.filter((o) => o.erased).map((o) => o.complaintId), failed }, null, 2)}\n`);
  } else {
    io.stdout(`Retention as of ${asOf}: ${due.length} complaint(s) due for erasure, ${held.length} kept by a legal hold${dryRun ? ' (dry run: nothing erased)' : ''}\n`);
    for (const e of entries) io.stdout(`  ${line(e)}\n`);
    if (!dryRun) io.stdout(`Erased: ${outcomes.length - failed.length}${failed.length === 0 ? '' : `; failed: ${failed.map((f) => `${f.complaintId} (${f.error})`).join('; ')}`}\n`);
  }
  if (failed.length > 0) throw new QuietExit(EXIT.failure);
};
