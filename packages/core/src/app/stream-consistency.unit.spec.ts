import { describe, expect, it } from 'vitest';
import type { ComplaintEnvelope } from '../complaint/envelope.js';
import type { RecordedEvent } from './event-store.js';
import { nextInStream, streamProblems } from './stream-consistency.js';

const at = '2025-06-02T09:00:00Z';
const recorded = (streamId: string, revision: number, position: bigint, type: string, complaintId = streamId.replace('complaint-', '')): RecordedEvent => ({
  streamId,
  revision,
  position,
  event: { type, data: { complaintId, at }, metadata: {} } as unknown as ComplaintEnvelope,
});
const sound = [recorded('complaint-A', 0, 1n, 'ComplaintReceived'), recorded('complaint-A', 1, 5n, 'ComplaintAcknowledged'), recorded('complaint-A', 2, 9n, 'ComplaintAssigned')];

describe('the stream check every reader makes', () => {
  it('given a stream from revision 0, its receipt first, revisions in log order, all naming its complaint: no problem', () => {
    expect(streamProblems(sound)).toEqual([]);
  });
  it('given the events in revision order but read in any order: the check is made in the log order, so the answer is the same', () => {
    expect(streamProblems([...sound].reverse())).toEqual([]);
  });
  it('given a revision deleted: out-of-sequence at the event after the hole', () => {
    expect(streamProblems([sound[0]!, sound[2]!])).toEqual([expect.objectContaining({ kind: 'out-of-sequence', revision: 2, position: '9', complaintId: 'A' })]);
  });
  it('given two revisions swapped in the log: out-of-sequence where the order breaks', () => {
    const swapped = [sound[0]!, { ...sound[1]!, position: 9n }, { ...sound[2]!, position: 5n }];
    expect(streamProblems(swapped)).toEqual([expect.objectContaining({ kind: 'out-of-sequence', revision: 2, position: '5' })]);
  });
  it('given a stream that does not start at revision 0: out-of-sequence at its first event', () => {
    expect(streamProblems(sound.slice(1))).toEqual([expect.objectContaining({ kind: 'out-of-sequence', revision: 1 })]);
  });
  it('given a stream that starts with anything but its receipt: missing-receipt', () => {
    expect(streamProblems([recorded('complaint-A', 0, 1n, 'ComplaintAcknowledged')])).toEqual([expect.objectContaining({ kind: 'missing-receipt' })]);
  });
  it('given an event naming another complaint: mislabelled, and the stream is about the complaint its receipt names', () => {
    const moved = [...sound, recorded('complaint-A', 3, 12n, 'ComplaintClosed', 'B')];
    expect(streamProblems(moved)).toEqual([expect.objectContaining({ kind: 'mislabelled', revision: 3, complaintId: 'A' })]);
  });
  it('given a receipt naming a complaint that is not its stream’s: mislabelled at revision 0', () => {
    expect(streamProblems([recorded('complaint-A', 0, 1n, 'ComplaintReceived', 'B')])).toEqual([expect.objectContaining({ kind: 'mislabelled', revision: 0 })]);
  });
  it('when checked one event at a time (as a read model folds), it carries a cursor until the first problem', () => {
    const first = nextInStream(undefined, sound[0]!);
    expect(first).toEqual({ cursor: { revision: 0, position: 1n, complaintId: 'A' } });
    const second = 'cursor' in first ? nextInStream(first.cursor, sound[2]!) : first;
    expect('problem' in second && second.problem.kind).toBe('out-of-sequence');
  });
});
