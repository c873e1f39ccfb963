/**
 * Where a text stops being JSON, as a character offset, and nothing else. V8's `JSON.parse`
 * messages quote the text (`Unexpected token 'J', "Jane Doe, 12 ..." is not valid JSON`), and an
 * input line can hold personal data (C5): `exec` answers with the offset alone. V8 gives an offset
 * for most mistakes; for the rest this scanner finds it, by RFC 8259, without recursion (a line
 * of a million `[` does not overflow the stack).
 *
 * @example
 * jsonErrorOffset('{"name": Jane}'); // 9
 * jsonErrorOffset('{"name": "Jane"}'); // undefined: it is JSON
 */

class NotJson {
  constructor(readonly at: number) {}
}

const isWhitespace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'].map((s) => s.charCodeAt(0)));

/** The offset (0-based, in UTF-16 code units, as `JSON.parse` counts) of the first character that makes `text` not JSON; `undefined` when it is JSON. */
export const jsonErrorOffset = (text: string): number | undefined => {
  const n = text.length;
  let i = 0;
  const fail = (at = i): never => {
    throw new NotJson(at);
  };
  const code = (): number => (i < n ? text.charCodeAt(i) : -1);
  const skipWhitespace = (): void => {
    while (i < n && isWhitespace(text.charCodeAt(i))) i += 1;
  };
  const expect = (c: string): void => {
    if (code() !== c.charCodeAt(0)) fail();
    i += 1;
  };
  const string = (): void => {
    expect('"');
    for (;;) {
      const c = code();
      if (c === -1 || c < 0x20) fail();
      i += 1;
      if (c === 0x22) return;
      if (c === 0x5c) {
        const e = code();
        if (ESCAPES.has(e)) i += 1;
        else if (e === 0x75) {
          i += 1;
          for (let k = 0; k < 4; k += 1) {
            if (!isHex(code())) fail();
            i += 1;
          }
        } else fail();
      }
    }
  };
  const digits = (): void => {
    if (!isDigit(code())) fail();
    while (isDigit(code())) i += 1;
  };
  const number = (): void => {
    if (code() === 0x2d) i += 1;
    if (code() === 0x30) i += 1;
    else digits();
    if (code() === 0x2e) {
      i += 1;
      digits();
    }
    if (code() === 0x65 || code() === 0x45) {
      i += 1;
      if (code() === 0x2b || code() === 0x2d) i += 1;
      digits();
    }
  };
  const literal = (word: string): void => {
    for (const ch of word) expect(ch);
  };
  /** A member's key and its colon. */
  const key = (): void => {
    skipWhitespace();
    string();
    skipWhitespace();
    expect(':');
  };

  const open: number[] = [];
  try {
    for (;;) {
      // a value starts here
      skipWhitespace();
      const c = code();
      if (c === 0x7b || c === 0x5b) {
        i += 1;
        skipWhitespace();
        const close = c === 0x7b ? 0x7d : 0x5d;
        if (code() !== close) {
          open.push(close);
          if (c === 0x7b) key();
          continue;
        }
        i += 1;
      } else if (c === 0x22) string();
      else if (c === 0x2d || isDigit(c)) number();
      else if (c === 0x74) literal('true');
      else if (c === 0x66) literal('false');
      else if (c === 0x6e) literal('null');
      else fail();
      // after a value: close what it ends, or go on to the next one
      let next = false;
      while (!next) {
        skipWhitespace();
        const close = open[open.length - 1];
        if (close === undefined) return i < n ? i : undefined;
        if (code() === 0x2c) {
          i += 1;
          if (close === 0x7d) key();
          next = true;
        } else if (code() === close) {
          i += 1;
          open.pop();
        } else fail();
      }
    }
  } catch (error) {
    if (error instanceof NotJson) return error.at;
    throw error;
  }
};
