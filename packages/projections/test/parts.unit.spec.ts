import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import type { RecordedEvent } from '@cim-complaints/core';
import { applyRecorded, emptyKeyed, getKeyed, keyedEntries, median, percentile, setKeyed, startOf, type Projection } from '../src/index.js';

const counting: Projection<number> = { name: 'count', version: 1, initial: 0, apply: (n) => n + 1 };
const at = (position: bigint) => ({ position }) as RecordedEvent;

describe('applyRecorded', () => {
  it('applies an event once: the same event again, or an earlier one, changes nothing', () => {
    const once = applyRecorded(counting)(startOf(counting), at(5n));
    expect(once).toEqual({ position: 5n, state: 1 });
    expect(applyRecorded(counting)(once, at(5n))).toBe(once);
    expect(applyRecorded(counting)(once, at(3n))).toBe(once);
    expect(applyRecorded(counting)(once, at(6n))).toEqual({ position: 6n, state: 2 });
  });
});

describe('keyed maps', () => {
  it('hold the last value set under each key and leave the input unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.integer())), (pairs) => {
        const expected = new Map<string, number>();
        let map = emptyKeyed<number>();
        for (const [k, v] of pairs) {
          const before = JSON.stringify(map);
          const next = setKeyed(map, k, v);
          expect(JSON.stringify(map)).toBe(before);
          map = next;
          expected.set(k, v);
        }
        for (const [k, v] of expected) expect(getKeyed(map, k)).toBe(v);
        expect(new Map(keyedEntries(map))).toEqual(expected);
        expect(getKeyed(map, '__proto__')).toBe(expected.get('__proto__'));
      }),
    );
  });
});

describe('median and percentile', () => {
  it('take the middle (mean of two for an even count) and the nearest rank', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile(90, [])).toBeNull();
    expect(percentile(90, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(percentile(90, [7])).toBe(7);
    expect(percentile(90, [10, 14, 15, 15, 16, 18, 19, 21])).toBe(21);
  });
});
