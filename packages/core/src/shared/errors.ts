/**
 * Turns io-ts validation errors into a flat list of problems, each naming its path.
 *
 * @example
 * pipe(Command.decode(json), E.mapLeft(validationProblems))
 * // Left([{ path: 'complainant.relationship', message: 'expected "member" | "delegate" | "other", got "friend"' }])
 */
import type * as t from 'io-ts';

export interface Problem {
  /** Dotted path into the input (`actions.0.owner`); `` for the whole input. */
  readonly path: string;
  readonly message: string;
}

/** A short, never-throwing rendering of a value for an error message. */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const text = JSON.stringify(value) ?? typeof value;
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    // Values JSON cannot render (a bigint inside, a cycle) and may not even convert to a string.
    return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
  }
};

/** What kind of value was found, without the value itself. */
export const kindOf = (value: unknown): string =>
  value === undefined ? 'nothing' : value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

/**
 * What kind of value was found and, for a text, its length, without the value itself: for values
 * that may be personal data (`a string of 3 characters`: enough to see a blank one was sent).
 */
export const kindAndSizeOf = (value: unknown): string =>
  typeof value === 'string' ? `a string of ${value.length} character${value.length === 1 ? '' : 's'}` : Array.isArray(value) ? `an array of ${value.length} item${value.length === 1 ? '' : 's'}` : kindOf(value);

const pathOf = (error: t.ValidationError): string =>
  error.context
    .map((c) => c.key)
    // union and intersection members add numeric keys of their own; an empty key is the root
    .filter((key, i) => key !== '' && !(i > 0 && /^\d+$/.test(key) && isUnionMember(error, i)))
    .join('.');

const COMBINATORS = new Set(['UnionType', 'IntersectionType']);

/** Whether the key at `index` names a member of a union or intersection, not a field of the input. */
const isUnionMember = (error: t.ValidationError, index: number): boolean => {
  const parent = error.context[index - 1]?.type as { _tag?: string; type?: { _tag?: string } } | undefined;
  // t.exact(t.intersection(...)) validates its inner codec under its own context entry.
  return COMBINATORS.has(parent?._tag ?? '') || (parent?._tag === 'ExactType' && COMBINATORS.has(parent.type?._tag ?? ''));
};

export interface ProblemOptions {
  /**
   * Whether messages quote the value found (`got "friend"`). Input a caller just sent may be
   * echoed back to them; stored values may be personal data, so problems with stored events
   * name the path and what was expected, never the value.
   */
  readonly showValues?: boolean;
  /**
   * Paths whose values are never quoted, whatever `showValues` says (personal data: the command
   * boundary passes its personal paths): the message names the kind and size found (`kindAndSizeOf`).
   */
  readonly withholdValueAt?: (path: string) => boolean;
}

/** Unions of a text and its object forms (personal/personal.ts): a value that is no object is named against the text alone. */
const TEXT_FIRST_UNIONS = new Set(['Personal', 'PersonalText']);

/** Whether an error is an object form's complaint about a value that is not an object at all (noise beside the text's own). */
const isObjectFormNoise = (error: t.ValidationError): boolean =>
  error.context.some((entry, i) => {
    if ((entry.type as { _tag?: string })._tag !== 'UnionType' || !TEXT_FIRST_UNIONS.has(entry.type.name)) return false;
    const member = error.context[i + 1]?.key;
    return member !== undefined && member !== '0' && (typeof entry.actual !== 'object' || entry.actual === null);
  });

/** Every problem io-ts found, deduplicated, each with its path and what was expected there. */
export const validationProblems = (errors: t.Errors, options: ProblemOptions = {}): Problem[] => {
  const showValues = options.showValues ?? true;
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors) {
    if (isObjectFormNoise(error)) continue;
    const path = pathOf(error);
    const expected = error.message ?? `expected ${error.context[error.context.length - 1]?.type.name ?? 'a value'}`;
    const found = !showValues ? kindOf(error.value) : options.withholdValueAt?.(path) === true ? kindAndSizeOf(error.value) : describeValue(error.value);
    const message = error.message ?? `${expected}, got ${found}`;
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ path, message });
    }
  }
  return problems;
};

/** One line per problem: `path: message`. */
export const formatProblems = (problems: readonly Problem[]): string =>
  problems.map((p) => `${p.path === '' ? '(input)' : p.path}: ${p.message}`).join('; ');
