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

  it('keeps the value’s own key order, while its canonical JSON sorts keys by UTF-16 code units', () => {
    const made = frozenPlainCopy({ zeta: 1, Alpha: { é: true, e: null, '😀': [] }, alpha: 'x' });
    expect(Object.keys(made!.copy)).toEqual(['zeta', 'Alpha', 'alpha']);
    expect(made!.canonical).toBe('{"Alpha":{"e":null,"é":true,"😀":[]},"alpha":"x","zeta":1}');
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
