import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Instant } from '../shared/codecs.js';
import { historyAsOf } from './as-of.js';
import type { ComplaintEvent } from './events.js';

// Only `type` and `data.at` matter to historyAsOf; the list is in recorded order, not time order.
const event = (type: ComplaintEvent['type'], at: string): ComplaintEvent => ({ type, data: { complaintId: 'c-1', at } }) as unknown as ComplaintEvent;
const history: ComplaintEvent[] = [
  event('ComplaintReceived', '2025-06-02T09:00:00+01:00'),
  event('ComplaintAcknowledged', '2025-06-04T10:00:00+01:00'),
  // recorded late: it happened before the acknowledgement above
  event('ComplaintAssigned', '2025-06-03T08:00:00Z'),
  event('ResponseIssued', '2025-06-20T15:00:00+02:00'),
  event('ComplaintClosed', '2025-06-23T10:00:00Z'),
];
const instant = (s: string): Instant => {
  if (!Instant.is(s)) throw new Error(`not an instant: ${s}`);
  return s;
};

describe('historyAsOf', () => {
  describe('when an event happened exactly at the instant', () => {
    it('keeps it (at or before), whatever offset either is written in', () => {
      expect(historyAsOf(history, instant('2025-06-04T09:00:00Z')).map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged', 'ComplaintAssigned']);
      expect(historyAsOf(history, instant('2025-06-04T08:59:59.999Z')).map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAssigned']);
    });
  });

  describe('when asked about any instant', () => {
    const instants = fc
      .oneof(
        fc.date({ min: new Date('2025-05-01T00:00:00Z'), max: new Date('2025-07-31T00:00:00Z'), noInvalidDate: true }),
        // each event's own instant and the millisecond either side
        fc.tuple(fc.constantFrom(...history.map((e) => Date.parse(e.data.at))), fc.integer({ min: -1, max: 1 })).map(([ms, d]) => new Date(ms + d)),
      )
      .map((d) => d.toISOString());
    it('keeps exactly the events whose data.at is at or before it, in recorded order', () => {
      fc.assert(
        fc.property(instants, (asOf) => {
          expect(historyAsOf(history, instant(asOf))).toEqual(history.filter((e) => Date.parse(e.data.at) <= Date.parse(asOf)));
        }),
      );
    });
    it('keeps the same records when given how to find each record’s event', () => {
      const records = history.map((e, revision) => ({ revision, event: e }));
      fc.assert(
        fc.property(instants, (asOf) => {
          expect(historyAsOf(records, instant(asOf), (r) => r.event).map((r) => r.event)).toEqual(historyAsOf(history, instant(asOf)));
        }),
      );
    });
  });
});
