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
 * JSON with object keys sorted at every depth; `undefined` fields left out, as JSON does. Digests
 * already stored were made by the first version of this function (map, filter, join): this one
 * writes the same text for every value, array holes and non-JSON values included, only faster.
 */
export const canonicalJson = (value: unknown): string => {
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
      text += item === undefined ? 'null' : canonicalJson(item);
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
    text += canonicalJson(field);
    first = false;
  }
  return `${text}}`;
};
