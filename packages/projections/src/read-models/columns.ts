/**
 * Records saved column by column, as plain JSON: each column the list of its values, or, where
 * values repeat (a status, a month, a channel), the distinct values once and each record's index
 * into them. Saved read models hold tens of thousands of flat records that every report reads
 * back; column by column they are a fraction of the text and of the objects a parse allocates.
 * `unpackColumns` checks every value against its column's kind and gives the records back with
 * their keys in the columns' order.
 *
 * @example
 * const packed = packColumns(COLUMNS, rows); // { n: 2, status: { d: ['met'], i: [0, 0] }, complaintId: ['c-1', 'c-2'] }
 * unpackColumns(COLUMNS, packed, 'row'); // Right(rows)
 */
import * as E from 'fp-ts/lib/Either.js';

export type ColumnKind = 'text' | 'text?' | 'number' | 'number?' | 'flag';

/** The columns of a record type, in the order its records list their keys. */
export type Columns<A> = readonly (readonly [keyof A & string, ColumnKind])[];

const fits = (kind: ColumnKind, u: unknown): boolean => {
  switch (kind) {
    case 'text':
      return typeof u === 'string';
    case 'text?':
      return u === null || typeof u === 'string';
    case 'number':
      return typeof u === 'number';
    case 'number?':
      return u === null || typeof u === 'number';
    case 'flag':
      return typeof u === 'boolean';
  }
};

const described = (kind: ColumnKind): string => (kind.endsWith('?') ? `${kind.slice(0, -1)} or null` : kind);

/** Records as columns (plain JSON); `unpackColumns` reads exactly them back. */
export const packColumns = <A>(columns: Columns<A>, records: readonly A[]): unknown => {
  const packed: Record<string, unknown> = { n: records.length };
  for (const [key, kind] of columns) {
    const values = records.map((record) => record[key] as unknown);
    if (kind === 'text' || kind === 'text?' || kind === 'flag') {
      const distinct = new Map<unknown, number>();
      const index = values.map((value) => {
        let i = distinct.get(value);
        if (i === undefined) distinct.set(value, (i = distinct.size));
        return i;
      });
      // indexes pay only where values repeat
      if (distinct.size * 2 <= values.length) {
        packed[key] = { d: [...distinct.keys()], i: index };
        continue;
      }
    }
    packed[key] = values;
  }
  return packed;
};

const isIndex = (u: unknown, size: number): boolean => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u < size;

/** Builds the record at index `r` from the columns' lists of values. */
type RecordBuilder = (lists: readonly (readonly unknown[])[], r: number) => unknown;

/** Builds records by storing each key in turn: the way that works wherever code cannot be generated. */
export const keyByKeyBuilder =
  (keys: readonly string[]): RecordBuilder =>
  (lists, r) => {
    const record: Record<string, unknown> = {};
    for (let c = 0; c < keys.length; c++) record[keys[c]!] = lists[c]![r];
    return record;
  };

// Why generated: an object literal with the columns' keys written out builds records far faster
// in a fresh process than storing the keys one by one, whose stores stay slow until the optimiser
// has seen them (measured: 12,955 report rows of 28 fields, 6 ms against 100 ms), and a report
// reads its rows back once per process. The keys are the library's own column names, never input.
const literalBuilder = (keys: readonly string[]): RecordBuilder | undefined => {
  try {
    return new Function('lists', 'r', `return { ${keys.map((key, c) => `${JSON.stringify(key)}: lists[${c}][r]`).join(', ')} };`) as RecordBuilder;
  } catch {
    return undefined; // code generation refused (node --disallow-code-generation-from-strings)
  }
};

const builders = new WeakMap<Columns<unknown>, RecordBuilder>();

const builderOf = <A>(columns: Columns<A>): RecordBuilder => {
  let builder = builders.get(columns as Columns<unknown>);
  if (builder === undefined) {
    const keys = columns.map(([key]) => key);
    builder = literalBuilder(keys) ?? keyByKeyBuilder(keys);
    builders.set(columns as Columns<unknown>, builder);
  }
  return builder;
};

/**
 * The lists of values of `columns`, in their order, each checked against its column's kind; Left
 * naming the first column or value that is not as `packColumns` writes it.
 */
export const readColumns = <A>(columns: Columns<A>, packed: unknown, what: string): E.Either<string, unknown[][]> => {
  if (typeof packed !== 'object' || packed === null) return E.left(`${what} records: not saved as columns`);
  const saved = packed as Record<string, unknown>;
  const n = saved.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return E.left(`${what} records: no count`);
  // each column as one list of its values, checked once
  const lists: unknown[][] = [];
  for (const [key, kind] of columns) {
    const column = saved[key];
    if (Array.isArray(column)) {
      if (column.length !== n) return E.left(`${what} records: ${key} holds ${column.length} values, not ${n}`);
      for (let r = 0; r < n; r++) if (!fits(kind, column[r])) return E.left(`${what} ${r}: ${key} is not ${described(kind)}`);
      lists.push(column);
      continue;
    }
    const indexed = column as { d?: unknown; i?: unknown } | null | undefined;
    if (typeof indexed !== 'object' || indexed === null || !Array.isArray(indexed.d) || !Array.isArray(indexed.i) || indexed.i.length !== n) return E.left(`${what} records: ${key} is not saved as a column`);
    const distinct = indexed.d as unknown[];
    for (const value of distinct) if (!fits(kind, value)) return E.left(`${what} records: a value of ${key} is not ${described(kind)}`);
    const index = indexed.i as unknown[];
    const values = new Array<unknown>(n);
    for (let r = 0; r < n; r++) {
      if (!isIndex(index[r], distinct.length)) return E.left(`${what} ${r}: ${key} points at no value`);
      values[r] = distinct[index[r] as number];
    }
    lists.push(values);
  }
  return E.right(lists);
};

/** The records of `columns` from their lists of values (as `readColumns` gives them), keys in the columns' order. */
export const recordsOf = <A>(columns: Columns<A>, lists: readonly (readonly unknown[])[], build: RecordBuilder = builderOf(columns)): A[] => {
  const n = lists[0]?.length ?? 0;
  const records = new Array<A>(n);
  for (let r = 0; r < n; r++) records[r] = build(lists, r) as A;
  return records;
};

/** Records back from their columns; Left naming the first column or value that is not as `packColumns` writes it. */
export const unpackColumns = <A>(columns: Columns<A>, packed: unknown, what: string): E.Either<string, A[]> =>
  E.map((lists: unknown[][]) => recordsOf(columns, lists))(readColumns(columns, packed, what));
