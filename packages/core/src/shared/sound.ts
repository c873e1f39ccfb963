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

/**
 * An intersection whose members are all plain objects with fields of their own: the members, and
 * their keys together (the known ones). Undefined for any other, which is checked as a whole.
 */
const intersectionParts = (node: Node): { readonly members: readonly Node[]; readonly keys: readonly string[] } | undefined => {
  const members = (node.types ?? []).map((m) => objectOf(m as Node));
  if (members.length === 0 || members.some((m) => m === undefined)) return undefined;
  const keys: string[] = [];
  for (const m of members) {
    for (const key of Object.keys(m!.props ?? {})) {
      if (keys.includes(key)) return undefined;
      keys.push(key);
    }
  }
  return { members: members as Node[], keys };
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
      const parts = intersectionParts(node);
      if (parts === undefined) return fallback(node);
      const known = Object.fromEntries(parts.keys.map((key) => [key, true]));
      const checks = parts.members.map((m) => objectCheck(m, false));
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

/** The same check made of closures alone: what `soundCheck` uses where code cannot be generated. */
export const soundCheckByClosures = (codec: t.Any): Check => compile(codec as unknown as Node, true);

// Why generated: the closures above run one shared function for every object codec, so each field
// is read by a key that changes from call to call and each value checked through another closure;
// V8 can do neither quickly. Written out per codec (`u["complaintId"]`, `typeof v === "string"`),
// the check of a stored event took about a third of the time, and a reader runs it on every event.
// Each node becomes code that does what its closure does, in the same order, so the answers are
// the same (a property test holds the two equal); a node without one is called as its closure.

/** What generating one codec's check collects: the values its code refers to, and the functions it writes. */
interface Generation {
  readonly refs: unknown[];
  readonly functions: string[];
  readonly named: Map<Node, { strict?: string; loose?: string }>;
}

const refTo = (g: Generation, value: unknown): string => {
  g.refs.push(value);
  return `$${g.refs.length - 1}`;
};

/** A function named for `node` (once per node and strictness), whose body `write` gives. */
const functionFor = (g: Generation, node: Node, strict: boolean, write: () => string): string => {
  const names = g.named.get(node) ?? {};
  const known = strict ? names.strict : names.loose;
  if (known !== undefined) return known;
  const name = `f${g.functions.length}`;
  g.functions.push('');
  g.named.set(node, strict ? { ...names, strict: name } : { ...names, loose: name });
  g.functions[Number(name.slice(1))] = `function ${name}(u) {\n${write()}\n}`;
  return name;
};

const keysCheck = (keys: readonly string[]): string =>
  `  for (const k in u) if (hasOwn(u, k)) switch (k) { ${keys.map((key) => `case ${JSON.stringify(key)}: `).join('')}break; default: return false; }`;

/** The statements checking an object codec's fields on `u` (a record), and its own keys when `strict`. */
const objectBody = (g: Generation, node: Node, strict: boolean): string => {
  const props = node.props ?? {};
  const keys = Object.keys(props);
  const partial = node._tag === 'PartialType';
  const lines = ['  if (u === null || typeof u !== "object" || Array.isArray(u)) return false;', '  let v;'];
  for (const key of keys) {
    const k = JSON.stringify(key);
    const check = expression(g, props[key] as Node, true, 'v');
    lines.push(`  v = u[${k}];`);
    lines.push(partial ? `  if (v !== undefined && !(${check})) return false;` : `  if ((v === undefined && !hasOwn(u, ${k})) || !(${check})) return false;`);
  }
  if (strict) lines.push(keysCheck(keys));
  lines.push('  return true;');
  return lines.join('\n');
};

const fallbackCall = (g: Generation, node: Node, variable: string): string => `${refTo(g, fallback(node))}(${variable})`;

/** A boolean expression: whether `variable` passes `node` (as `build(node, strict)` would answer). */
const expression = (g: Generation, node: Node, strict: boolean, variable: string): string => {
  switch (node._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return `${functionFor(g, node, strict, () => objectBody(g, node, strict))}(${variable})`;
    case 'ExactType':
    case 'StrictType':
    case 'ReadonlyType':
      return node.type === undefined ? fallbackCall(g, node, variable) : expression(g, node.type, strict, variable);
    case 'RefinementType':
      if (node.type === undefined || node.predicate === undefined) return fallbackCall(g, node, variable);
      return `(${expression(g, node.type, strict, variable)} && ${refTo(g, node.predicate)}(${variable}))`;
    case 'IntersectionType': {
      const parts = intersectionParts(node);
      if (parts === undefined) return fallbackCall(g, node, variable);
      const name = functionFor(g, node, strict, () =>
        [
          ...parts.members.map((m) => `  if (!${functionFor(g, m, false, () => objectBody(g, m, false))}(u)) return false;`),
          ...(strict ? [keysCheck(parts.keys)] : []),
          '  return true;',
        ].join('\n'),
      );
      return `${name}(${variable})`;
    }
    case 'ArrayType':
    case 'ReadonlyArrayType': {
      const item = node.type;
      if (item === undefined) return fallbackCall(g, node, variable);
      const name = functionFor(g, node, strict, () =>
        [
          '  if (!Array.isArray(u)) return false;',
          // `every` passes over holes
          `  for (let i = 0; i < u.length; i++) { if (!(i in u)) continue; const v = u[i]; if (!(${expression(g, item, true, 'v')})) return false; }`,
          '  return true;',
        ].join('\n'),
      );
      return `${name}(${variable})`;
    }
    case 'UnionType': {
      const members = (node.types ?? []) as readonly Node[];
      const name = functionFor(g, node, strict, () =>
        [...members.map((m) => `  if (${refTo(g, m)}.is(u)) return ${expression(g, m, true, 'u')};`), '  return false;'].join('\n'),
      );
      return `${name}(${variable})`;
    }
    case 'LiteralType':
      return typeof node.value === 'string' ? `${variable} === ${JSON.stringify(node.value)}` : `${variable} === ${refTo(g, node.value)}`;
    case 'KeyofType':
      return `(typeof ${variable} === "string" && hasOwn(${refTo(g, node.keys ?? {})}, ${variable}))`;
    case 'StringType':
      return `typeof ${variable} === "string"`;
    case 'NumberType':
      return `typeof ${variable} === "number"`;
    case 'BooleanType':
      return `typeof ${variable} === "boolean"`;
    case 'NullType':
      return `${variable} === null`;
    case 'UndefinedType':
      return `${variable} === undefined`;
    case 'UnknownType':
    case 'AnyType':
      return 'true';
    default:
      return fallbackCall(g, node, variable);
  }
};

/** The check of `codec` as generated code, or undefined where code generation is refused. */
export const generatedSoundCheck = (codec: t.Any): Check | undefined => {
  const g: Generation = { refs: [], functions: [], named: new Map() };
  const root = expression(g, codec as unknown as Node, true, 'v');
  const source = [
    '"use strict";',
    ...g.refs.map((_, i) => `const $${i} = refs[${i}];`),
    ...g.functions,
    `return function sound(v) { return ${root}; };`,
  ].join('\n');
  try {
    return new Function('hasOwn', 'refs', source)(hasOwn, g.refs) as Check;
  } catch {
    return undefined; // code generation refused (node --disallow-code-generation-from-strings)
  }
};

const made = new WeakMap<t.Any, Check>();

/** `codec.is(value) && hasOnlyKnownFields(codec)(value)`, made once per codec: generated code, else closures. */
export const soundCheck = (codec: t.Any): Check => {
  let check = made.get(codec);
  if (check === undefined) {
    check = generatedSoundCheck(codec) ?? soundCheckByClosures(codec);
    made.set(codec, check);
  }
  return check;
};
