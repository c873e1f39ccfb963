/**
 * Whether decoding a value with an io-ts codec would hand it back unchanged: `codec.is(value)`
 * and no field the codec does not define, at any depth (strict.ts's `hasOnlyKnownFields`), in one
 * pass. Each codec is compiled once into plain closures that do what io-ts's `is` does, node by
 * node (a record and its fields, a refinement's predicate, a union's first matching member), and
 * look at each object's keys in the same walk. A reader runs it on every stored event it decodes;
 * a node it does not know is checked as `is` and `hasOnlyKnownFields` check it, so the answer is
 * always theirs (a property test holds the two equal).
 *
 * @example
 * const sound = soundCheck(eventCodecs.ComplaintAcknowledged);
 * sound({ type: 'ComplaintAcknowledged', data: { ... } }); // true: decode would return it as it is
 */
import type * as t from 'io-ts';
import { hasOnlyKnownFields, type CodecNode } from './strict.js';

type Check = (value: unknown) => boolean;

interface Node extends CodecNode {
  readonly predicate?: (value: unknown) => boolean;
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** io-ts's `UnknownRecord.is` (2.2): any object but an array. */
const isRecord = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === 'object' && !Array.isArray(u);

/** Whether every key of `u` is one of `known`. */
const onlyKeys = (u: Record<string, unknown>, known: Readonly<Record<string, unknown>>): boolean => {
  for (const key in u) if (hasOwn(u, key) && !hasOwn(known, key)) return false;
  return true;
};

const fallback = (node: Node): Check => {
  const known = hasOnlyKnownFields(node as unknown as t.Any);
  return (u) => node.is(u) && known(u);
};

const OBJECTS = new Set(['InterfaceType', 'PartialType']);
const WRAPPERS = new Set(['ExactType', 'StrictType', 'ReadonlyType']);

/** The fields of an object codec through exact and readonly wrappers (not refinements: their predicate must run). */
const objectOf = (node: Node): Node | undefined =>
  OBJECTS.has(node._tag ?? '') ? node : WRAPPERS.has(node._tag ?? '') && node.type !== undefined ? objectOf(node.type) : undefined;

/** An object codec's check: io-ts's `is` over its fields (each compiled strict), and, when `strict`, no key it does not define. */
const objectCheck = (node: Node, strict: boolean): Check => {
  const props = node.props ?? {};
  const keys = Object.keys(props);
  const checks = keys.map((key) => compile(props[key] as Node, true));
  const partial = node._tag === 'PartialType';
  return (u) => {
    if (!isRecord(u)) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const field = u[key];
      if (partial) {
        if (field !== undefined && !checks[i]!(field)) return false;
      } else if ((field === undefined && !hasOwn(u, key)) || !checks[i]!(field)) return false;
    }
    return !strict || onlyKeys(u, props);
  };
};

const compiled = new WeakMap<Node, Check>();

/** The check of a node; `strict` says whether its own keys are checked (an intersection checks its members' together). */
const compile = (node: Node, strict: boolean): Check => {
  if (strict) {
    const known = compiled.get(node);
    if (known !== undefined) return known;
  }
  const made = build(node, strict);
  if (strict) compiled.set(node, made);
  return made;
};

const build = (node: Node, strict: boolean): Check => {
  switch (node._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return objectCheck(node, strict);
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
      return node.type === undefined ? fallback(node) : compile(node.type, strict);
    case 'RefinementType': {
      if (node.type === undefined || node.predicate === undefined) return fallback(node);
      const inner = compile(node.type, strict);
      const predicate = node.predicate;
      return (u) => inner(u) && predicate(u);
    }
    case 'IntersectionType': {
      const members = (node.types ?? []).map((m) => objectOf(m as Node));
      // members that are all plain objects with fields of their own: their keys together are the known ones
      if (members.length === 0 || members.some((m) => m === undefined)) return fallback(node);
      const known: Record<string, unknown> = {};
      for (const m of members) {
        for (const key of Object.keys(m!.props ?? {})) {
          if (hasOwn(known, key)) return fallback(node);
          known[key] = true;
        }
      }
      const checks = members.map((m) => objectCheck(m!, false));
      return (u) => {
        for (const check of checks) if (!check(u)) return false;
        return !strict || onlyKeys(u as Record<string, unknown>, known);
      };
    }
    case 'ArrayType':
    case 'ReadonlyArrayType': {
      if (node.type === undefined) return fallback(node);
      const item = compile(node.type, true);
      return (u) => Array.isArray(u) && u.every(item);
    }
    case 'UnionType': {
      const members = (node.types ?? []) as readonly Node[];
      const checks = members.map((m) => compile(m, true));
      // the first member the value is, as io-ts and hasOnlyKnownFields both take it
      return (u) => {
        for (let i = 0; i < members.length; i++) if (members[i]!.is(u)) return checks[i]!(u);
        return false;
      };
    }
    case 'LiteralType': {
      const value = node.value;
      return (u) => u === value;
    }
    case 'KeyofType': {
      const keys = node.keys ?? {};
      return (u) => typeof u === 'string' && hasOwn(keys, u);
    }
    case 'StringType':
      return (u) => typeof u === 'string';
    case 'NumberType':
      return (u) => typeof u === 'number';
    case 'BooleanType':
      return (u) => typeof u === 'boolean';
    case 'NullType':
      return (u) => u === null;
    case 'UndefinedType':
      return (u) => u === undefined;
    case 'UnknownType':
    case 'AnyType':
      return () => true;
    default:
      return fallback(node);
  }
};

/** `codec.is(value) && hasOnlyKnownFields(codec)(value)`, compiled once per codec. */
export const soundCheck = (codec: t.Any): Check => compile(codec as unknown as Node, true);
