/**
 * Fields an io-ts codec does not know, at any depth. io-ts's `t.type` lets unknown fields
 * through and `t.exact` drops them silently; at the command boundary both are wrong: an
 * unknown field (`actor.password`) would be stored for ever, and a typo (`complainant.emial`)
 * would lose what the caller meant. This walks the codec beside the input and names each one.
 *
 * @example
 * unknownFields(Actor)({ id: 'u-1', role: 'staff', password: 'x' });
 * // [{ path: 'password', message: 'unknown field (Actor has: id, role)' }]
 */
import type * as t from 'io-ts';
import type { Problem } from './errors.js';

/** The parts of an io-ts codec that combinators expose at run time: what a walk over a codec reads. */
export interface CodecNode {
  readonly _tag?: string;
  readonly name: string;
  readonly props?: Readonly<Record<string, CodecNode>>;
  readonly type?: CodecNode;
  readonly types?: readonly CodecNode[];
  /** KeyofType's keys, LiteralType's value. */
  readonly keys?: Readonly<Record<string, unknown>>;
  readonly value?: unknown;
  readonly is: (u: unknown) => boolean;
}
type Node = CodecNode;

const WRAPPERS = new Set(['ExactType', 'RefinementType', 'ReadonlyType', 'StrictType']);
const OBJECTS = new Set(['InterfaceType', 'PartialType', 'StrictType']);

// codecs are built once and never change: their fields are worked out once each (every command decoded walks them)
const knownProps = new WeakMap<Node, Record<string, Node> | null>();

/** The fields an object codec knows, through exact, readonly, refinement and intersection wrappers. */
const propsOf = (node: Node): Record<string, Node> | undefined => {
  let props = knownProps.get(node);
  if (props === undefined) {
    props = collectProps(node) ?? null;
    knownProps.set(node, props);
  }
  return props ?? undefined;
};

const collectProps = (node: Node): Record<string, Node> | undefined => {
  if (OBJECTS.has(node._tag ?? '')) return { ...node.props };
  if (node._tag === 'IntersectionType') {
    const all: Record<string, Node> = {};
    for (const member of node.types ?? []) {
      const props = propsOf(member);
      if (props === undefined) return undefined;
      for (const [key, codec] of Object.entries(props)) all[key] ??= codec;
    }
    return all;
  }
  if (WRAPPERS.has(node._tag ?? '') && node.type !== undefined) return propsOf(node.type);
  return undefined;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** What a field's name looks like: a key that does not (`Jane Doe`, `jane@example.org`) may be data sent in the wrong place. */
const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;

export interface UnknownFieldOptions {
  /**
   * Objects (by path; `''` is the input) whose unknown keys are named only when they look like a
   * field name (`emial`): another key is reported at the object's path, unnamed, since it may be
   * personal data sent as a key (`{ "complainant": { "Jane Doe": ... } }`).
   */
  readonly withholdOddNamesAt?: (path: string) => boolean;
}

const walk = (node: Node, value: unknown, path: string, out: Problem[], options: UnknownFieldOptions): void => {
  const props = propsOf(node);
  if (props !== undefined) {
    if (!isPlainObject(value)) return;
    for (const key of Object.keys(value)) {
      const codec = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      if (codec === undefined) {
        // worked out only for an unknown field: a sound command has none
        const has = `${node.name.startsWith('{') ? 'known' : node.name} has: ${Object.keys(props).join(', ')}`;
        out.push(
          !FIELD_NAME.test(key) && options.withholdOddNamesAt?.(path) === true
            ? { path, message: `unknown field, whose name is not shown: it is not a field name (${has})` }
            : { path: join(path, key), message: `unknown field (${has})` },
        );
      } else if (value[key] !== undefined) walk(codec, value[key], join(path, key), out, options);
    }
    return;
  }
  switch (node._tag) {
    case 'ArrayType':
    case 'ReadonlyArrayType':
      if (Array.isArray(value) && node.type !== undefined) value.forEach((item, i) => walk(node.type!, item, join(path, String(i)), out, options));
      return;
    case 'UnionType': {
      // the member the value belongs to decides which fields are known
      const member = node.types?.find((m) => m.is(value));
      if (member !== undefined) walk(member, value, path, out, options);
      return;
    }
    default:
      if (WRAPPERS.has(node._tag ?? '') && node.type !== undefined) walk(node.type, value, path, out, options);
  }
};

/** Every field of `input`, at any depth, that `codec` does not define, with its dotted path. */
export const unknownFields =
  (codec: t.Any, options: UnknownFieldOptions = {}) =>
  (input: unknown): Problem[] => {
    const out: Problem[] = [];
    walk(codec as unknown as Node, input, '', out, options);
    return out;
  };

// Each object codec's known fields, worked out once: the check below runs for every stored event read.
const knownFieldsCache = new WeakMap<Node, Record<string, Node> | null>();
const knownFieldsOf = (node: Node): Record<string, Node> | null => {
  let known = knownFieldsCache.get(node);
  if (known === undefined) {
    known = propsOf(node) ?? null;
    knownFieldsCache.set(node, known);
  }
  return known;
};

const onlyKnown = (node: Node, value: unknown): boolean => {
  const props = knownFieldsOf(node);
  if (props !== null) {
    if (!isPlainObject(value)) return true;
    for (const key of Object.keys(value)) {
      const codec = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      if (codec === undefined) return false;
      const field = value[key];
      if (field !== undefined && !onlyKnown(codec, field)) return false;
    }
    return true;
  }
  switch (node._tag) {
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return !Array.isArray(value) || node.type === undefined || value.every((item) => onlyKnown(node.type!, item));
    case 'UnionType': {
      const member = node.types?.find((m) => m.is(value));
      return member === undefined || onlyKnown(member, value);
    }
    default:
      return WRAPPERS.has(node._tag ?? '') && node.type !== undefined ? onlyKnown(node.type, value) : true;
  }
};

/**
 * Whether `input` has no field, at any depth, that `codec` does not define: `unknownFields` as a
 * yes or no, without building the list. With `codec.is(input)`, it means decoding would return
 * `input` unchanged (exact codecs only strip unknown fields), which lets a reader skip the decode.
 */
export const hasOnlyKnownFields =
  (codec: t.Any) =>
  (input: unknown): boolean =>
    onlyKnown(codec as unknown as Node, input);
