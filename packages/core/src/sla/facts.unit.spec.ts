import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { eventTypes, type ComplaintEvent } from '../complaint/events.js';
import { slaFactsFromHistory } from './facts.js';

// Only `type` and `data` fields the facts read matter here.
const event = (type: ComplaintEvent['type'], at: string, data: Record<string, unknown> = {}): ComplaintEvent =>
  ({ type, data: { complaintId: 'c-1', at, ...data } }) as unknown as ComplaintEvent;
const received = (at: string) => event('ComplaintReceived', at, { policy: 'CX097-V4' });
const opening = (openedAt: string, reopened = false) => ({ openedAt, reopened, acknowledgedAt: null, investigationRequiredAt: null, respondedAt: null, ended: null });
const base = {
  complaintId: 'c-1',
  policyId: 'CX097-V4',
  receivedAt: '2025-06-02T09:00:00Z',
  openings: [opening('2025-06-02T09:00:00Z')],
};
const asOf = '2025-12-31T00:00:00Z';

describe('SLA facts', () => {
  describe('when events after the receipt move no target', () => {
    const moving = new Set<string>([
      'ComplaintReceived',
      'ComplaintAcknowledged',
      'InvestigationRequired',
      'ResponseIssued',
      'ComplaintRedirected',
      'ComplaintReferredToStudyCentre',
      'ComplaintWithdrawn',
      'ComplaintClosed',
      'ComplaintReopened',
    ]);
    it.each(eventTypes.filter((t) => !moving.has(t)))('leaves the facts as they were after %s', (type) => {
      expect(slaFactsFromHistory([received('2025-06-02T09:00:00Z'), event(type, '2025-06-03T09:00:00Z')], asOf)).toEqual(E.right(base));
    });
  });

  describe('when a target is done more than once', () => {
    it('keeps the first instant', () => {
      const history = [received('2025-06-02T09:00:00Z'), event('ComplaintAcknowledged', '2025-06-03T09:00:00Z'), event('ComplaintAcknowledged', '2025-06-04T09:00:00Z')];
      expect(slaFactsFromHistory(history, asOf)).toEqual(E.right({ ...base, openings: [{ ...opening('2025-06-02T09:00:00Z'), acknowledgedAt: '2025-06-03T09:00:00Z' }] }));
    });
  });

  describe('when a case ends and is reopened', () => {
    const closed = [received('2025-06-02T09:00:00Z'), event('ComplaintWithdrawn', '2025-06-05T09:00:00Z'), event('ComplaintClosed', '2025-06-06T09:00:00Z')];
    const receiptOpening = { ...opening('2025-06-02T09:00:00Z'), ended: { at: '2025-06-05T09:00:00Z', how: 'withdrawn' } };

    it('ends the opening at the withdrawal, not the later close', () => {
      expect(slaFactsFromHistory(closed, asOf)).toEqual(E.right({ ...base, openings: [receiptOpening] }));
    });
    it('starts a new opening at the reopening, keeps the first one as it ended, and ignores a second receipt', () => {
      const reopened = [...closed, event('ComplaintReopened', '2025-06-10T09:00:00Z'), received('2025-06-11T09:00:00Z')];
      expect(slaFactsFromHistory(reopened, asOf)).toEqual(E.right({ ...base, openings: [receiptOpening, opening('2025-06-10T09:00:00Z', true)] }));
    });
    it('gives each opening its own investigation decision and response', () => {
      const history = [
        received('2025-06-02T09:00:00Z'),
        event('InvestigationRequired', '2025-06-03T09:00:00Z'),
        event('ResponseIssued', '2025-06-20T09:00:00Z'),
        event('ComplaintClosed', '2025-06-23T09:00:00Z'),
        event('ComplaintReopened', '2025-07-01T09:00:00Z'),
        event('InvestigationRequired', '2025-07-02T09:00:00Z'),
      ];
      expect(slaFactsFromHistory(history, asOf)).toEqual(
        E.right({
          ...base,
          openings: [
            { ...opening('2025-06-02T09:00:00Z'), investigationRequiredAt: '2025-06-03T09:00:00Z', respondedAt: '2025-06-20T09:00:00Z', ended: { at: '2025-06-23T09:00:00Z', how: 'closed' } },
            { ...opening('2025-07-01T09:00:00Z', true), investigationRequiredAt: '2025-07-02T09:00:00Z' },
          ],
        }),
      );
    });
  });

  describe('when an event was recorded late', () => {
    it('counts it from when it happened (data.at), as the fold does', () => {
      const history = [received('2025-06-02T09:00:00Z'), event('ResponseIssued', '2025-06-20T09:00:00Z'), event('ComplaintAcknowledged', '2025-06-03T09:00:00Z')];
      expect(slaFactsFromHistory(history, '2025-06-10T00:00:00Z')).toEqual(E.right({ ...base, openings: [{ ...opening('2025-06-02T09:00:00Z'), acknowledgedAt: '2025-06-03T09:00:00Z' }] }));
    });
    it('leaves out a reopening that had not happened by then', () => {
      const history = [received('2025-06-02T09:00:00Z'), event('ComplaintClosed', '2025-06-06T09:00:00Z'), event('ComplaintReopened', '2025-06-10T09:00:00Z')];
      expect(slaFactsFromHistory(history, '2025-06-09T00:00:00Z')).toEqual(
        E.right({ ...base, openings: [{ ...opening('2025-06-02T09:00:00Z'), ended: { at: '2025-06-06T09:00:00Z', how: 'closed' } }] }),
      );
    });
  });

  describe('when the input is bad', () => {
    it('names a malformed instant, and a history with no receipt by then', () => {
      expect(slaFactsFromHistory([received('2025-06-02T09:00:00Z')], '2025-06-02')).toEqual(
        E.left({ code: 'invalid-instant', message: 'asOf: expected an ISO-8601 instant with offset, got "2025-06-02"' }),
      );
      expect(slaFactsFromHistory([event('ComplaintAcknowledged', '2025-06-01T09:00:00Z'), received('2025-06-02T09:00:00Z')], '2025-06-01T12:00:00Z')).toEqual(
        E.left({ code: 'no-receipt', message: 'the history has no ComplaintReceived at or before 2025-06-01T12:00:00Z' }),
      );
    });
  });
});
