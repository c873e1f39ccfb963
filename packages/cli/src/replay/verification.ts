/**
 * What a case file says of its stream's hash chain: whether the stream and the store's anchor are
 * intact, the stream's head (its last stored event's revision and digest) and the anchor's head,
 * so that a printed file can later be checked against the store (`verify --complaint <id>
 * --expect-head <anchor head>`). Built from the result of `verify` (verify/verify.ts), taken as a
 * parameter: nothing here decides what a break is.
 *
 * @example
 * caseVerificationOf(await verifyOpened(opened, { complaintId }), streamIdOf(complaintId));
 * // { intact: true, streamId: 'complaint-c-1', head: { revision: 5, digest: 'sha256:...' }, anchor: { head: 'sha256:...', ... }, breaks: [] }
 */
import type { Verification } from '@cim-complaints/core';

export interface CaseVerification {
  /** No break in this stream nor in the store's anchor. */
  readonly intact: boolean;
  readonly streamId: string;
  /** The stream's last stored event (which may be later than the file's instant): its revision and digest. */
  readonly head: { readonly revision: number; readonly digest: string } | null;
  /** Written before the hash chain existed: the events up to this revision carry no digest. */
  readonly unchainedThrough: number | null;
  /** The last revision of the stream the anchor records. */
  readonly anchoredThrough: number | null;
  readonly anchor: { readonly name: string; readonly head: string | null; readonly sequence: number | null; readonly entries: number };
  readonly breaks: readonly { readonly kind: string; readonly streamId: string; readonly revision: number | null; readonly message: string }[];
}

/** The case file's verification section, from a verification of the store scoped to the complaint's stream. */
export const caseVerificationOf = (verification: Verification, streamId: string): CaseVerification => {
  const stream = verification.streams.find((s) => s.streamId === streamId);
  return {
    intact: verification.intact,
    streamId,
    head: stream?.head === undefined ? null : { revision: stream.head.revision, digest: stream.head.digest },
    unchainedThrough: stream?.unchainedThrough ?? null,
    anchoredThrough: stream?.anchoredThrough ?? null,
    anchor: { name: verification.anchor.name, head: verification.anchor.head ?? null, sequence: verification.anchor.sequence ?? null, entries: verification.anchor.entries },
    breaks: verification.breaks.map((b) => ({ kind: b.kind, streamId: b.streamId, revision: b.revision, message: b.message })),
  };
};

/** How to check a printed case file against the store later, in one sentence. */
export const checkLaterText = (complaintId: string, v: CaseVerification): string =>
  v.anchor.head === null
    ? `Run cim-complaints verify --complaint ${complaintId}: it must find the stream intact, its event at revision ${v.head?.revision ?? '?'} with the digest above.`
    : `Run cim-complaints verify --complaint ${complaintId} --expect-head ${v.anchor.head}: exit 0 means the store still holds this anchor head and every event it covers is as printed.`;
