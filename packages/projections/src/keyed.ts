/**
 * A persistent map for projection states: plain JSON (a hash trie of small sorted leaves), so it
 * checkpoints as text, and an update copies one leaf and the few branches above it (a handful of
 * arrays of at most 32 slots), so folding N events costs about N·log N, whatever the number of keys.
 * Its shape depends only on the keys and values held, not on the order they were set in, so a map
 * built live, rebuilt or read back from a checkpoint is the same value.
 *
 * @example
 * const m = setKeyed(emptyKeyed<number>(), 'c-1', 1);
 * getKeyed(m, 'c-1'); // 1
 * keyedValues(m);     // [1]
 */

/** A leaf: keys in ascending order, and their values at the same index. */
export interface KeyedLeaf<V> {
  readonly k: readonly string[];
  readonly v: readonly V[];
}

/** A branch: 32 slots by the next five bits of the key's hash (`null`: nothing there). */
export interface KeyedBranch<V> {
  readonly b: readonly (KeyedLeaf<V> | KeyedBranch<V> | null)[];
}

/** Entries grouped by a hash of their key. */
export type Keyed<V> = KeyedLeaf<V> | KeyedBranch<V>;

const BITS = 5;
const SLOTS = 1 << BITS;
// a leaf splits into a branch past this many keys, until the hash's 32 bits are used up
const LEAF_MAX = 16;
const MAX_DEPTH = Math.ceil(32 / BITS);

// FNV-1a: stable across processes, so a saved state reads back into the same places
const hashOf = (key: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
};

const slotOf = (hash: number, depth: number): number => (hash >>> (depth * BITS)) & (SLOTS - 1);

const isBranch = <V>(node: Keyed<V>): node is KeyedBranch<V> => 'b' in node;

/** The index of `key` in sorted `keys`, or the bitwise complement of where it would go. */
const search = (keys: readonly string[], key: string): number => {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = keys[mid]!;
    if (at < key) lo = mid + 1;
    else if (at > key) hi = mid - 1;
    else return mid;
  }
  return ~lo;
};

const EMPTY: KeyedLeaf<never> = { k: [], v: [] };

/** An empty map. */
export const emptyKeyed = <V>(): Keyed<V> => EMPTY;

/** The value under a key, if any. */
export const getKeyed = <V>(map: Keyed<V>, key: string): V | undefined => {
  const hash = hashOf(key);
  let node: Keyed<V> | null = map;
  for (let depth = 0; node !== null && isBranch(node); depth += 1) node = node.b[slotOf(hash, depth)] ?? null;
  if (node === null) return undefined;
  const i = search(node.k, key);
  return i < 0 ? undefined : node.v[i];
};

/** A leaf grown past its size, spread over a branch by the next bits of each key's hash. */
const split = <V>(leaf: KeyedLeaf<V>, depth: number): KeyedBranch<V> => {
  const keys: string[][] = [];
  const values: V[][] = [];
  // keys stay in order within each slot, since they are taken in order
  leaf.k.forEach((key, i) => {
    const slot = slotOf(hashOf(key), depth);
    (keys[slot] ??= []).push(key);
    (values[slot] ??= []).push(leaf.v[i]!);
  });
  const b: (Keyed<V> | null)[] = [];
  for (let slot = 0; slot < SLOTS; slot += 1) {
    const k = keys[slot];
    b.push(k === undefined ? null : grown({ k, v: values[slot]! }, depth + 1));
  }
  return { b };
};

const grown = <V>(leaf: KeyedLeaf<V>, depth: number): Keyed<V> => (leaf.k.length > LEAF_MAX && depth < MAX_DEPTH ? split(leaf, depth) : leaf);

const setIn = <V>(node: Keyed<V> | null, hash: number, depth: number, key: string, value: V): Keyed<V> => {
  if (node === null) return { k: [key], v: [value] };
  if (isBranch(node)) {
    const slot = slotOf(hash, depth);
    const b = node.b.slice();
    b[slot] = setIn(node.b[slot] ?? null, hash, depth + 1, key, value);
    return { b };
  }
  const i = search(node.k, key);
  if (i >= 0) {
    if (Object.is(node.v[i], value)) return node;
    const v = node.v.slice();
    v[i] = value;
    return { k: node.k, v };
  }
  const at = ~i;
  const k = node.k.slice();
  const v = node.v.slice();
  k.splice(at, 0, key);
  v.splice(at, 0, value);
  return grown({ k, v }, depth);
};

/** The node of sorted keys (with their hashes and values) from `depth` down: the shape setKeyed gives the same keys. */
const built = <V>(keys: readonly string[], hashes: readonly number[], values: readonly V[], depth: number): Keyed<V> => {
  if (keys.length <= LEAF_MAX || depth >= MAX_DEPTH) return { k: keys, v: values };
  const slots: { k: string[]; h: number[]; v: V[] }[] = [];
  // keys stay in order within each slot, since they are taken in order
  for (let i = 0; i < keys.length; i += 1) {
    const slot = (slots[slotOf(hashes[i]!, depth)] ??= { k: [], h: [], v: [] });
    slot.k.push(keys[i]!);
    slot.h.push(hashes[i]!);
    slot.v.push(values[i]!);
  }
  const b: (Keyed<V> | null)[] = [];
  for (let slot = 0; slot < SLOTS; slot += 1) {
    const s = slots[slot];
    b.push(s === undefined ? null : built(s.k, s.h, s.v, depth + 1));
  }
  return { b };
};

/**
 * A map of the entries in one pass (the last value of a repeated key wins): the same value as
 * setting them one by one, without the copies each step makes (reading a saved state back).
 */
export const keyedOf = <V>(entries: Iterable<readonly [string, V]>): Keyed<V> => {
  const byKey = new Map<string, V>();
  for (const [key, value] of entries) byKey.set(key, value);
  if (byKey.size === 0) return EMPTY;
  // by UTF-16 code units, as `search` compares
  const keys = [...byKey.keys()].sort();
  return built(
    keys,
    keys.map(hashOf),
    keys.map((k) => byKey.get(k)!),
    0,
  );
};

/** A new map with the key set; the input is unchanged. */
export const setKeyed = <V>(map: Keyed<V>, key: string, value: V): Keyed<V> => setIn(map, hashOf(key), 0, key, value);

const eachEntry = <V>(node: Keyed<V> | null, visit: (key: string, value: V) => void): void => {
  if (node === null) return;
  if (isBranch(node)) for (const child of node.b) eachEntry(child, visit);
  else for (let i = 0; i < node.k.length; i += 1) visit(node.k[i]!, node.v[i]!);
};

/** Every value, in the map's own order (by hash, then key: the same for the same entries). */
export const keyedValues = <V>(map: Keyed<V>): V[] => {
  const values: V[] = [];
  eachEntry(map, (_key, value) => values.push(value));
  return values;
};

/** Every key and value, in the map's own order. */
export const keyedEntries = <V>(map: Keyed<V>): [string, V][] => {
  const entries: [string, V][] = [];
  eachEntry(map, (key, value) => entries.push([key, value]));
  return entries;
};

/** How many keys the map holds. */
export const keyedSize = <V>(map: Keyed<V>): number => (isBranch(map) ? map.b.reduce((n, child) => n + (child === null ? 0 : keyedSize(child)), 0) : map.k.length);
