import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeRow, encodeRows, type EncodedRow, type StoredRow } from '../src/index.js';
import { batch, left, right } from './support.js';

const encodeRow = (envelope: ReturnType<typeof batch>[number]): EncodedRow => right(encodeRows('complaint-c-1', [envelope]))[0]!;

const stored = (envelope: ReturnType<typeof batch>[number], overrides: Partial<StoredRow> = {}): StoredRow => {
  const row = encodeRow(envelope);
  return { position: 9007199254740993n, stream_id: 'complaint-c-1', revision: 4n, type: row.type, data: row.data, metadata: row.metadata, ...overrides };
};

describe('row codec', () => {
  describe('when an envelope is written and read back', () => {
    it('gives the same envelope with its stream, revision and a 64-bit position', () => {
      const [envelope] = batch('c-1', 'cmd-1');
      const row = encodeRow(envelope!);
      expect(row.event_id).toBe(envelope!.metadata.eventId);
      expect(row.recorded_at).toBe(envelope!.metadata.recordedAt);
      expect(right(decodeRow(stored(envelope!)))).toEqual({ streamId: 'complaint-c-1', revision: 4, position: 9007199254740993n, event: envelope });
    });
  });

  describe('when a column does not decode', () => {
    it('names the stream, the revision and each bad column', () => {
      const [envelope] = batch('c-1', 'cmd-1');
      const error = left(decodeRow(stored(envelope!, { data: '{', metadata: '[' })));
      expect(error).toMatchObject({ kind: 'decode-failed', streamId: 'complaint-c-1', revision: 4 });
      expect(error.problems?.map((p) => p.path)).toEqual(['data', 'metadata']);
      expect(error.message).toContain('complaint-c-1@4');
    });

    it('names the paths inside the JSON that break the event codec', () => {
      const [envelope] = batch('c-1', 'cmd-1');
      const metadata = { ...envelope!.metadata, occurredAt: 'yesterday' };
      const data = { ...envelope!.data, summary: '' };
      const result = decodeRow(stored(envelope!, { data: JSON.stringify(data), metadata: JSON.stringify(metadata) }));
      expect(E.isLeft(result)).toBe(true);
      const paths = left(result).problems?.map((p) => p.path) ?? [];
      expect(paths).toEqual(expect.arrayContaining(['data.summary', 'metadata.occurredAt']));
    });

    it('never quotes the stored values in its message (they may be personal data)', () => {
      const [envelope] = batch('c-1', 'cmd-1');
      const data = { ...envelope!.data, complaintId: 42, at: 'alex.secret@example.org' };
      const error = left(decodeRow(stored(envelope!, { data: JSON.stringify(data) })));
      expect(error.message).toContain('data.complaintId');
      expect(error.message).toContain('data.at');
      expect(JSON.stringify(error.problems)).not.toMatch(/42|alex\.secret/);
      expect(error.message).not.toMatch(/42|alex\.secret/);
    });
  });

  describe('when an envelope would not read back as written', () => {
    it('is refused with invalid-write, so nothing is stored', () => {
      const [envelope] = batch('c-1', 'cmd-1');
      const poisoned = { ...envelope!, data: { ...envelope!.data, summary: Infinity } } as unknown as typeof envelope;
      expect(left(encodeRows('complaint-c-1', [poisoned!]))).toMatchObject({ kind: 'invalid-write', streamId: 'complaint-c-1' });
    });
  });
});
