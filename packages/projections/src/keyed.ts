/**
 * A persistent map for projection states: plain JSON (buckets of records), so it checkpoints as
 * text, and an update copies one bucket and the bucket index rather than every entry, so folding
 * N complaints' events costs about N·√N, not N².
 *
 * @example
 * const m = setKeyed(emptyKeyed<number>(), 'c-1', 1);
 * getKeyed(m, 'c-1'); // 1
 * keyedValues(m);     // [1]
 */

/** Entries grouped into buckets by a hash of their key. */
export type Keyed<V> = Readonly<Record<string, Readonly<Record<string, V>>>>;

const BUCKETS = 64;

// FNV-1a: stable across processes, so a saved state reads back into the same buckets
const bucketOf = (key: string): string => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % BUCKETS).toString(36);
};

/** An empty map. */
export const emptyKeyed = <V>(): Keyed<V> => ({});

/** The value under a key, if any. */
export const getKeyed = <V>(map: Keyed<V>, key: string): V | undefined => {
  const bucket = map[bucketOf(key)];
  return bucket !== undefined && Object.prototype.hasOwnProperty.call(bucket, key) ? bucket[key] : undefined;
};

/** A new map with the key set; the input is unchanged. */
export const setKeyed = <V>(map: Keyed<V>, key: string, value: V): Keyed<V> => {
  const b = bucketOf(key);
  return { ...map, [b]: { ...map[b], [key]: value } };
};

/** Every value, in no particular order. */
export const keyedValues = <V>(map: Keyed<V>): V[] => Object.values(map).flatMap((bucket) => Object.values(bucket));

/** Every key and value, in no particular order. */
export const keyedEntries = <V>(map: Keyed<V>): [string, V][] => Object.values(map).flatMap((bucket) => Object.entries(bucket));
