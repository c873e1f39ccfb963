/**
 * What `verify` reads and prints: core's `verifyStore` over an opened store, then the breaks and
 * head digests as text or JSON. Nothing here decides what a break is: that is core's app/verify.ts.
 *
 * @example
 * const verification = await verifyOpened(opened, { complaintId: 'CIM-2025-0042' });
 * io.stdout(renderVerificationText(verification, opened.name));
 * io.stdout(`${JSON.stringify(verificationJson(verification, opened.name), null, 2)}\n`);
 */
import { DEFAULT_STREAM_PREFIX, streamIdOf, verifyStore, type ChainBreak, type Verification } from '@cim-complaints/core';
import * as E from 'fp-ts/lib/Either.js';
import { failure } from '../errors.js';
import { storeFailure, type OpenedStore } from '../store-selection.js';

export interface VerifyRequest {
  /** Report one complaint's stream only (the whole store is still read, so moves in or out are seen). */
  readonly complaintId?: string;
  /** An anchor head digest kept elsewhere, which the store's anchor must still hold. */
  readonly expectHead?: string;
}

/** The stream prefix of an opened store: EventStoreDB's is configurable, the others use the default. */
const prefixOf = (opened: OpenedStore): string => {
  const prefix = (opened.store as { readonly streamPrefix?: unknown }).streamPrefix;
  return typeof prefix === 'string' ? prefix : DEFAULT_STREAM_PREFIX;
};

/** Verifies an opened store; a complaint that is neither stored nor anchored is a failure (exit 1). */
export const verifyOpened = async (opened: OpenedStore, request: VerifyRequest): Promise<Verification> => {
  const streamPrefix = prefixOf(opened);
  const streamId = request.complaintId === undefined ? undefined : streamIdOf(request.complaintId, streamPrefix);
  const result = await verifyStore(opened.store, {
    streamPrefix,
    ...(streamId === undefined ? {} : { streamId }),
    ...(request.expectHead === undefined ? {} : { expectHead: request.expectHead }),
  })();
  if (E.isLeft(result)) throw storeFailure('verifying', opened.name, result.left);
  const verification = result.right;
  if (streamId !== undefined && verification.streams.length === 0 && !verification.breaks.some((b) => b.streamId === streamId || b.from?.streamId === streamId)) {
    throw failure(`no complaint ${request.complaintId} in ${opened.name} (no stream ${streamId}, and the anchor records none)`);
  }
  return verification;
};

const revisionText = (revision: number | null): string => (revision === null ? 'not-a-number' : String(revision));

/** One break as a line: kind, where, and why. */
const breakLine = (found: ChainBreak): string =>
  `  ${found.kind.padEnd(21)} ${found.streamId}@${revisionText(found.revision)}${found.position === undefined ? '' : ` (position ${found.position})`}: ${found.message}`;

/** The verification for a person: the breaks (or that there are none), unchained streams, and the anchor head to keep. */
export const renderVerificationText = (verification: Verification, storeName: string): string => {
  const lines: string[] = [];
  const { anchor } = verification;
  lines.push(`Verified ${storeName}: ${verification.streams.length} stream(s), ${verification.events} event(s); anchor ${anchor.name}: ${anchor.entries} entr${anchor.entries === 1 ? 'y' : 'ies'}.`);
  for (const stream of verification.streams) {
    if (stream.unchainedThrough !== undefined) lines.push(`  ${stream.streamId}: unchained up to revision ${stream.unchainedThrough} (written before the hash chain)`);
  }
  if (verification.breaks.length === 0) lines.push('Intact: every chain and the anchor hold.');
  else {
    lines.push(`${verification.breaks.length} break(s):`);
    lines.push(...verification.breaks.map(breakLine));
  }
  lines.push(
    anchor.head === undefined
      ? 'Anchor head: none (nothing was appended since the store had an anchor).'
      : `Anchor head: ${anchor.head} (entry ${anchor.sequence}). Keep it elsewhere; --expect-head ${anchor.head} checks later that the store still holds it.`,
  );
  return `${lines.join('\n')}\n`;
};

/** The verification as JSON: the breaks, the unchained streams and the head digests (positions as decimal strings). */
export const verificationJson = (verification: Verification, storeName: string) => ({
  store: storeName,
  intact: verification.intact,
  streams: verification.streams.length,
  events: verification.events,
  breaks: verification.breaks.map((b) => ({
    kind: b.kind,
    streamId: b.streamId,
    revision: b.revision,
    ...(b.position === undefined ? {} : { position: String(b.position) }),
    ...(b.from === undefined ? {} : { from: b.from }),
    message: b.message,
  })),
  unchained: verification.streams.flatMap((s) => (s.unchainedThrough === undefined ? [] : [{ streamId: s.streamId, throughRevision: s.unchainedThrough }])),
  heads: {
    anchor: verification.anchor.head === undefined ? null : { name: verification.anchor.name, digest: verification.anchor.head, sequence: verification.anchor.sequence, entries: verification.anchor.entries },
    streams: verification.streams.flatMap((s) =>
      s.head === undefined ? [] : [{ streamId: s.streamId, revision: s.head.revision, digest: s.head.digest, ...(s.anchoredThrough === undefined ? {} : { anchoredThrough: s.anchoredThrough }) }],
    ),
  },
});
