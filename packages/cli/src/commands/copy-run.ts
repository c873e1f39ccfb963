/** `copy`'s work, loaded only when it runs (see commands/copy.ts for the options). */
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { copyStore, verifySource, type CopyOutcome } from '../copy/copy.js';
import { EXIT, QuietExit, usageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../progress.js';
import { describeStore, parseStore, requirePersistent, withStore, type StoreSpec } from '../store-selection.js';
import type { CopyCommandOptions } from './copy.js';

const sameStore = (a: StoreSpec, b: StoreSpec): boolean => {
  if (a.kind === 'sqlite' && b.kind === 'sqlite') {
    const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));
    return real(a.path) === real(b.path);
  }
  return describeStore(a) === describeStore(b);
};

const count = (n: number): string => n.toLocaleString('en-GB');

const text = (outcome: CopyOutcome, from: string, to: string): string => {
  const lines: string[] = [];
  const { source, copied, alreadyThere, keys, target } = outcome;
  lines.push(`Verified ${from}: intact, ${count(source.events)} event(s) in ${count(source.streams.length)} stream(s), anchor head ${source.anchor.head ?? 'none'}`);
  lines.push(
    `Copied ${count(copied.events)} event(s) and ${count(copied.anchors)} anchor entr${copied.anchors === 1 ? 'y' : 'ies'} into ${to}` +
      (alreadyThere.events + alreadyThere.anchors > 0 ? ` (${count(alreadyThere.events)} event(s) and ${count(alreadyThere.anchors)} anchor entries were there from an earlier copy)` : ''),
  );
  if (keys === undefined) lines.push('Keys: the source has no key store: nothing to copy');
  else lines.push(`Keys: ${count(keys.subjects)} subject(s): ${Object.entries(keys.outcomes).map(([k, v]) => `${count(v)} ${k}`).join(', ')}`);
  if (outcome.sameHeads && target.intact) {
    lines.push(`Verified ${to}: intact, the same ${count(target.streams.length)} stream head(s) and anchor head ${target.anchor.head ?? 'none'}`);
  } else {
    lines.push(`Verified ${to}: ${target.intact ? 'intact' : `${target.breaks.length} break(s)`}, ${outcome.differences.length} difference(s) from the source:`);
    for (const d of outcome.differences.slice(0, 20)) lines.push(`  ${d}`);
    for (const b of target.breaks.slice(0, 20)) lines.push(`  ${b.kind} ${b.streamId}@${b.revision ?? 'not-a-number'}: ${b.message}`);
  }
  if (outcome.sourceGrew) lines.push(`${from} was written to during the copy: run copy again with --continue to bring over the rest`);
  return `${lines.join('\n')}\n`;
};

const json = (outcome: CopyOutcome, from: string, to: string) => ({
  from,
  to,
  copied: outcome.copied,
  alreadyThere: outcome.alreadyThere,
  keys: outcome.keys ?? null,
  source: { intact: outcome.source.intact, events: outcome.source.events, streams: outcome.source.streams.length, anchorHead: outcome.source.anchor.head ?? null },
  target: { intact: outcome.target.intact, events: outcome.target.events, streams: outcome.target.streams.length, anchorHead: outcome.target.anchor.head ?? null, breaks: outcome.target.breaks },
  sameHeads: outcome.sameHeads,
  differences: outcome.differences,
  sourceGrew: outcome.sourceGrew,
});

export const runCopy = async (io: CliIo, options: CopyCommandOptions): Promise<void> => {
  const fromSpec = parseStore(options.from, '--from');
  const toSpec = parseStore(options.to, '--to');
  requirePersistent(fromSpec, 'copy --from');
  requirePersistent(toSpec, 'copy --to');
  if (sameStore(fromSpec, toSpec)) throw usageError(`--from and --to are the same store (${describeStore(fromSpec)})`);
  const bar = progressBar(io, 'copying');
  const outcome = await withStore(fromSpec, { mustExist: true, readOnly: true, ...(options.fromKeys === undefined ? {} : { keys: options.fromKeys }) }, async (from) => {
    // verified before the target is opened: a refused copy leaves no new file or schema behind
    const verified = await verifySource(from);
    return withStore(toSpec, options.toKeys === undefined ? {} : { keys: options.toKeys }, async (to) => {
      const result = await copyStore(from, verified, to, { resume: options.continue === true, onProgress: bar.update });
      bar.done(`copied ${count(result.copied.events)} event(s)`);
      return { result, fromName: from.name, toName: to.name };
    });
  });
  io.stdout(options.json === true ? `${JSON.stringify(json(outcome.result, outcome.fromName, outcome.toName), null, 2)}\n` : text(outcome.result, outcome.fromName, outcome.toName));
  if (!outcome.result.sameHeads || !outcome.result.target.intact) throw new QuietExit(EXIT.failure);
};
