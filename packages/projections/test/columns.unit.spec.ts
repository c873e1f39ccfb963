import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { keyByKeyBuilder, packColumns, readColumns, recordsOf, unpackColumns, type Columns } from '../src/read-models/columns.js';

interface Entry {
  readonly id: string;
  readonly status: string;
  readonly handler: string | null;
  readonly days: number | null;
  readonly count: number;
  readonly overdue: boolean;
}

const COLUMNS: Columns<Entry> = [
  ['id', 'text'],
  ['status', 'text'],
  ['handler', 'text?'],
  ['days', 'number?'],
  ['count', 'number'],
  ['overdue', 'flag'],
];

// values that repeat (a few statuses) beside values that do not (ids)
const entryArb: fc.Arbitrary<Entry> = fc.record({
  id: fc.string(),
  status: fc.constantFrom('met', 'missed', 'overdue'),
  handler: fc.option(fc.constantFrom('Priya Shah', 'Tom Ellis', '')),
  days: fc.option(fc.integer({ min: -5, max: 40 })),
  count: fc.double({ noNaN: true, noDefaultInfinity: true }),
  overdue: fc.boolean(),
});

const throughJson = (u: unknown): unknown => JSON.parse(JSON.stringify(u));

describe('records saved column by column', () => {
  it('read back exactly, with their keys in the columns’ order', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
        const back = unpackColumns(COLUMNS, throughJson(packColumns(COLUMNS, entries)), 'entry');
        expect(E.isRight(back)).toBe(true);
        // -0 does not survive JSON, as it would not in the records' own JSON
        expect(JSON.stringify(E.isRight(back) ? back.right : null)).toBe(JSON.stringify(entries));
      }),
    );
  });

  it('are built the same by the generated builder as key by key (where code cannot be generated)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
        const lists = readColumns(COLUMNS, throughJson(packColumns(COLUMNS, entries)), 'entry');
        if (E.isLeft(lists)) throw new Error(lists.left);
        const keyByKey = recordsOf(COLUMNS, lists.right, keyByKeyBuilder(COLUMNS.map(([key]) => key)));
        expect(recordsOf(COLUMNS, lists.right)).toStrictEqual(keyByKey);
        expect(JSON.stringify(recordsOf(COLUMNS, lists.right))).toBe(JSON.stringify(keyByKey));
      }),
    );
  });

  it('keep a repeated value once, with an index per record', () => {
    const entries = Array.from({ length: 10 }, (_, i): Entry => ({ id: `c-${i}`, status: 'met', handler: null, days: 2, count: 1, overdue: false }));
    const packed = packColumns(COLUMNS, entries) as Record<string, unknown>;
    expect(packed.status).toEqual({ d: ['met'], i: Array(10).fill(0) });
    expect(packed.id).toEqual(entries.map((e) => e.id));
  });

  describe('when what was saved is not as packed', () => {
    const entries: Entry[] = [
      { id: 'c-1', status: 'met', handler: null, days: 2, count: 1, overdue: false },
      { id: 'c-2', status: 'met', handler: 'Tom Ellis', days: null, count: 3, overdue: true },
    ];
    const saved = () => throughJson(packColumns(COLUMNS, entries)) as Record<string, unknown>;
    const refusal = (damage: (s: Record<string, unknown>) => void): string => {
      const s = saved();
      damage(s);
      const back = unpackColumns(COLUMNS, s, 'entry');
      return E.isLeft(back) ? back.left : 'read back';
    };

    it('names the record and column of a value of the wrong kind', () => {
      expect(refusal((s) => ((s.id as unknown[])[1] = 7))).toBe('entry 1: id is not text');
      expect(refusal((s) => ((s.days as unknown[])[0] = '2'))).toBe('entry 0: days is not number or null');
    });

    it('names a column that is missing, too short, or points at no value', () => {
      expect(refusal((s) => delete s.count)).toBe('entry records: count is not saved as a column');
      expect(refusal((s) => (s.id as unknown[]).pop())).toBe('entry records: id holds 1 values, not 2');
      expect(refusal((s) => ((s.status as { i: number[] }).i[1] = 5))).toBe('entry 1: status points at no value');
      expect(refusal((s) => ((s.status as { d: unknown[] }).d[0] = null))).toBe('entry records: a value of status is not text');
      expect(refusal((s) => (s.n = -1))).toBe('entry records: no count');
    });
  });
});
