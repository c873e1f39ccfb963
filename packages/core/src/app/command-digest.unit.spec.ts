import { describe, expect } from 'vitest';
import { fc, it } from '@fast-check/vitest';
import { canonicalJson } from './command-digest.js';

/** The first version, which every stored digest was made with: the new one must write the same text. */
const firstVersion = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : firstVersion(item))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${firstVersion((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

// a sparse array, undefined, a function, a symbol, a Date, -0, NaN: what no JSON holds but a caller could pass
const sparse = (): unknown[] => {
  const holes: unknown[] = [1];
  holes[3] = 4;
  return holes;
};
const oddValue = fc.oneof(
  fc.constant(sparse()),
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.constant(new Date(0)),
  fc.constant(-0),
  fc.constant(Number.NaN),
  fc.constant(Infinity),
);
const manyKeys = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { minKeys: 33, maxKeys: 60 });
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), oddValue, manyKeys, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
})).node;

describe('canonicalJson', () => {
  describe('when given any value, JSON or not', () => {
    it.prop([value], { numRuns: 300 })('writes what the first version wrote, so no stored digest changes', (v) => {
      expect(canonicalJson(v)).toBe(firstVersion(v));
    });
  });

  describe('when keys are already in canonical order at every depth (as the hash chain writes them)', () => {
    // keys inserted sorted: JSON.stringify then writes them in that order, but for keys that start
    // with a digit (V8 lists array indexes first) and values JSON does not hold, which must still be
    // written as the first version wrote them
    const sortedCopy = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(sortedCopy)
        : typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype
          ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortedCopy((x as Record<string, unknown>)[k])]))
          : x;
    it.prop([value], { numRuns: 300 })('writes what the first version wrote', (v) => {
      expect(canonicalJson(sortedCopy(v))).toBe(firstVersion(v));
    });
    it.prop([fc.jsonValue()])('writes what JSON.stringify writes when no key starts with a digit', (v) => {
      const text = JSON.stringify(sortedCopy(v));
      fc.pre(!/"\d[^"]*":/.test(text));
      expect(canonicalJson(sortedCopy(v))).toBe(text);
    });
    it('orders keys that start with a digit by code units, not as V8 lists them', () => {
      expect(canonicalJson({ ' ': 1, '10': 2, '9': 3, a: { '0': null, '-': [] } })).toBe('{" ":1,"10":2,"9":3,"a":{"-":[],"0":null}}');
    });
  });

  describe('when keys are out of order at any depth', () => {
    it.prop([fc.jsonValue()])('sorts them, whatever order they were written in', (v) => {
      const reversed = (x: unknown): unknown =>
        Array.isArray(x) ? x.map(reversed) : typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).reverse().map(([k, y]) => [k, reversed(y)])) : x;
      expect(canonicalJson(reversed(v))).toBe(canonicalJson(v));
    });
  });
});
