import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import type { RecordedEvent } from '@cim-complaints/core';
import { applyRecorded, emptyKeyed, getKeyed, keyedEntries, keyedOf, keyedSize, keyedValues, complianceOf, setKeyed, startOf, type Keyed, type Projection } from '../src/index.js';

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

  describe('when they hold thousands of keys (leaves split into branches)', () => {
    const keysArb = fc.uniqueArray(fc.oneof(fc.string(), fc.stringMatching(/^complaint-CIM-2025-\d{5}$/)), { minLength: 0, maxLength: 3000 });
    const build = (pairs: readonly (readonly [string, number])[]): Keyed<number> => pairs.reduce((m, [k, v]) => setKeyed(m, k, v), emptyKeyed<number>());

    it('behave as a Map: every key set is found with its last value, others are not, and size and entries agree', () => {
      fc.assert(
        fc.property(keysArb, fc.array(fc.nat(), { maxLength: 200 }), (keys, rewrites) => {
          const expected = new Map<string, number>();
          let map = emptyKeyed<number>();
          const steps: [string, number][] = [...keys.map((k, i): [string, number] => [k, i]), ...rewrites.filter(() => keys.length > 0).map((r, i): [string, number] => [keys[r % keys.length]!, -(i + 1)])];
          for (const [k, v] of steps) {
            map = setKeyed(map, k, v);
            expected.set(k, v);
          }
          for (const [k, v] of expected) expect(getKeyed(map, k)).toBe(v);
          expect(getKeyed(map, 'not-a-key-\u0000')).toBeUndefined();
          expect(keyedSize(map)).toBe(expected.size);
          expect(new Map(keyedEntries(map))).toEqual(expected);
          expect(keyedValues(map).sort()).toEqual([...expected.values()].sort());
        }),
        { numRuns: 30 },
      );
    });

    it('have one shape for the same entries, whatever order they were set in (so live, rebuilt and saved states are equal)', () => {
      fc.assert(
        fc.property(keysArb.chain((keys) => fc.tuple(fc.constant(keys), fc.shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length }))), ([keys, shuffled]) => {
          const value = (k: string) => k.length;
          const one = build(keys.map((k) => [k, value(k)] as const));
          const other = build(shuffled.map((k) => [k, value(k)] as const));
          expect(JSON.stringify(other)).toBe(JSON.stringify(one));
          expect(keyedEntries(JSON.parse(JSON.stringify(one)) as Keyed<number>)).toEqual(keyedEntries(one));
        }),
        { numRuns: 30 },
      );
    });

    it('built in one pass from entries, are the map set one by one (the last value of a repeated key wins)', () => {
      fc.assert(
        fc.property(keysArb, fc.array(fc.nat(), { maxLength: 100 }), (keys, repeats) => {
          const pairs = [...keys.map((k, i) => [k, i] as const), ...repeats.filter(() => keys.length > 0).map((r, i) => [keys[r % keys.length]!, -(i + 1)] as const)];
          expect(JSON.stringify(keyedOf(pairs))).toBe(JSON.stringify(build(pairs)));
          expect(keyedOf(pairs)).toEqual(build(pairs));
        }),
        { numRuns: 30 },
      );
    });

    it('leave every earlier version unchanged', () => {
      const versions: Keyed<number>[] = [emptyKeyed<number>()];
      const texts = new Map<number, string>([[0, JSON.stringify(versions[0])]]);
      for (let i = 0; i < 2000; i += 1) {
        versions.push(setKeyed(versions[i]!, `k-${i % 1500}`, i));
        if (i % 97 === 0) texts.set(i + 1, JSON.stringify(versions[i + 1]));
      }
      for (const [i, text] of texts) expect(JSON.stringify(versions[i])).toBe(text);
      expect(getKeyed(versions[1599]!, 'k-99')).toBe(99);
      expect(getKeyed(versions[1600]!, 'k-99')).toBe(1599);
      // SameValue, as a Map: -0 replaces 0
      expect(Object.is(getKeyed(setKeyed(setKeyed(emptyKeyed<number>(), 'z', 0), 'z', -0), 'z'), -0)).toBe(true);
    });
  });
});

describe('median and percentile of working days taken', () => {
  // worked out from the tally's histogram of days: the same figures as sorting the days
  const taken = (days: readonly number[]) =>
    complianceOf(days.map((d) => ({ status: 'met' as const, dueDate: '2025-01-31', workingDaysUsed: d, workingDaysLeft: null }))).workingDaysTaken;
  it('take the middle (mean of two for an even count) and the nearest rank', () => {
    expect(taken([]).median).toBeNull();
    expect(taken([3, 1, 2]).median).toBe(2);
    expect(taken([4, 1, 3, 2]).median).toBe(2.5);
    expect(taken([]).p90).toBeNull();
    expect(taken([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).p90).toBe(9);
    expect(taken([7]).p90).toBe(7);
    expect(taken([10, 14, 15, 15, 16, 18, 19, 21]).p90).toBe(21);
  });

  it('equal sorting the days, for any days', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 40 }), { maxLength: 60 }), (days) => {
        const sorted = [...days].sort((a, b) => a - b);
        const mid = Math.floor(sorted.length / 2);
        const median = sorted.length === 0 ? null : sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
        const p90 = sorted.length === 0 ? null : sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)];
        expect(taken(days)).toEqual({ count: days.length, median, p90 });
      }),
    );
  });
});
