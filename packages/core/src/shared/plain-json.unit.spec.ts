import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { canonicalJson } from './canonical-json.js';
import { frozenPlainCopy } from './plain-json.js';

const isDeeplyFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen));

describe('a frozen plain copy', () => {
  it('equals the value, is frozen at every depth, and carries the canonical JSON of the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // an own "__proto__" key is left to the slow path (see the refusals below)
        fc.pre(!JSON.stringify(value).includes('"__proto__"'));
        const made = frozenPlainCopy(value);
        expect(made).toBeDefined();
        expect(made!.copy).toEqual(value);
        expect(made!.canonical).toBe(canonicalJson(value));
        expect(JSON.parse(made!.canonical)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(isDeeplyFrozen(made!.copy)).toBe(true);
        if (typeof value === 'object' && value !== null) {
          expect(made!.copy).not.toBe(value);
          expect(Object.isFrozen(value)).toBe(false);
        }
      }),
    );
  });

  it('lists the copy’s keys in canonical order (UTF-16 code units), so its JSON text is its canonical JSON', () => {
    const made = frozenPlainCopy({ zeta: 1, Alpha: { é: true, e: null, '😀': [] }, alpha: 'x' });
    expect(Object.keys(made!.copy)).toEqual(['Alpha', 'alpha', 'zeta']);
    expect(made!.canonical).toBe('{"Alpha":{"e":null,"é":true,"😀":[]},"alpha":"x","zeta":1}');
    expect(JSON.stringify(made!.copy)).toBe(made!.canonical);
  });

  it('writes canonical JSON for keys that start with a digit, which V8 lists before the others', () => {
    // "9" and "10" are array indexes (listed first, in numeric order); "-x" and " " sort before digits
    const made = frozenPlainCopy({ b: { 10: 'ten', 9: 'nine', '-x': 1, ' ': 2, '1a': 3, a: 4 }, 2: [{ 0: null, z: true }] });
    expect(made!.canonical).toBe(canonicalJson({ b: { 10: 'ten', 9: 'nine', '-x': 1, ' ': 2, '1a': 3, a: 4 }, 2: [{ 0: null, z: true }] }));
    expect(made!.canonical).toBe('{"2":[{"0":null,"z":true}],"b":{" ":2,"-x":1,"10":"ten","1a":3,"9":"nine","a":4}}');
  });

  it('leaves the copy itself open for the caller to finish when asked, everything in it frozen', () => {
    const made = frozenPlainCopy({ id: 'x', tags: ['t'], nested: { a: 1 } }, true);
    const copy = made!.copy as Record<string, unknown>;
    expect(Object.isFrozen(copy)).toBe(false);
    expect(isDeeplyFrozen(copy.tags)).toBe(true);
    expect(isDeeplyFrozen(copy.nested)).toBe(true);
    copy.digest = 'added after';
    expect(made!.canonical).toBe('{"id":"x","nested":{"a":1},"tags":["t"]}');
  });

  it('is refused (undefined) for what JSON text would not give back', () => {
    const hole: unknown[] = [1];
    hole[2] = 3;
    for (const value of [{ at: new Date(0) }, { n: Number.NaN }, { n: Infinity }, { missing: undefined }, [undefined], hole, { f: () => 1 }, { big: 1n }, JSON.parse('{"__proto__":{"x":1}}'), new (class Named {})()]) {
      expect(frozenPlainCopy(value)).toBeUndefined();
    }
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i += 1) deep = [deep];
    expect(frozenPlainCopy(deep)).toBeUndefined();
  });
});
