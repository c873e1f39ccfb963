/**
 * Size limits on input, so that no command can store a megabyte id or a ten-megabyte field in
 * an append-only log. Identifiers (`complaintId`, `commandId`, `actor.id`, ...) are short and
 * free of control characters (they name streams, appear in file names and terminals); text
 * fields have a generous ceiling; lists have a length; the whole command a total. Every string
 * must be well-formed Unicode.
 * The defaults are documented in docs/hostile-input.md; callers may raise them.
 *
 * @example
 * limitProblems(DEFAULT_INPUT_LIMITS)({ complaintId: 'c\u0000' });
 * // [{ path: 'complaintId', message: 'an identifier may not contain control characters' }]
 */
import type { Problem } from './errors.js';

export interface InputLimits {
  /** Characters in an identifier. */
  readonly maxIdLength: number;
  /** Characters in any other text field. */
  readonly maxTextLength: number;
  /** Items in a list (a response's actions). */
  readonly maxItems: number;
  /** Characters across every text field of one command. */
  readonly maxTotalTextLength: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxIdLength: 128,
  maxTextLength: 20_000,
  maxItems: 200,
  maxTotalTextLength: 200_000,
};

/** Fields that identify something rather than describe it, by name, at any depth (`actor.id`, `actions.0.actionId`). */
export const IDENTIFIER_FIELDS: ReadonlySet<string> = new Set(['complaintId', 'commandId', 'correlationId', 'failureId', 'actionId', 'id', 'partyName', 'escalatesFrom']);

// C0 and C1 control characters, and DEL: invisible in terminals, hostile in file names and logs.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

// Half of a UTF-16 surrogate pair on its own: no character at all, and UTF-8 (gRPC, files, uuid) cannot carry it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every limit a decoded command breaks, with its path. */
export const limitProblems =
  (limits: InputLimits = DEFAULT_INPUT_LIMITS) =>
  (input: unknown): Problem[] => {
    const out: Problem[] = [];
    let total = 0;
    const walk = (value: unknown, path: string, key: string): void => {
      if (typeof value === 'string') {
        total += value.length;
        if (LONE_SURROGATE.test(value)) out.push({ path, message: 'text must be well-formed Unicode (it holds half of a surrogate pair)' });
        if (IDENTIFIER_FIELDS.has(key)) {
          if (value.length > limits.maxIdLength) out.push({ path, message: `an identifier may be at most ${limits.maxIdLength} characters, got ${value.length}` });
          if (CONTROL.test(value)) out.push({ path, message: 'an identifier may not contain control characters' });
        } else if (value.length > limits.maxTextLength) {
          out.push({ path, message: `text may be at most ${limits.maxTextLength} characters, got ${value.length}` });
        }
      } else if (Array.isArray(value)) {
        if (value.length > limits.maxItems) out.push({ path, message: `a list may hold at most ${limits.maxItems} items, got ${value.length}` });
        value.slice(0, limits.maxItems).forEach((item, i) => walk(item, path === '' ? String(i) : `${path}.${i}`, key));
      } else if (typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`, k);
      }
    };
    walk(input, '', '');
    if (total > limits.maxTotalTextLength) out.push({ path: '', message: `a command may hold at most ${limits.maxTotalTextLength} characters of text, got ${total}` });
    return out;
  };
