/**
 * Plain JSON values: what JSON text gives back exactly. `frozenPlainCopy` copies a value made only
 * of strings, finite numbers, booleans, null, arrays without holes or `undefined`, and objects
 * with `Object.prototype` (or none) and no `undefined` field, each property read once into a
 * data property; anything else (a Date, NaN, a getter's class, a cycle) gives `undefined`. Its
 * JSON text parses back to a value equal to the copy, field for field, so what is proved of the
 * copy is proved of the text.
 *
 * @example
 * frozenPlainCopy({ b: [1, 'x'], a: null }); // { copy: { b: [1, 'x'], a: null } (new, frozen), canonical: '{"a":null,"b":[1,"x"]}' }
 * frozenPlainCopy({ at: new Date() }); // undefined
 */
import { quotedKey } from './canonical-json.js';

// deeper than any event this library writes; deeper still is left to the slow path
const MAX_DEPTH = 32;

const NOT_PLAIN: unique symbol = Symbol('not plain JSON');

// The canonical JSON of the value the last call of frozenCopyOf copied: passed back beside the
// copy without allocating a pair for every value.
let canonicalOfLast = '';

/** The indexes of `keys` in the order canonical JSON lists them (by UTF-16 code units); few keys, so an insertion sort. */
const sortedIndexes = (keys: readonly string[]): number[] => {
  const order: number[] = [];
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    let j = order.length - 1;
    for (; j >= 0 && keys[order[j]!]! > key; j -= 1) order[j + 1] = order[j]!;
    order[j + 1] = i;
  }
  return order;
};

// One walk does what a copy, a canonical JSON and a deep freeze did in three: each value read once.
const frozenCopyOf = (value: unknown, depth: number): unknown => {
  switch (typeof value) {
    case 'string':
      canonicalOfLast = JSON.stringify(value);
      return value;
    case 'boolean':
      canonicalOfLast = value ? 'true' : 'false';
      return value;
    case 'number':
      if (!Number.isFinite(value)) return NOT_PLAIN;
      canonicalOfLast = JSON.stringify(value);
      return value;
    case 'object': {
      if (value === null) {
        canonicalOfLast = 'null';
        return null;
      }
      if (depth >= MAX_DEPTH) return NOT_PLAIN;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
        const copy: unknown[] = [];
        let text = '[';
        for (let i = 0; i < value.length; i += 1) {
          if (!(i in value)) return NOT_PLAIN;
          const item = frozenCopyOf(value[i], depth + 1);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          copy.push(item);
          text += i === 0 ? canonicalOfLast : `,${canonicalOfLast}`;
        }
        canonicalOfLast = `${text}]`;
        return Object.freeze(copy);
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
      const keys = Object.keys(value);
      const texts: string[] = [];
      const copy: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i]!;
        // an own "__proto__" would set the copy's prototype: JSON reads it as a field; leave it to the slow path
        if (key === '__proto__') return NOT_PLAIN;
        const field = frozenCopyOf((value as Record<string, unknown>)[key], depth + 1);
        if (field === NOT_PLAIN) return NOT_PLAIN;
        copy[key] = field;
        texts.push(canonicalOfLast);
      }
      let text = '{';
      const order = sortedIndexes(keys);
      for (let j = 0; j < order.length; j += 1) {
        const i = order[j]!;
        text += j === 0 ? quotedKey(keys[i]!) : `,${quotedKey(keys[i]!)}`;
        text += texts[i]!;
      }
      canonicalOfLast = `${text}}`;
      return Object.freeze(copy);
    }
    default:
      // undefined, functions, symbols, bigints
      return NOT_PLAIN;
  }
};

/** A plain JSON value copied and deep-frozen, with the canonical JSON (canonical-json.ts) of what was copied. */
export interface FrozenPlainCopy<A> {
  readonly copy: A;
  readonly canonical: string;
}

/** A deep-frozen copy of a plain JSON value (see the module's comment) with its canonical JSON, or `undefined`. */
export const frozenPlainCopy = <A>(value: A): FrozenPlainCopy<A> | undefined => {
  const copy = frozenCopyOf(value, 0);
  return copy === NOT_PLAIN ? undefined : { copy: copy as A, canonical: canonicalOfLast };
};
