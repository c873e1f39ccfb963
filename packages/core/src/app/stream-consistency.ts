/**
 * What makes a complaint's stream readable as one history, checked the same way by every reader
 * (replay, the monitoring read models, audit), so that no two of them can read a damaged stream
 * two different ways: each either reads a sound stream, or leaves the case out and names the
 * same problem.
 *
 * A sound stream starts at revision 0 with the complaint's receipt, its revisions follow one
 * another (0, 1, 2, …) in the order of their global positions, and every event names the complaint the
 * stream is about. The events are checked in global order (the order `readAll` delivers them),
 * one at a time, so a read model can check as it folds; `streamProblems` checks a whole stream
 * read by `readStream` in that same order.
 *
 * @example
 * const { problems } = streamProblems(read.events); // [] for a sound stream
 * // [{ kind: 'mislabelled', streamId: 'complaint-A', revision: 3, position: '17', message: '…names complaint B…' }]
 */
import type { GlobalPosition, RecordedEvent } from './event-store.js';

/**
 * `out-of-sequence`: in the log's order the stream's revisions are not 0, 1, 2, … (one deleted,
 * two swapped, one repeated: read one at a time, these look alike until the stream ends, so they
 * are one kind; `verify` tells them apart from the raw rows and the chain).
 */
export type StreamProblemKind = 'out-of-sequence' | 'mislabelled' | 'missing-receipt';

export interface StreamProblem {
  readonly kind: StreamProblemKind;
  readonly streamId: string;
  /** The complaint the stream is about, as far as its sound part says (else the one the event names). */
  readonly complaintId: string;
  readonly revision: number;
  /** The global position, as decimal text (JSON has no 64-bit integers). */
  readonly position: string;
  readonly message: string;
}

/** Where a stream's check has got to: the last event seen, and the complaint the stream is about. */
export interface StreamCursor {
  readonly revision: number;
  readonly position: GlobalPosition;
  readonly complaintId: string;
}

const problem = (kind: StreamProblemKind, recorded: RecordedEvent, message: string, cursor?: StreamCursor): StreamProblem => ({
  kind,
  streamId: recorded.streamId,
  complaintId: cursor?.complaintId ?? recorded.event.data.complaintId,
  revision: recorded.revision,
  position: recorded.position.toString(),
  message: `${recorded.streamId} revision ${recorded.revision} (position ${recorded.position}): ${message}`,
});

/**
 * The next event of a stream, in global order, after `cursor` (none before the first): the
 * cursor to carry on with, or the problem that makes the stream unreadable as one history.
 */
export const nextInStream = (cursor: StreamCursor | undefined, recorded: RecordedEvent): { readonly cursor: StreamCursor } | { readonly problem: StreamProblem } => {
  const complaintId = recorded.event.data.complaintId;
  if (cursor === undefined) {
    if (recorded.revision !== 0) return { problem: problem('out-of-sequence', recorded, `the stream's first event in the log is revision ${recorded.revision}, not 0`) };
    if (recorded.event.type !== 'ComplaintReceived') return { problem: problem('missing-receipt', recorded, `the stream starts with ${recorded.event.type}, not the complaint's receipt`) };
    // streams are named <prefix><complaint id>, whatever the prefix
    if (!recorded.streamId.endsWith(complaintId)) return { problem: problem('mislabelled', recorded, `the receipt names complaint ${complaintId}, which is not this stream's`) };
    return { cursor: { revision: 0, position: recorded.position, complaintId } };
  }
  if (recorded.position <= cursor.position || recorded.revision !== cursor.revision + 1)
    return {
      problem: problem('out-of-sequence', recorded, `revision ${recorded.revision} follows revision ${cursor.revision} (position ${cursor.position}) in the log, where revision ${cursor.revision + 1} should (one missing, moved or repeated)`, cursor),
    };
  if (complaintId !== cursor.complaintId) return { problem: problem('mislabelled', recorded, `the event names complaint ${complaintId}, not ${cursor.complaintId}`, cursor) };
  return { cursor: { revision: recorded.revision, position: recorded.position, complaintId } };
};

/** The problems of a whole stream (the first one found: after it, the stream is not one history). */
export const streamProblems = (events: readonly RecordedEvent[]): readonly StreamProblem[] => {
  let cursor: StreamCursor | undefined;
  // checked in global order, as a read model meets them
  for (const recorded of [...events].sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0))) {
    const next = nextInStream(cursor, recorded);
    if ('problem' in next) return [next.problem];
    cursor = next.cursor;
  }
  return [];
};
