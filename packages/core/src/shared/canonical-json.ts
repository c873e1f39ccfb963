/**
 * Canonical JSON: object keys sorted at every depth (by UTF-16 code units), no whitespace,
 * `undefined` fields left out. What the command digest and the hash chain are computed over, so
 * the order a caller wrote its fields in does not matter.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }); // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */

// Keys repeat across every event; quoting each once saves a JSON.stringify per key. Bounded, so hostile keys cannot grow it.
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 4096;
/** A key quoted as JSON, with its colon. */
export const quotedKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
};

/**
 * Sorts keys in place as `Array.prototype.sort` would (by UTF-16 code units): an insertion sort
 * for the few keys an object has, as the built-in sort allocates a work array for every call.
 */
export const sortKeys = (keys: string[]): string[] => {
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i += 1) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j -= 1) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
};

/**
 * Whether V8 may list a key before the others whatever the order it was added in: an array-index
 * key ("0", "10") is listed first. Any key that starts with a digit is taken for one.
 */
export const startsWithDigit = (key: string): boolean => {
  const code = key.charCodeAt(0);
  return code >= 48 && code <= 57;
};

/** Deeper than anything this library writes: values nested deeper take the slow paths. */
export const MAX_PLAIN_DEPTH = 32;

/**
 * Whether `JSON.stringify` writes a value's canonical JSON as it is: plain JSON (strings, finite
 * numbers, booleans, null, arrays without holes, objects of `Object.prototype` or none) whose
 * every object lists its keys in canonical order with no `undefined` field. A key that starts with
 * a digit fails it, as V8 lists array-index keys before the others whatever their order. What this
 * library writes itself (the hash chain's copies) is in this order, so re-hashing what a store
 * holds takes one native call instead of a walk.
 */
const inCanonicalOrder = (value: unknown, depth: number): boolean => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth >= MAX_PLAIN_DEPTH) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let i = 0; i < value.length; i += 1) if (!(i in value) || !inCanonicalOrder(value[i], depth + 1)) return false;
        return true;
      }
      const keys = Object.keys(value);
      return fieldsInCanonicalOrder(value, keys, keys.length, depth);
    }
    default:
      return false;
  }
};

/** Whether an object (not an array) and its first `count` keys, with their values, are in canonical order. */
const fieldsInCanonicalOrder = (value: object, keys: readonly string[], count: number, depth: number): boolean => {
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (let i = 0; i < count; i += 1) {
    const key = keys[i]!;
    if ((i > 0 && !(keys[i - 1]! < key)) || startsWithDigit(key) || key === '__proto__') return false;
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined || !inCanonicalOrder(field, depth + 1)) return false;
  }
  return true;
};

/**
 * The canonical JSON of `value`, the parse of `text` where `text` is what `JSON.stringify` wrote
 * (a store's own encoding), with the key `skip` (if given) left out of a top-level object: the
 * text itself when the value is already in canonical order (as the hash chain writes events), or
 * the text without its last field when that field is `skip`, since `JSON.stringify` of a parsed
 * text of its own writes that text again. Anything else takes the walk.
 */
export const canonicalOfWritten = (text: string, value: unknown, skip?: string): string => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return canonicalJson(value);
  const keys = Object.keys(value);
  const last = keys[keys.length - 1];
  if (skip === undefined || last !== skip) {
    if ((skip === undefined || !keys.includes(skip)) && inCanonicalOrder(value, 0)) return text;
    return canonicalObject(value, skip);
  }
  const skipped = (value as Record<string, unknown>)[skip];
  const suffix = keys.length > 1 ? `,${JSON.stringify(skip)}:${JSON.stringify(skipped)}}` : undefined;
  if (typeof skipped !== 'string' || suffix === undefined || !text.endsWith(suffix) || !fieldsInCanonicalOrder(value, keys, keys.length - 1, 0)) {
    return canonicalObject(value, skip);
  }
  return `${text.slice(0, text.length - suffix.length)}}`;
};

/**
 * JSON with object keys sorted at every depth; `undefined` fields left out, as JSON does. Digests
 * already stored were made by the first version of this function (map, filter, join): this one
 * writes the same text for every value, array holes and non-JSON values included, only faster. A
 * value already in canonical order (inCanonicalOrder) is written by JSON.stringify.
 */
export const canonicalJson = (value: unknown): string =>
  typeof value === 'object' && value !== null && inCanonicalOrder(value, 0) ? JSON.stringify(value) : canonicalWalk(value);

const canonicalWalk = (value: unknown): string => {
  if (typeof value !== 'object' || value === null) {
    // booleans, numbers, strings; undefined, functions and symbols read as null; a bigint throws, as JSON does
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) text += ',';
      // a hole is written as nothing, as the first version's map and join wrote it
      if (!(i in value)) continue;
      const item: unknown = value[i];
      text += item === undefined ? 'null' : canonicalWalk(item);
    }
    return `${text}]`;
  }
  return canonicalObject(value, undefined);
};

/**
 * The canonical JSON of an object that is not an array, `skip` (if given) left out as if it were
 * undefined: what `canonicalJson` writes for a copy without that key, without making the copy.
 */
export const canonicalObject = (value: object, skip: string | undefined): string => {
  const keys = sortKeys(Object.keys(value));
  let text = '{';
  let first = true;
  for (const key of keys) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined || key === skip) continue;
    text += first ? quotedKey(key) : `,${quotedKey(key)}`;
    text += canonicalWalk(field);
    first = false;
  }
  return `${text}}`;
};
