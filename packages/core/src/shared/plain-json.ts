/**
 * Plain JSON values: what JSON text gives back exactly. `plainJsonCopy` copies a value made only
 * of strings, finite numbers, booleans, null, arrays without holes or `undefined`, and objects
 * with `Object.prototype` (or none) and no `undefined` field, each property read once into a
 * data property; anything else (a Date, NaN, a getter's class, a cycle) gives `undefined`. Its
 * JSON text parses back to a value equal to the copy, field for field, so what is proved of the
 * copy is proved of the text.
 *
 * @example
 * plainJsonCopy({ a: [1, 'b'] }); // { a: [1, 'b'] }, a new object
 * plainJsonCopy({ at: new Date() }); // undefined
 */

// deeper than any event this library writes; deeper still is left to the slow path
const MAX_DEPTH = 32;

const copyOf = (value: unknown, depth: number): unknown => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object': {
      if (value === null) return null;
      if (depth >= MAX_DEPTH) return NOT_PLAIN;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
        const copy: unknown[] = [];
        for (let i = 0; i < value.length; i += 1) {
          if (!(i in value)) return NOT_PLAIN;
          const item = copyOf(value[i], depth + 1);
          if (item === NOT_PLAIN || item === undefined) return NOT_PLAIN;
          copy.push(item);
        }
        return copy;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
      const copy: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        // an own "__proto__" would set the copy's prototype: JSON reads it as a field; leave it to the slow path
        if (key === '__proto__') return NOT_PLAIN;
        const field = copyOf((value as Record<string, unknown>)[key], depth + 1);
        if (field === NOT_PLAIN || field === undefined) return NOT_PLAIN;
        copy[key] = field;
      }
      return copy;
    }
    default:
      // undefined, functions, symbols, bigints
      return NOT_PLAIN;
  }
};

const NOT_PLAIN: unique symbol = Symbol('not plain JSON');

/** A copy of a plain JSON value (see the module's comment), or `undefined`. */
export const plainJsonCopy = <A>(value: A): A | undefined => {
  const copy = copyOf(value, 0);
  return copy === NOT_PLAIN ? undefined : (copy as A);
};

/** Freezes a value and everything in it. */
export const deepFreeze = <A>(value: A): A => {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
};
