/**
 * The lines of `exec`'s input, read as bytes with a ceiling on each line, so that no input (a
 * 1 GB line, `/dev/zero`, a binary file) can make the process hold more than one line's worth.
 * Each line is decoded as strict UTF-8: bytes that are not UTF-8 are named, never replaced.
 * A line over the limit ends the input: what follows cannot be trusted to start a line.
 *
 * @example
 * for await (const line of inputLines(stream, 1_048_576)) {
 *   if (line.kind === 'text') handle(line.text);
 * }
 */
export type InputLine =
  | { readonly kind: 'text'; readonly number: number; readonly text: string }
  | { readonly kind: 'not-utf8'; readonly number: number }
  | { readonly kind: 'too-long'; readonly number: number; readonly limit: number };

/** The default ceiling on one input line: 1 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;

/** Yields each line (without its `\n` or `\r\n`), numbered from 1; stops after a line over `maxLineBytes`. */
export async function* inputLines(input: AsyncIterable<Buffer | string>, maxLineBytes: number = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;

  const finish = (bytes: Buffer): InputLine => {
    number += 1;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end -= 1;
    // a byte-order mark may open the input; it is not part of the first command
    const start = number === 1 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    try {
      return { kind: 'text', number, text: decoder.decode(bytes.subarray(start, end)) };
    } catch {
      return { kind: 'not-utf8', number };
    }
  };

  for await (const chunk of input) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (;;) {
      const newline = bytes.indexOf(NEWLINE);
      const piece = newline < 0 ? bytes : bytes.subarray(0, newline);
      if (pendingBytes + piece.length > maxLineBytes) {
        yield { kind: 'too-long', number: number + 1, limit: maxLineBytes };
        return;
      }
      if (newline < 0) {
        if (piece.length > 0) {
          pending.push(piece);
          pendingBytes += piece.length;
        }
        break;
      }
      const line = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      yield finish(line);
      bytes = bytes.subarray(newline + 1);
    }
  }
  if (pendingBytes > 0) yield finish(Buffer.concat(pending));
}
