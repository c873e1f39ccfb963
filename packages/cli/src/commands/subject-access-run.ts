/** `subject-access`'s work, loaded only when it runs (see commands/subject-access.ts for the options). */
import { usageError } from '../errors.js';
import { clockOf, type CliIo } from '../io.js';
import { answerSubjectAccess } from '../personal/subject-access.js';
import { requirePersistent, resolveStore, withStore } from '../store-selection.js';
import type { SubjectAccessOptions } from './subject-access.js';

export const runSubjectAccess = async (io: CliIo, options: SubjectAccessOptions): Promise<void> => {
  if ((options.email === undefined) === (options.name === undefined)) throw usageError('subject-access needs one of --email or --name');
  const spec = resolveStore(options.store, io);
  requirePersistent(spec, 'subject-access');
  const at = clockOf(io)();
  const query = options.email !== undefined ? { email: options.email } : { name: options.name! };
  const answer = await withStore(spec, { mustExist: true, ...(options.keys === undefined ? {} : { keys: options.keys }) }, (opened) =>
    answerSubjectAccess(opened, query, { requestId: options.requestId ?? `sar-${at}`, actor: { id: options.by, role: options.role } as never, at }),
  );
  io.stdout(`${JSON.stringify(answer, null, 2)}\n`);
};
