/**
 * Plain JSON values: what JSON text gives back exactly. `frozenPlainCopy` copies a value made only
 * of strings, finite numbers, booleans, null, arrays without holes or `undefined`, and objects
 * with `Object.prototype` (or none) and no `undefined` field, each property read once into a
 * data property; anything else (a Date, NaN, a getter's class, a cycle) gives `undefined`. Its
 * JSON text parses back to a value equal to the copy, field for field, so what is proved of the
 * copy is proved of the text. The copy lists each object's keys in canonical order, so its JSON
 * text is its canonical JSON (but for keys V8 lists first, those that start with a digit).
 *
 * @example
 * frozenPlainCopy({ b: [1, 'x'], a: null }); // { copy: { a: null, b: [1, 'x'] } (new, frozen), canonical: '{"a":null,"b":[1,"x"]}' }
 * frozenPlainCopy({ at: new Date() }); // undefined
 */
import { canonicalJson, MAX_PLAIN_DEPTH, sortKeys, startsWithDigit } from './canonical-json.js';


const NOT_PLAIN: unique symbol = Symbol('not plain JSON');

// Set when the value being copied has a key V8 may list out of order (startsWithDigit): its
// copy's JSON.stringify may then not be canonical, and canonicalJson's walk writes the text.
let digitKeySeen = false;

// One walk copies and freezes, each value read once. Every copied object gets its keys in
// canonical order (UTF-16 code units), so the copy's JSON.stringify is its canonical JSON: one
// native call where writing the text piece by piece built a string for every value.
const frozenCopyOf = (value: unknown, depth: number, freeze: boolean): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object': {
      if (value === null) return null;
      if (depth >= MAX_PLAIN_DEPTH) return NOT_PLAIN;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
        const copy: unknown[] = [];
        for (let i = 0; i < value.length; i += 1) {
          if (!(i in value)) return NOT_PLAIN;
          const item = frozenCopyOf(value[i], depth + 1, true);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          copy.push(item);
        }
        return freeze ? Object.freeze(copy) : copy;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
      const keys = sortKeys(Object.keys(value));
      const copy: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i]!;
        // an own "__proto__" would set the copy's prototype: JSON reads it as a field; leave it to the slow path
        if (key === '__proto__') return NOT_PLAIN;
        if (startsWithDigit(key)) digitKeySeen = true;
        const field = frozenCopyOf((value as Record<string, unknown>)[key], depth + 1, true);
        if (field === NOT_PLAIN) return NOT_PLAIN;
        copy[key] = field;
      }
      return freeze ? Object.freeze(copy) : copy;
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

/**
 * A deep-frozen copy of a plain JSON value (see the module's comment) with its canonical JSON, or
 * `undefined`. With `leaveOpen`, the copy itself is left unfrozen (everything in it is frozen):
 * the caller adds what the canonical JSON must not cover, such as a digest of it, then freezes it.
 */
export const frozenPlainCopy = <A>(value: A, leaveOpen = false): FrozenPlainCopy<A> | undefined => {
  digitKeySeen = false;
  const copy = frozenCopyOf(value, 0, !leaveOpen);
  if (copy === NOT_PLAIN) return undefined;
  return { copy: copy as A, canonical: digitKeySeen ? canonicalJson(copy) : JSON.stringify(copy) };
};
